package dev.zg.storage.merkle;

import static dev.zg.storage.merkle.StorageSpec.SEGMENT_CHUNKS;

import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import java.math.BigInteger;
import java.util.List;

/**
 * The global flow tree: one append-only <em>complete</em> binary tree over every chunk
 * (sector) ever submitted, whose root the Flow contract commits and miners prove against
 * ({@code FlowTreeLib.sol}; the node's {@code append_merkle}). Unlike a file tree it never
 * promotes nodes: a tree of length L has height ceil(log2 L), and every position not yet
 * written, or skipped by alignment, counts as a zero chunk, so an empty subtree of height h
 * is zeros(h) ({@link ZeroHashes}). Leaf 0 is the raw word the contract starts with (zero
 * when deployed), not a hash.
 *
 * <p>Submissions arrive as aligned perfect subtrees: {@link #append} applies the contract's
 * {@code pad} and {@code insertNode} rules and returns the start position the contract
 * emits. The tree keeps one node per height (the left siblings of the next free position),
 * so it is constant in size. Not thread-safe.
 */
public final class FlowTree {
  /** Lengths stay below 2^62 sectors (2^70 bytes) so that positions never overflow. */
  public static final long LENGTH_MAX = 1L << 62;

  private final byte[][] leftSiblings = new byte[ZeroHashes.COUNT][];
  private final byte[] pair = new byte[64];
  private long length;

  /** A tree holding only leaf 0, as the contract's {@code initialize(identifier)}. */
  public FlowTree(Hash firstLeaf) {
    leftSiblings[0] = firstLeaf.toArray();
    length = 1;
  }

  /** The tree a freshly deployed Flow contract has: leaf 0 is the zero word. */
  public static FlowTree deployed() {
    return new FlowTree(Hash.ZERO);
  }

  /** Sectors written or skipped so far: the next free position. */
  public long length() {
    return length;
  }

  /**
   * Places a submission as {@code Flow.submit} does: skip to the next segment when its first
   * node's alignment would make it straddle a segment boundary, then insert each node at the
   * next position aligned to its height. Returns the first node's position ({@code startPos}
   * of the {@code Submit} event).
   */
  public long append(Submission submission) {
    if (!submission.isValid()) {
      throw new IllegalArgumentException("the Flow contract rejects this submission: "
          + submission);
    }
    List<SubmissionNode> nodes = submission.nodes();
    if (submission.sectors().compareTo(BigInteger.valueOf(LENGTH_MAX - length)) > 0) {
      throw new IllegalArgumentException("the flow would exceed " + LENGTH_MAX + " sectors");
    }
    long sectors = submission.sectors().longValueExact();
    long start = nextAlign(length, nodes.get(0).height());
    if (start % SEGMENT_CHUNKS != 0
        && start / SEGMENT_CHUNKS != (start + sectors - 1) / SEGMENT_CHUNKS) {
      skipTo(start + SEGMENT_CHUNKS - start % SEGMENT_CHUNKS);
    }
    long first = -1;
    for (SubmissionNode node : nodes) {
      long position = insert(node.root(), node.height());
      first = first < 0 ? position : first;
    }
    return first;
  }

  /**
   * Inserts a perfect subtree of 2^height sectors at the next position aligned to its size
   * (the contract's {@code insertNode}); the positions skipped stay zero. Returns where it went.
   */
  public long insert(Hash root, int height) {
    if (height < 0 || height >= ZeroHashes.COUNT) {
      throw new IllegalArgumentException("node height out of 0..63: " + height);
    }
    // Heights of 62 and more cannot fit below LENGTH_MAX once leaf 0 is taken.
    long start = height >= 62 ? LENGTH_MAX : nextAlign(length, height);
    if (start >= LENGTH_MAX || (1L << height) > LENGTH_MAX - start) {
      throw new IllegalArgumentException("the flow would exceed " + LENGTH_MAX + " sectors");
    }
    skipTo(start);
    place(root.toArray(), height);
    return start;
  }

  /** The root of the complete tree over positions 0..2^ceil(log2 length). */
  public Hash root() {
    int height = 64 - Long.numberOfLeadingZeros(length - 1);
    if (length == 1L << height) {
      return Hash.wrap(leftSiblings[height]);
    }
    byte[] node = new byte[32];
    boolean empty = true;
    for (int h = 0; h < height; h++) {
      if ((length >>> h & 1) != 0) {
        hashPair(leftSiblings[h], empty ? ZeroHashes.bytes(h) : node, node);
        empty = false;
      } else if (!empty) {
        hashPair(node, ZeroHashes.bytes(h), node);
      }
    }
    return Hash.adopt(node);
  }

  /** Fills [length, position) with zero subtrees, each as tall as alignment allows. */
  private void skipTo(long position) {
    while (length < position) {
      int height = Math.min(Long.numberOfTrailingZeros(length),
          63 - Long.numberOfLeadingZeros(position - length));
      place(ZeroHashes.bytes(height).clone(), height);
    }
  }

  /** Appends an aligned subtree at {@code length}, merging completed left siblings upwards. */
  private void place(byte[] node, int height) {
    int h = height;
    while ((length >>> h & 1) != 0) {
      hashPair(leftSiblings[h], node, node);
      leftSiblings[h] = null;
      h++;
    }
    leftSiblings[h] = node;
    length += 1L << height;
  }

  private void hashPair(byte[] left, byte[] right, byte[] out) {
    System.arraycopy(left, 0, pair, 0, 32);
    System.arraycopy(right, 0, pair, 32, 32);
    Keccak256.hash(pair, 0, 64, out, 0);
  }

  /** The contract's {@code nextAlign}: the first multiple of 2^height at or after length. */
  private static long nextAlign(long length, int height) {
    return length == 0 ? 0 : ((length - 1 >>> height) + 1) << height;
  }
}
