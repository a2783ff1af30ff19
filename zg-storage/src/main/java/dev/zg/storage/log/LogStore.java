package dev.zg.storage.log;

import dev.zg.common.Hash;
import dev.zg.state.kv.Column;
import dev.zg.state.kv.Durability;
import dev.zg.state.kv.KeyRange;
import dev.zg.state.kv.KeyValueCursor;
import dev.zg.state.kv.KeyValueStore;
import dev.zg.state.kv.RocksConfig;
import dev.zg.state.kv.RocksKeyValueStore;
import dev.zg.state.kv.WriteBatch;
import dev.zg.storage.merkle.MerkleProof;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage node's log on RocksDB: the entries read from Flow, the segments uploaded or
 * synced for them (each with the proof it was accepted with and a CRC32C over its key and
 * bytes), which segments each entry has, and the chain follower's progress.
 *
 * <p>Every change is one atomic batch written through the write-ahead log before the call
 * returns, so an acknowledged segment survives kill -9 and a segment is never counted without
 * its bytes. A segment whose checksum fails on read is dropped and counted missing again (so
 * peer sync fetches it anew) instead of being served.
 *
 * <p>Columns: {@code entries} seq → entry; {@code roots} root‖seq → (); {@code progress} seq →
 * finalized‖count‖bitmap; {@code segments} seq‖index → crc‖data; {@code proofs} seq‖index →
 * proof; {@code blocks} number → hash; {@code meta} name → value. Writers serialize on one
 * lock; readers do not lock.
 */
public final class LogStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogStore.class);
  static final Column ENTRIES = new Column("entries");
  static final Column ROOTS = new Column("roots");
  static final Column PROGRESS = new Column("progress");
  static final Column SEGMENTS = new Column("segments");
  static final Column PROOFS = new Column("proofs");
  static final Column BLOCKS = new Column("blocks");
  static final Column META = new Column("meta");
  private static final byte[] SHARD_KEY = meta("shard");
  private static final byte[] USED_KEY = meta("usedBytes");
  private static final byte[] NEXT_BLOCK_KEY = meta("sync.nextBlock");
  private static final byte[] NEXT_SEQ_KEY = meta("nextTxSeq");
  /** Block hashes kept for reorg detection; deeper reorganizations are not undone. */
  public static final int REORG_DEPTH_MAX = 1000;

  private final KeyValueStore kv;
  private final ShardConfig shard;
  private final long maxDataBytes;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final TreeSet<Long> unfinalized = new TreeSet<>();
  private final AtomicLong corruptSegments = new AtomicLong();
  private volatile long usedBytes;
  private volatile long nextTxSeq;

  private LogStore(KeyValueStore kv, ShardConfig shard, long maxDataBytes) {
    this.kv = kv;
    this.shard = shard;
    this.maxDataBytes = maxDataBytes;
  }

  /**
   * Opens (creating if needed) the log in {@code folder}. A folder remembers the shard it was
   * created for: opening it with another shard fails, since its segments would be the wrong
   * ones. {@code maxDataBytes} bounds the segment bytes stored.
   */
  public static LogStore open(Path folder, ShardConfig shard, long maxDataBytes) {
    if (maxDataBytes < 1) {
      throw new IllegalArgumentException("the disk limit must be positive, got " + maxDataBytes);
    }
    RocksConfig config = RocksConfig.defaults().withBlockCacheBytes(64L << 20);
    KeyValueStore kv = RocksKeyValueStore.open(folder, config,
        List.of(ENTRIES, ROOTS, PROGRESS, SEGMENTS, PROOFS, BLOCKS, META));
    try {
      LogStore store = new LogStore(kv, shard, maxDataBytes);
      store.load(folder);
      return store;
    } catch (RuntimeException e) {
      kv.close();
      throw e;
    }
  }

  private void load(Path folder) {
    Optional<byte[]> saved = kv.get(META, SHARD_KEY);
    if (saved.isPresent()) {
      String was = new String(saved.get(), StandardCharsets.UTF_8);
      if (!was.equals(shard.toString())) {
        throw new IllegalStateException("the storage folder " + folder + " holds shard " + was
            + ", not " + shard + "; use another data folder for another shard");
      }
    } else {
      kv.put(META, SHARD_KEY, shard.toString().getBytes(StandardCharsets.UTF_8));
    }
    usedBytes = kv.get(META, USED_KEY).map(v -> Codec.getLong(v, 0)).orElse(0L);
    nextTxSeq = kv.get(META, NEXT_SEQ_KEY).map(v -> Codec.getLong(v, 0)).orElse(0L);
    try (KeyValueCursor cursor = kv.cursor(PROGRESS, KeyRange.all())) {
      while (cursor.next()) {
        if (cursor.value()[0] == 0) {
          unfinalized.add(Codec.getLong(cursor.key(), 0));
        }
      }
    }
  }

  public ShardConfig shard() {
    return shard;
  }

  public long maxDataBytes() {
    return maxDataBytes;
  }

  /** Segment bytes stored now. */
  public long usedBytes() {
    return usedBytes;
  }

  /** One more than the highest tx seq in the log (0 when empty). */
  public long nextTxSeq() {
    return nextTxSeq;
  }

  /** Segments whose checksum failed since the store was opened. */
  public long corruptSegmentsDetected() {
    return corruptSegments.get();
  }

  public Optional<LogEntry> entry(long txSeq) {
    return kv.get(ENTRIES, Codec.longKey(txSeq)).map(Codec::decodeEntry);
  }

  /** Tx seqs carrying {@code root}, ascending (a file may be submitted more than once). */
  public List<Long> txSeqsByRoot(Hash root) {
    List<Long> seqs = new ArrayList<>();
    try (KeyValueCursor cursor = kv.cursor(ROOTS, KeyRange.prefix(root.bytesUnsafe()))) {
      while (cursor.next()) {
        seqs.add(Codec.getLong(cursor.key(), 32));
      }
    }
    return seqs;
  }

  /**
   * The entry a root names: the first finalized one, else the first one (0G answers with one
   * tx per root the same way).
   */
  public Optional<LogEntry> entryByRoot(Hash root) {
    List<Long> seqs = txSeqsByRoot(root);
    for (long seq : seqs) {
      if (progress(seq).finalized()) {
        return entry(seq);
      }
    }
    return seqs.isEmpty() ? Optional.empty() : entry(seqs.get(0));
  }

  public FileProgress progress(long txSeq) {
    return kv.get(PROGRESS, Codec.longKey(txSeq)).map(FileProgress::decode)
        .orElse(FileProgress.empty());
  }

  /** Tx seqs not finalized yet, ascending (a snapshot). */
  public List<Long> unfinalized() {
    synchronized (unfinalized) {
      return List.copyOf(unfinalized);
    }
  }

  /** The file segments of {@code entry} this node keeps but does not have, ascending. */
  public List<Long> missingSegments(LogEntry entry, int max) {
    FileProgress progress = progress(entry.txSeq());
    List<Long> missing = new ArrayList<>();
    for (long i = 0; i < entry.dataSegments() && missing.size() < max; i++) {
      if (shard.covers(entry.globalSegment(i)) && !progress.has(i)) {
        missing.add(i);
      }
    }
    return missing;
  }

  // ---- the chain follower's side ----

  /** The next block the follower must read (0 for a new store). */
  public long nextBlock() {
    return kv.get(META, NEXT_BLOCK_KEY).map(v -> Codec.getLong(v, 0)).orElse(0L);
  }

  /** The remembered hash of block {@code number}, if the follower kept it. */
  public Optional<Hash> blockHash(long number) {
    return kv.get(BLOCKS, Codec.longKey(number)).map(Hash::adopt);
  }

  /** The highest block remembered, if any. */
  public Optional<BlockRef> lastBlock() {
    long next = nextBlock();
    for (long n = next - 1; n >= 0 && n >= next - REORG_DEPTH_MAX; n--) {
      Optional<Hash> hash = blockHash(n);
      if (hash.isPresent()) {
        return Optional.of(new BlockRef(n, hash.get()));
      }
    }
    return Optional.empty();
  }

  /**
   * Records that blocks up to {@code last} were read: their new entries (in tx seq order) and
   * the hashes of {@code seen} blocks, all in one atomic write. Entries already present with
   * the same contents are skipped, so a replay after a crash is harmless.
   */
  public void appendBlocks(List<LogEntry> entries, List<BlockRef> seen, BlockRef last) {
    writeLock.lock();
    try (WriteBatch batch = kv.newBatch()) {
      long next = nextTxSeq;
      List<Long> added = new ArrayList<>();
      for (LogEntry entry : entries) {
        Optional<LogEntry> existing = entry(entry.txSeq());
        if (existing.isPresent()) {
          if (!existing.get().equals(entry)) {
            throw new IllegalStateException("tx seq " + entry.txSeq() + " is already "
                + existing.get() + ", the chain now says " + entry);
          }
          continue;
        }
        if (entry.txSeq() < next) {
          throw new IllegalStateException("tx seq " + entry.txSeq() + " arrives after " + (next
              - 1) + "; the flow contract numbers submissions in order");
        }
        batch.put(ENTRIES, Codec.longKey(entry.txSeq()), Codec.encode(entry));
        batch.put(ROOTS, rootKey(entry.root(), entry.txSeq()), new byte[0]);
        // A file with nothing in this shard is complete here from the start.
        boolean done = entry.ownedSegments(shard) == 0;
        batch.put(PROGRESS, Codec.longKey(entry.txSeq()),
            new FileProgress(done, 0, new BitSet()).encode());
        if (!done) {
          added.add(entry.txSeq());
        }
        next = entry.txSeq() + 1;
      }
      for (BlockRef ref : seen) {
        batch.put(BLOCKS, Codec.longKey(ref.number()), ref.hash().toArray());
      }
      batch.put(BLOCKS, Codec.longKey(last.number()), last.hash().toArray());
      long forget = last.number() - REORG_DEPTH_MAX;
      if (forget >= 0) {
        try (KeyValueCursor old = kv.cursor(BLOCKS,
            KeyRange.between(Codec.longKey(0), Codec.longKey(forget)))) {
          while (old.next()) {
            batch.delete(BLOCKS, old.key());
          }
        }
      }
      batch.put(META, NEXT_BLOCK_KEY, Codec.longKey(last.number() + 1));
      batch.put(META, NEXT_SEQ_KEY, Codec.longKey(next));
      batch.commit(Durability.WAL);
      nextTxSeq = next;
      synchronized (unfinalized) {
        unfinalized.addAll(added);
      }
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Undoes everything read from blocks after {@code keep}: their entries with their segments,
   * and their block hashes. The follower calls it when the chain reorganized past {@code keep}.
   * Returns the entries removed.
   */
  public List<LogEntry> rollbackAfter(long keep) {
    writeLock.lock();
    try (WriteBatch batch = kv.newBatch()) {
      List<LogEntry> removed = new ArrayList<>();
      long next = nextTxSeq;
      long freed = 0;
      while (next > 0) {
        Optional<LogEntry> last = entry(next - 1);
        if (last.isEmpty() || last.get().blockNumber() <= keep) {
          break;
        }
        LogEntry e = last.get();
        removed.add(e);
        batch.delete(ENTRIES, Codec.longKey(e.txSeq()));
        batch.delete(ROOTS, rootKey(e.root(), e.txSeq()));
        batch.delete(PROGRESS, Codec.longKey(e.txSeq()));
        try (KeyValueCursor segs = kv.cursor(SEGMENTS, KeyRange.prefix(Codec.longKey(e.txSeq())))) {
          while (segs.next()) {
            freed += segs.value().length - 4;
            batch.delete(SEGMENTS, segs.key());
            batch.delete(PROOFS, segs.key());
          }
        }
        next--;
      }
      KeyRange after = KeyRange.startingAt(Codec.longKey(keep + 1));
      try (KeyValueCursor blocks = kv.cursor(BLOCKS, after)) {
        while (blocks.next()) {
          batch.delete(BLOCKS, blocks.key());
        }
      }
      long used = usedBytes - freed;
      batch.put(META, USED_KEY, Codec.longKey(used));
      batch.put(META, NEXT_SEQ_KEY, Codec.longKey(next));
      batch.put(META, NEXT_BLOCK_KEY, Codec.longKey(Math.min(nextBlock(), keep + 1)));
      batch.commit(Durability.WAL);
      usedBytes = used;
      nextTxSeq = next;
      synchronized (unfinalized) {
        removed.forEach(e -> unfinalized.remove(e.txSeq()));
      }
      return removed;
    } finally {
      writeLock.unlock();
    }
  }

  // ---- segments ----

  /** What {@link #putSegment} did. */
  public enum PutOutcome {
    /** Stored now (and written through the write-ahead log). */
    STORED,
    /** The segment was already there; nothing changed. */
    DUPLICATE,
    /** The whole file was already complete here; nothing changed. */
    ALREADY_FINALIZED
  }

  /**
   * Stores file segment {@code index} of entry {@code txSeq}. The caller has verified
   * {@code proof} against the entry's root; this method checks that the segment exists and
   * belongs to this node's shard, and refuses with {@link StorageFullException} past the disk
   * limit. The entry becomes finalized with its last missing segment.
   */
  public PutOutcome putSegment(long txSeq, long index, byte[] data, MerkleProof proof) {
    LogEntry entry = entry(txSeq).orElseThrow(
        () -> new IllegalArgumentException("no entry with tx seq " + txSeq));
    if (index < 0 || index >= entry.dataSegments()) {
      throw new IllegalArgumentException("segment " + index + " out of range for " + entry);
    }
    if (!shard.covers(entry.globalSegment(index))) {
      throw new IllegalArgumentException("segment " + index + " of tx " + txSeq
          + " is flow segment " + entry.globalSegment(index) + ", not in shard " + shard);
    }
    if (data.length != entry.layout().segmentUploadBytes(index)) {
      throw new IllegalArgumentException("segment " + index + " must be "
          + entry.layout().segmentUploadBytes(index) + " bytes, got " + data.length);
    }
    writeLock.lock();
    try {
      FileProgress progress = progress(txSeq);
      if (progress.finalized()) {
        return PutOutcome.ALREADY_FINALIZED;
      }
      if (progress.has(index)) {
        return PutOutcome.DUPLICATE;
      }
      if (usedBytes + data.length > maxDataBytes) {
        throw new StorageFullException("storage full: " + usedBytes + " of " + maxDataBytes
            + " bytes used, a segment of " + data.length + " bytes does not fit");
      }
      byte[] key = Codec.segmentKey(txSeq, index);
      BitSet bits = progress.stored();
      bits.set((int) index);
      long count = progress.storedSegments() + 1;
      boolean finalized = count == entry.ownedSegments(shard);
      long used = usedBytes + data.length;
      try (WriteBatch batch = kv.newBatch()) {
        batch.put(SEGMENTS, key, withChecksum(key, data));
        batch.put(PROOFS, key, Codec.encode(proof));
        batch.put(PROGRESS, Codec.longKey(txSeq),
            new FileProgress(finalized, count, bits).encode());
        batch.put(META, USED_KEY, Codec.longKey(used));
        batch.commit(Durability.WAL);
      }
      usedBytes = used;
      if (finalized) {
        synchronized (unfinalized) {
          unfinalized.remove(txSeq);
        }
        LOG.info("tx {} finalized ({} segments in shard {})", txSeq, count, shard);
      }
      return PutOutcome.STORED;
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Segment {@code index} of entry {@code txSeq} with its proof, if stored and intact. A
   * segment whose checksum fails is removed and counted missing, so it is fetched again.
   */
  public Optional<StoredSegment> segment(long txSeq, long index) {
    return segmentBytes(txSeq, index).map(s -> new StoredSegment(txSeq, index,
        Arrays.copyOfRange(s.stored(), SegmentBytes.DATA_OFFSET, s.stored().length),
        MerkleProof.fromBytes(s.proof(), 0)));
  }

  /**
   * As {@link #segment} without a copy or a decode: the stored value (the checksum, then the
   * data) and the proof's {@link MerkleProof#toBytes} form, for serving as they are.
   */
  public Optional<SegmentBytes> segmentBytes(long txSeq, long index) {
    byte[] key = Codec.segmentKey(txSeq, index);
    Optional<byte[]> raw = kv.get(SEGMENTS, key);
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    byte[] value = raw.get();
    Optional<byte[]> proof = kv.get(PROOFS, key);
    if (!checksumMatches(key, value) || proof.isEmpty()) {
      dropCorrupt(txSeq, index, key, Math.max(0, value.length - SegmentBytes.DATA_OFFSET));
      return Optional.empty();
    }
    return Optional.of(new SegmentBytes(value, proof.get()));
  }

  /**
   * A segment as the store holds it; {@code stored[DATA_OFFSET..]} is its data. The arrays are
   * the store's read results, not shared with anything else, and must not be modified.
   */
  public record SegmentBytes(byte[] stored, byte[] proof) {
    public static final int DATA_OFFSET = 4;

    public int dataLength() {
      return stored.length - DATA_OFFSET;
    }
  }

  private void dropCorrupt(long txSeq, long index, byte[] key, int length) {
    corruptSegments.incrementAndGet();
    LOG.warn("segment {} of tx {} failed its checksum: dropped, to be fetched again", index,
        txSeq);
    writeLock.lock();
    try (WriteBatch batch = kv.newBatch()) {
      FileProgress progress = progress(txSeq);
      if (!progress.has(index)) {
        return;
      }
      BitSet bits = progress.stored();
      bits.clear((int) index);
      long used = Math.max(0, usedBytes - length);
      batch.delete(SEGMENTS, key);
      batch.delete(PROOFS, key);
      batch.put(PROGRESS, Codec.longKey(txSeq),
          new FileProgress(false, progress.storedSegments() - 1, bits).encode());
      batch.put(META, USED_KEY, Codec.longKey(used));
      batch.commit(Durability.WAL);
      usedBytes = used;
      synchronized (unfinalized) {
        unfinalized.add(txSeq);
      }
    } finally {
      writeLock.unlock();
    }
  }

  /** Whether a segments-column value's checksum matches its key and data, read in place. */
  private static boolean checksumMatches(byte[] key, byte[] value) {
    if (value.length < SegmentBytes.DATA_OFFSET) {
      return false;
    }
    CRC32C crc = new CRC32C();
    crc.update(key);
    crc.update(value, SegmentBytes.DATA_OFFSET, value.length - SegmentBytes.DATA_OFFSET);
    int sum = (int) crc.getValue();
    return value[0] == (byte) (sum >>> 24) && value[1] == (byte) (sum >>> 16)
        && value[2] == (byte) (sum >>> 8) && value[3] == (byte) sum;
  }

  /** The CRC32C of key and data, then the data: what the segments column holds. */
  static byte[] withChecksum(byte[] key, byte[] data) {
    CRC32C crc = new CRC32C();
    crc.update(key);
    crc.update(data);
    int sum = (int) crc.getValue();
    byte[] out = new byte[4 + data.length];
    out[0] = (byte) (sum >>> 24);
    out[1] = (byte) (sum >>> 16);
    out[2] = (byte) (sum >>> 8);
    out[3] = (byte) sum;
    System.arraycopy(data, 0, out, 4, data.length);
    return out;
  }

  /** The raw key-value store, for tests that damage data underneath the checksums. */
  KeyValueStore kv() {
    return kv;
  }

  private static byte[] rootKey(Hash root, long txSeq) {
    byte[] key = new byte[40];
    System.arraycopy(root.bytesUnsafe(), 0, key, 0, 32);
    Codec.putLong(key, 32, txSeq);
    return key;
  }

  private static byte[] meta(String name) {
    return name.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    kv.close();
  }
}
