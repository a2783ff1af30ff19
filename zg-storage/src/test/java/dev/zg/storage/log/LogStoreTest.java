package dev.zg.storage.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.storage.merkle.FileHasher;
import dev.zg.storage.merkle.FileMerkleTree;
import dev.zg.storage.merkle.MerkleProof;
import dev.zg.storage.merkle.StorageSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log store on a real RocksDB folder. */
class LogStoreTest {
  private static final long UNLIMITED = 1L << 40;
  private static final Hash BLOCK = Hash.keccak(new byte[] {7});

  @TempDir
  Path dir;

  @Test
  void segmentsSurviveAReopenAndTheFileFinalizesWithItsLastSegment() throws IOException {
    File file = file(600_000, 1, 0);
    try (LogStore store = LogStore.open(dir, ShardConfig.ALL, UNLIMITED)) {
      store.appendBlocks(List.of(file.entry), List.of(), new BlockRef(5, BLOCK));
      assertThat(store.entryByRoot(file.tree.root())).contains(file.entry);
      assertThat(put(store, file, 0)).isEqualTo(LogStore.PutOutcome.STORED);
      assertThat(put(store, file, 0)).isEqualTo(LogStore.PutOutcome.DUPLICATE);
      assertThat(put(store, file, 1)).isEqualTo(LogStore.PutOutcome.STORED);
      assertThat(store.unfinalized()).containsExactly(0L);
    }
    try (LogStore store = LogStore.open(dir, ShardConfig.ALL, UNLIMITED)) {
      assertThat(store.nextBlock()).isEqualTo(6);
      assertThat(store.nextTxSeq()).isEqualTo(1);
      assertThat(store.progress(0).storedSegments()).isEqualTo(2);
      assertThat(store.usedBytes()).isEqualTo(2L * StorageSpec.SEGMENT_BYTES);
      assertThat(store.segment(0, 1).orElseThrow().data()).isEqualTo(file.upload(1));
      LogStore.SegmentBytes served = store.segmentBytes(0, 1).orElseThrow();
      assertThat(Arrays.copyOfRange(served.stored(), LogStore.SegmentBytes.DATA_OFFSET,
          served.stored().length)).isEqualTo(file.upload(1));
      assertThat(MerkleProof.fromBytes(served.proof(), 0))
          .isEqualTo(store.segment(0, 1).orElseThrow().proof());
      assertThat(store.missingSegments(file.entry, 10)).containsExactly(2L);
      assertThat(put(store, file, 2)).isEqualTo(LogStore.PutOutcome.STORED);
      assertThat(store.progress(0).finalized()).isTrue();
      assertThat(store.unfinalized()).isEmpty();
      assertThat(put(store, file, 2)).isEqualTo(LogStore.PutOutcome.ALREADY_FINALIZED);
    }
  }

  @Test
  void aSegmentCorruptedOnDiskIsDetectedDroppedAndCountedMissing() throws IOException {
    File file = file(600_000, 2, 0);
    try (LogStore store = LogStore.open(dir, ShardConfig.ALL, UNLIMITED)) {
      store.appendBlocks(List.of(file.entry), List.of(), new BlockRef(1, BLOCK));
      for (long i = 0; i < 3; i++) {
        put(store, file, i);
      }
      assertThat(store.progress(0).finalized()).isTrue();
      // Damage one byte of segment 1 underneath the store, as a bad disk would.
      byte[] key = Codec.segmentKey(0, 1);
      byte[] raw = store.kv().get(LogStore.SEGMENTS, key).orElseThrow();
      raw[1000] ^= 0x40;
      store.kv().put(LogStore.SEGMENTS, key, raw);

      assertThat(store.segmentBytes(0, 1)).isEmpty();
      assertThat(store.segment(0, 1)).isEmpty();
      assertThat(store.corruptSegmentsDetected()).isEqualTo(1);
      assertThat(store.progress(0).finalized()).isFalse();
      assertThat(store.missingSegments(file.entry, 10)).containsExactly(1L);
      assertThat(store.unfinalized()).containsExactly(0L);
      assertThat(store.segment(0, 0)).isPresent();
      // Fetched again, it is whole.
      assertThat(put(store, file, 1)).isEqualTo(LogStore.PutOutcome.STORED);
      assertThat(store.segment(0, 1).orElseThrow().data()).isEqualTo(file.upload(1));
      LogStore.SegmentBytes served = store.segmentBytes(0, 1).orElseThrow();
      assertThat(Arrays.copyOfRange(served.stored(), LogStore.SegmentBytes.DATA_OFFSET,
          served.stored().length)).isEqualTo(file.upload(1));
      assertThat(MerkleProof.fromBytes(served.proof(), 0))
          .isEqualTo(store.segment(0, 1).orElseThrow().proof());
      assertThat(store.progress(0).finalized()).isTrue();
    }
  }

  @Test
  void theDiskLimitRefusesASegmentThatDoesNotFit() throws IOException {
    File file = file(600_000, 3, 0);
    try (LogStore store = LogStore.open(dir, ShardConfig.ALL, StorageSpec.SEGMENT_BYTES + 100)) {
      store.appendBlocks(List.of(file.entry), List.of(), new BlockRef(1, BLOCK));
      put(store, file, 0);
      assertThatThrownBy(() -> put(store, file, 1)).isInstanceOf(StorageFullException.class)
          .hasMessageContaining("storage full");
      assertThat(store.progress(0).storedSegments()).isEqualTo(1);
      assertThat(store.segment(0, 1)).isEmpty();
    }
  }

  @Test
  void aShardedStoreKeepsOnlyItsSegmentsAndRemembersItsShard() throws IOException {
    // Starts at sector 1024·3, flow segment 3: file segments 0 and 2 are odd, 1 is even.
    File file = file(600_000, 4, 3 * 1024);
    ShardConfig odd = new ShardConfig(1, 2);
    try (LogStore store = LogStore.open(dir, odd, UNLIMITED)) {
      store.appendBlocks(List.of(file.entry), List.of(), new BlockRef(1, BLOCK));
      assertThat(file.entry.ownedSegments(odd)).isEqualTo(2);
      assertThat(store.missingSegments(file.entry, 10)).containsExactly(0L, 2L);
      assertThatThrownBy(() -> put(store, file, 1)).hasMessageContaining("not in shard 1/2");
      put(store, file, 0);
      put(store, file, 2);
      assertThat(store.progress(0).finalized()).isTrue();
    }
    assertThatThrownBy(() -> LogStore.open(dir, new ShardConfig(0, 2), UNLIMITED))
        .hasMessageContaining("holds shard 1/2");
    // A file with no segment in the shard is complete here at once.
    File small = file(1000, 5, 0);
    try (LogStore store = LogStore.open(dir, odd, UNLIMITED)) {
      LogEntry entry = withSeq(small.entry, 1);
      store.appendBlocks(List.of(entry), List.of(), new BlockRef(2, BLOCK));
      assertThat(store.progress(1).finalized()).isTrue();
    }
  }

  @Test
  void aRollbackRemovesTheEntriesOfAbandonedBlocksWithTheirSegments() throws IOException {
    File a = file(300_000, 6, 0);
    File b = file(300_000, 7, 2048);
    try (LogStore store = LogStore.open(dir, ShardConfig.ALL, UNLIMITED)) {
      LogEntry first = a.entry;
      LogEntry second = withBlock(withSeq(b.entry, 1), 9);
      store.appendBlocks(List.of(first), List.of(new BlockRef(5, BLOCK)), new BlockRef(8, BLOCK));
      store.appendBlocks(List.of(second), List.of(new BlockRef(9, BLOCK)),
          new BlockRef(12, BLOCK));
      store.putSegment(1, 0, b.upload(0), b.tree.segmentProof(0));
      assertThat(store.usedBytes()).isEqualTo(StorageSpec.SEGMENT_BYTES);

      assertThat(store.rollbackAfter(8)).containsExactly(second);
      assertThat(store.nextTxSeq()).isEqualTo(1);
      assertThat(store.nextBlock()).isEqualTo(9);
      assertThat(store.entry(1)).isEmpty();
      assertThat(store.txSeqsByRoot(b.tree.root())).isEmpty();
      assertThat(store.segment(1, 0)).isEmpty();
      assertThat(store.usedBytes()).isZero();
      assertThat(store.blockHash(9)).isEmpty();
      assertThat(store.lastBlock()).contains(new BlockRef(8, BLOCK));
      // A replay of an entry already kept is harmless; a conflicting one is an error.
      store.appendBlocks(List.of(first), List.of(), new BlockRef(9, BLOCK));
      assertThatThrownBy(() -> store.appendBlocks(List.of(withBlock(first, 3)), List.of(),
          new BlockRef(10, BLOCK))).hasMessageContaining("already");
    }
  }

  private record File(FileMerkleTree tree, byte[] data, LogEntry entry) {
    byte[] upload(long index) {
      int from = (int) index * StorageSpec.SEGMENT_BYTES;
      return Arrays.copyOfRange(data, from, from + tree.layout().segmentUploadBytes(index));
    }
  }

  private static LogStore.PutOutcome put(LogStore store, File file, long index) {
    return store.putSegment(file.entry.txSeq(), index, file.upload(index),
        file.tree.segmentProof(index));
  }

  private static File file(int size, long seed, long startEntry) throws IOException {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    FileMerkleTree tree = FileHasher.usingAllCores().tree(new ByteArrayInputStream(data), size);
    LogEntry entry = LogEntry.of(0, tree.submission(), startEntry, new byte[0], Address.ZERO, 5,
        BLOCK);
    return new File(tree, data, entry);
  }

  private static LogEntry withSeq(LogEntry e, long seq) {
    return new LogEntry(seq, e.root(), e.sizeBytes(), e.startEntry(), e.nodes(), e.tags(),
        e.sender(), e.blockNumber(), e.blockHash());
  }

  private static LogEntry withBlock(LogEntry e, long block) {
    return new LogEntry(e.txSeq(), e.root(), e.sizeBytes(), e.startEntry(), e.nodes(), e.tags(),
        e.sender(), block, e.blockHash());
  }
}
