package dev.zg.storage.mine;

import static dev.zg.storage.merkle.StorageSpec.CHUNK_BYTES;
import static dev.zg.storage.merkle.StorageSpec.SEGMENT_BYTES;
import static dev.zg.storage.merkle.StorageSpec.SEGMENT_CHUNKS;

import dev.zg.common.Hash;
import dev.zg.storage.log.LogEntry;
import dev.zg.storage.log.LogStore;
import dev.zg.storage.log.ShardConfig;
import dev.zg.storage.log.StoredSegment;
import dev.zg.storage.rpc.FlowProofs;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * Mines PoRA answers over the segments a node stores (spec/storage.md §3): for each nonce,
 * the pad and recall position; the recalled flow segment is read from the {@link LogStore}
 * (only segments of this node's shard are ever recalled, by the shard mask), each of its 64
 * seals is sealed with the miner id and the digest of the epoch the data landed in, and the
 * first whose quality meets the target becomes an {@link Answer} with the Merkle proof of its
 * 16 sectors up to the context's flow root. Nothing here talks to the chain.
 */
public final class PoraMiner {
  /** Longest mining range the contract accepts per shard: 2^35 sectors. */
  public static final long RANGE_PER_SHARD_MAX = 1L << 35;
  private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64)
      .subtract(BigInteger.ONE);

  /** What PoraMine's current context asks for. */
  public record Task(byte[] contextDigest, byte[] subtaskDigest, Hash flowRoot, long flowLength,
      BigInteger poraTarget, byte[] minerId) {}

  /** PoraMine's {@code RecallRange}. */
  public record Range(long startPosition, long mineLength, long shardId, BigInteger shardMask) {
    public byte[] digest() {
      return Pora.rangeDigest(startPosition, mineLength, shardId, shardMask);
    }
  }

  /** PoraMine's {@code PoraAnswer}; {@code merkleProof} runs from the seal's subtree up. */
  public record Answer(byte[] contextDigest, byte[] nonce, byte[] minerId, Range range,
      long recallPosition, int sealOffset, byte[] sealedContextDigest, byte[] sealedData,
      List<Hash> merkleProof) {}

  private final LogStore store;

  public PoraMiner(LogStore store) {
    this.store = store;
  }

  /** The range this node mines: the whole aligned flow, its shard, shardMask = ~(numShard-1). */
  public Range range(long flowLength) {
    ShardConfig shard = store.shard();
    long aligned = flowLength / SEGMENT_CHUNKS * SEGMENT_CHUNKS;
    long length = Math.min(aligned, RANGE_PER_SHARD_MAX * shard.numShard());
    BigInteger mask = UINT64_MAX.subtract(BigInteger.valueOf(shard.numShard() - 1L));
    return new Range(0, length, shard.shardId(), mask);
  }

  /**
   * Tries {@code nonces} nonces from {@code nonceSource}; {@code sealDigest} gives, for a flow
   * sector, the context digest of the epoch it landed in. Empty when no nonce met the target,
   * the node's flow differs from the task's, or the recalled data is not all here.
   */
  public Optional<Answer> mine(Task task, LongFunction<byte[]> sealDigest, int nonces,
      Supplier<byte[]> nonceSource) {
    // The context's flow may be a prefix of this node's log (files came after it).
    Optional<FlowProofs> atContext = FlowProofs.atLength(store, task.flowLength());
    if (atContext.isEmpty() || !atContext.get().root().equals(task.flowRoot())) {
      return Optional.empty();
    }
    FlowProofs flow = atContext.get();
    Range range = range(task.flowLength());
    if (range.mineLength() < SEGMENT_CHUNKS) {
      return Optional.empty();
    }
    byte[] rangeDigest = range.digest();
    BigInteger bound = Pora.bound(task.poraTarget(), task.flowLength(),
        store.shard().numShard());
    for (int n = 0; n < nonces; n++) {
      byte[] nonce = nonceSource.get();
      Pora.Pad pad = Pora.pad(task.minerId(), nonce, task.subtaskDigest(), rangeDigest);
      long load = Pora.loadIndex(pad.recallSeed(), range.mineLength(), range.shardId(),
          range.shardMask());
      long segmentStart = range.startPosition() + SEGMENT_CHUNKS * load;
      byte[] segment = flowSegment(segmentStart / SEGMENT_CHUNKS);
      if (segment == null) {
        continue;
      }
      // Seal 0 of segment 0 holds the flow's raw leaf 0, which no seal proof can show.
      for (int offset = segmentStart == 0 ? 1 : 0; offset < Pora.SEALS_PER_SEGMENT; offset++) {
        long position = segmentStart + (long) Pora.SEAL_SECTORS * offset;
        byte[] data = java.util.Arrays.copyOfRange(segment, Pora.SEAL_BYTES * offset,
            Pora.SEAL_BYTES * (offset + 1));
        byte[] sealingDigest = sealDigest.apply(position);
        if (sealingDigest == null) {
          continue;
        }
        byte[] sealed = Pora.seal(data, task.minerId(), sealingDigest, position);
        if (Pora.quality(pad, offset, sealed).compareTo(bound) <= 0) {
          FlowProofs.Result proof = flow.prove(position, store);
          if (!(proof instanceof FlowProofs.Proof p)) {
            continue;
          }
          List<Hash> lemma = p.proof().lemma();
          List<Hash> fromSeal = new ArrayList<>(
              lemma.subList(1 + 4, lemma.size() - 1)); // siblings above the 16-sector subtree
          return Optional.of(new Answer(task.contextDigest(), nonce, task.minerId(), range,
              position, offset, sealingDigest, sealed, fromSeal));
        }
      }
    }
    return Optional.empty();
  }

  /** The 256 KiB of flow segment {@code g} from the stored entries, or null if any is missing. */
  byte[] flowSegment(long g) {
    long from = g * SEGMENT_CHUNKS;
    long to = from + SEGMENT_CHUNKS;
    byte[] out = new byte[SEGMENT_BYTES];
    for (long seq = 0; seq < store.nextTxSeq(); seq++) {
      Optional<LogEntry> entry = store.entry(seq);
      if (entry.isEmpty()) {
        break;
      }
      LogEntry e = entry.get();
      long start = e.startEntry();
      long end = start + e.layout().chunks();
      if (end <= from || start >= to) {
        continue;
      }
      // The file segment holding sector max(from, start).
      long first = Math.max(from, start) - start;
      long index = first / SEGMENT_CHUNKS;
      Optional<StoredSegment> stored = store.segment(e.txSeq(), index);
      if (stored.isEmpty()) {
        return null;
      }
      byte[] data = stored.get().dataUnsafe();
      long segFirstSector = start + index * SEGMENT_CHUNKS;
      int dst = (int) ((segFirstSector - from) * CHUNK_BYTES);
      System.arraycopy(data, 0, out, dst, Math.min(data.length, out.length - dst));
    }
    return out;
  }
}
