package dev.zg.storage.rpc;

import static dev.zg.storage.merkle.StorageSpec.CHUNK_BYTES;
import static dev.zg.storage.merkle.StorageSpec.SEGMENT_CHUNKS;
import static dev.zg.storage.merkle.StorageSpec.SEGMENT_HEIGHT;

import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import dev.zg.storage.log.LogEntry;
import dev.zg.storage.log.LogStore;
import dev.zg.storage.log.StoredSegment;
import dev.zg.storage.merkle.FlowTree;
import dev.zg.storage.merkle.MerkleProof;
import dev.zg.storage.merkle.Submission;
import dev.zg.storage.merkle.SubmissionNode;
import dev.zg.storage.merkle.ZeroHashes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The flow tree as this node sees it, rebuilt from the log's entries: its context (root and
 * length, {@code zgs_getFlowContext}) and the proof of one sector against that root
 * ({@code zgs_getSectorProof}, 0G's {@code FlowProof {lemma, path}}).
 *
 * <p>A sector proof needs, for each level, the hash of the sibling subtree. A sibling that lies
 * outside the sector's submission node is made of whole submission nodes and zero gaps (aligned
 * blocks either nest or are disjoint), so the entries' node roots give it. A sibling inside the
 * sector's node comes from the stored segment: below the segment level from its chunks, above
 * it from the file proof the segment was accepted with (within a node the file tree is
 * complete). So a node proves exactly the sectors of the segments it stores.
 */
public final class FlowProofs {
  private final List<LogEntry> entries;
  private final long length;
  private final Hash root;

  private FlowProofs(List<LogEntry> entries, long length, Hash root) {
    this.entries = entries;
    this.length = length;
    this.root = root;
  }

  /** Replays every entry of {@code store}, in tx order, on a freshly deployed flow tree. */
  public static FlowProofs of(LogStore store) {
    FlowTree tree = FlowTree.deployed();
    List<LogEntry> entries = new ArrayList<>();
    for (long seq = 0; seq < store.nextTxSeq(); seq++) {
      Optional<LogEntry> entry = store.entry(seq);
      if (entry.isEmpty()) {
        break;
      }
      LogEntry e = entry.get();
      long start = tree.append(new Submission(e.sizeBytes(), e.nodes()));
      if (start != e.startEntry()) {
        throw new IllegalStateException("entry " + seq + " starts at " + e.startEntry()
            + " on chain but at " + start + " in the replayed flow");
      }
      entries.add(e);
    }
    return new FlowProofs(entries, tree.length(), tree.root());
  }

  /**
   * The flow as it stood when its length was {@code flowLength} (a mining context's flow): the
   * shortest prefix of the log's entries that reaches it. Empty when the log has not reached
   * it yet or no prefix ends exactly there (then this node's log differs from the chain's).
   */
  public static Optional<FlowProofs> atLength(LogStore store, long flowLength) {
    FlowTree tree = FlowTree.deployed();
    List<LogEntry> entries = new ArrayList<>();
    for (long seq = 0; tree.length() < flowLength && seq < store.nextTxSeq(); seq++) {
      Optional<LogEntry> entry = store.entry(seq);
      if (entry.isEmpty()) {
        break;
      }
      LogEntry e = entry.get();
      if (tree.append(new Submission(e.sizeBytes(), e.nodes())) != e.startEntry()) {
        return Optional.empty();
      }
      entries.add(e);
    }
    if (tree.length() != flowLength) {
      return Optional.empty();
    }
    return Optional.of(new FlowProofs(entries, tree.length(), tree.root()));
  }

  public long length() {
    return length;
  }

  public Hash root() {
    return root;
  }

  /** The flow tree's height: ceil(log2 length). */
  public int height() {
    return 64 - Long.numberOfLeadingZeros(length - 1);
  }

  /** Why a sector cannot be proven here, or the proof. */
  public sealed interface Result permits Proof, Unavailable {}

  public record Proof(MerkleProof proof, Hash leaf) implements Result {}

  public record Unavailable(String reason) implements Result {}

  public Result prove(long sector, LogStore store) {
    if (sector < 0 || sector >= length) {
      return new Unavailable("sector " + sector + " is past the flow length " + length);
    }
    Located at = locate(sector);
    Hash leaf;
    List<Hash> siblings = new ArrayList<>();
    List<Boolean> path = new ArrayList<>();
    int nodeHeight = at == null ? 0 : at.node.height();
    if (at == null) {
      leaf = sector == 0 ? Hash.ZERO : ZeroHashes.of(0);
    } else {
      long chunk = sector - at.entry.startEntry();
      long index = chunk / SEGMENT_CHUNKS;
      Optional<StoredSegment> segment = store.segment(at.entry.txSeq(), index);
      if (segment.isEmpty()) {
        return new Unavailable("sector " + sector + " is in segment " + index + " of tx "
            + at.entry.txSeq() + ", which this node does not store");
      }
      byte[] data = segment.get().dataUnsafe();
      int offset = (int) (chunk % SEGMENT_CHUNKS);
      leaf = chunks(data, offset, 0);
      for (int h = 0; h < Math.min(nodeHeight, SEGMENT_HEIGHT); h++) {
        int block = (offset >>> h) ^ 1;
        siblings.add(chunks(data, block << h, h));
      }
      // Above the segment: the file proof's first siblings, which lie within the node.
      List<Hash> lemma = segment.get().proof().lemma();
      for (int h = SEGMENT_HEIGHT; h < nodeHeight; h++) {
        siblings.add(lemma.get(1 + h - SEGMENT_HEIGHT));
      }
    }
    for (int h = 0; h < nodeHeight; h++) {
      path.add((sector >>> h & 1) == 0);
    }
    for (int h = nodeHeight; h < height(); h++) {
      long block = (sector >>> h) ^ 1;
      siblings.add(subtree(block << h, h));
      path.add((sector >>> h & 1) == 0);
    }
    List<Hash> lemma = new ArrayList<>();
    lemma.add(leaf);
    lemma.addAll(siblings);
    lemma.add(root);
    return new Proof(new MerkleProof(lemma, path), leaf);
  }

  private record Located(LogEntry entry, SubmissionNode node, long start) {}

  /** The entry and submission node holding {@code sector}, or null in a gap. */
  private Located locate(long sector) {
    for (LogEntry e : entries) {
      long position = e.startEntry();
      for (SubmissionNode n : e.nodes()) {
        long align = 1L << n.height();
        position = (position + align - 1) / align * align;
        if (sector >= position && sector < position + align) {
          return new Located(e, n, position);
        }
        position += align;
      }
    }
    return null;
  }

  /** The hash of the aligned block [start, start + 2^h), which holds only whole nodes. */
  private Hash subtree(long start, int h) {
    if (start >= length) {
      return ZeroHashes.of(h);
    }
    if (h == 0 && start == 0) {
      return Hash.ZERO;
    }
    boolean touched = start == 0;
    for (LogEntry e : entries) {
      long position = e.startEntry();
      for (SubmissionNode n : e.nodes()) {
        long align = 1L << n.height();
        position = (position + align - 1) / align * align;
        if (position == start && n.height() == h) {
          return n.root();
        }
        if (position < start + (1L << h) && position + align > start) {
          touched = true;
        }
        position += align;
      }
    }
    if (!touched) {
      return ZeroHashes.of(h);
    }
    if (h == 0) {
      throw new IllegalStateException("sector " + start + " lies inside a submission node");
    }
    byte[] pair = new byte[64];
    System.arraycopy(subtree(start, h - 1).toArray(), 0, pair, 0, 32);
    System.arraycopy(subtree(start + (1L << (h - 1)), h - 1).toArray(), 0, pair, 32, 32);
    return Hash.wrap(Keccak256.hash(pair));
  }

  /** The root of 2^h chunks of a segment from chunk {@code first}; past the data, zeros. */
  private static Hash chunks(byte[] data, int first, int h) {
    long from = (long) first * CHUNK_BYTES;
    if (from >= data.length) {
      return ZeroHashes.of(h);
    }
    if (h == 0) {
      byte[] chunk = new byte[CHUNK_BYTES];
      System.arraycopy(data, (int) from, chunk, 0,
          (int) Math.min(CHUNK_BYTES, data.length - from));
      return Hash.wrap(Keccak256.hash(chunk));
    }
    byte[] pair = new byte[64];
    System.arraycopy(chunks(data, first, h - 1).toArray(), 0, pair, 0, 32);
    System.arraycopy(chunks(data, first + (1 << (h - 1)), h - 1).toArray(), 0, pair, 32, 32);
    return Hash.wrap(Keccak256.hash(pair));
  }
}
