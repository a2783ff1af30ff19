package dev.zg.storage.merkle;

import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import java.util.Arrays;
import java.util.List;

/**
 * A Merkle proof in 0G's format, shared by the Go client, the Rust node and the TS SDK.
 *
 * <ul>
 *   <li>{@code lemma} = [leaf, siblings from the bottom up..., root]. A one-leaf tree has
 *       lemma = [root] and an empty path.
 *   <li>{@code path[i]} is true when the node at step i is the <em>left</em> child, so its
 *       sibling {@code lemma[i + 1]} goes on the right.
 *   <li>Levels where the node was promoted (the unpaired last node) contribute no step.
 * </ul>
 *
 * <p>The position a proof speaks for is not stored: the verifier derives it from the path and
 * the leaf count, walking from the top, where the left subtree holds nextPow2(count)/2 leaves.
 * That is how the node and SDK tie a proof to a segment index.
 */
public record MerkleProof(List<Hash> lemma, List<Boolean> path) {
  /** Longest path a proof can have: Flow trees are under 64 levels. */
  public static final int PATH_MAX = StorageSpec.TREE_HEIGHT_MAX + 1;

  public MerkleProof {
    lemma = List.copyOf(lemma);
    path = List.copyOf(path);
    if (path.size() > PATH_MAX || lemma.size() > PATH_MAX + 2) {
      throw new IllegalArgumentException("proof too long: " + lemma.size() + " lemma entries, "
          + path.size() + " path steps (at most " + PATH_MAX + " steps)");
    }
  }

  /**
   * zg's binary form, used by the log store and the binary segment route: one byte of lemma
   * count, one byte of path length, the lemma hashes, then one byte per path step (1 = left).
   */
  public byte[] toBytes() {
    byte[] out = new byte[2 + lemma.size() * 32 + path.size()];
    out[0] = (byte) lemma.size();
    out[1] = (byte) path.size();
    int at = 2;
    for (Hash h : lemma) {
      System.arraycopy(h.bytesUnsafe(), 0, out, at, 32);
      at += 32;
    }
    for (boolean left : path) {
      out[at++] = (byte) (left ? 1 : 0);
    }
    return out;
  }

  /** The length of the {@link #toBytes} form that starts at {@code in[offset]}. */
  public static int bytesLength(byte[] in, int offset) {
    if (offset < 0 || offset > in.length - 2) {
      throw new IllegalArgumentException("a proof needs 2 header bytes at " + offset + " of "
          + in.length);
    }
    return 2 + (in[offset] & 0xff) * 32 + (in[offset + 1] & 0xff);
  }

  /** Reads the {@link #toBytes} form at {@code in[offset..]}; malformed input is refused. */
  public static MerkleProof fromBytes(byte[] in, int offset) {
    int length = bytesLength(in, offset);
    if (length > in.length - offset) {
      throw new IllegalArgumentException("a proof of " + length + " bytes is cut short at "
          + (in.length - offset));
    }
    int lemmas = in[offset] & 0xff;
    int steps = in[offset + 1] & 0xff;
    int at = offset + 2;
    Hash[] lemma = new Hash[lemmas];
    for (int i = 0; i < lemmas; i++) {
      lemma[i] = Hash.adopt(Arrays.copyOfRange(in, at, at + 32));
      at += 32;
    }
    Boolean[] path = new Boolean[steps];
    for (int i = 0; i < steps; i++) {
      byte step = in[at++];
      if (step != 0 && step != 1) {
        throw new IllegalArgumentException("a proof's path step is 0 or 1, got " + step);
      }
      path[i] = step == 1;
    }
    return new MerkleProof(List.of(lemma), List.of(path));
  }

  /** The proof of the only leaf of a one-leaf tree: lemma = [root], no path. */
  public static MerkleProof ofSingleLeaf(Hash root) {
    return new MerkleProof(List.of(root), List.of());
  }

  /**
   * Checks that this proof shows {@code leaf} at {@code position} of a tree of
   * {@code leafCount} leaves with root {@code root}, in the SDK's order: format, content,
   * root, position, hash chain.
   *
   * <p>Stricter than the SDK and node in two ways, both of which honest proofs always pass:
   * a one-leaf proof must also name {@code root} (they skip the root check there), and the
   * path must descend exactly to one leaf of {@code leafCount} (they ignore a short path).
   */
  public ProofCheck verify(Hash root, Hash leaf, long position, long leafCount) {
    if (!wellFormed()) {
      return ProofCheck.WRONG_FORMAT;
    }
    if (!lemma.get(0).equals(leaf)) {
      return ProofCheck.CONTENT_MISMATCH;
    }
    if (!lemma.get(lemma.size() - 1).equals(root)) {
      return ProofCheck.ROOT_MISMATCH;
    }
    if (leafCount < 1 || position < 0 || position >= leafCount
        || position(leafCount) != position) {
      return ProofCheck.POSITION_MISMATCH;
    }
    return chainReachesRoot() ? ProofCheck.VALID : ProofCheck.HASH_MISMATCH;
  }

  /**
   * The node's rear-padding rule ({@code validate_rear_padding}): every sibling on the right
   * whose leaves all lie past the first {@code dataLeafCount} (so it covers only padding)
   * must be the zero-subtree root of its height. Without it a prover could hide data in the
   * padding. {@code leafHeight} is the height of one leaf over chunks: 10 when the leaves are
   * segments, 0 when they are chunks. Call after {@link #verify} accepted the proof.
   */
  public ProofCheck verifyRearPadding(long leafCount, long dataLeafCount, int leafHeight) {
    if (!wellFormed() || position(leafCount) < 0) {
      return ProofCheck.WRONG_FORMAT;
    }
    long remaining = leafCount;
    long position = 0;
    for (int step = 0; step < path.size(); step++) {
      long leftLeaves = FileLayout.nextPow2(remaining) / 2;
      if (!path.get(path.size() - 1 - step)) {
        position += leftLeaves;
        remaining -= leftLeaves;
        continue;
      }
      remaining = leftLeaves;
      if (position + leftLeaves >= dataLeafCount) {
        int height = Long.numberOfTrailingZeros(leftLeaves) + leafHeight;
        Hash sibling = lemma.get(lemma.size() - 2 - step);
        if (height >= ZeroHashes.COUNT || !Arrays.equals(
            sibling.bytesUnsafe(), ZeroHashes.bytes(height))) {
          return ProofCheck.PADDING_MISMATCH;
        }
      }
    }
    return ProofCheck.VALID;
  }

  /**
   * The leaf index the path leads to in a tree of {@code leafCount} leaves, or -1 when the
   * path does not fit that tree (it turns below a single leaf or stops above one).
   */
  public long position(long leafCount) {
    long remaining = leafCount;
    long position = 0;
    for (int i = path.size() - 1; i >= 0; i--) {
      if (remaining <= 1) {
        return -1;
      }
      long leftLeaves = FileLayout.nextPow2(remaining) / 2;
      if (path.get(i)) {
        remaining = leftLeaves;
      } else {
        position += leftLeaves;
        remaining -= leftLeaves;
      }
    }
    return remaining == 1 ? position : -1;
  }

  private boolean wellFormed() {
    return lemma.size() == (path.isEmpty() ? 1 : path.size() + 2);
  }

  private boolean chainReachesRoot() {
    byte[] pair = new byte[64];
    byte[] node = lemma.get(0).toArray();
    for (int i = 0; i < path.size(); i++) {
      byte[] sibling = lemma.get(i + 1).bytesUnsafe();
      boolean nodeIsLeft = path.get(i);
      System.arraycopy(node, 0, pair, nodeIsLeft ? 0 : 32, 32);
      System.arraycopy(sibling, 0, pair, nodeIsLeft ? 32 : 0, 32);
      Keccak256.hash(pair, 0, 64, node, 0);
    }
    return Arrays.equals(node, lemma.get(lemma.size() - 1).bytesUnsafe());
  }
}
