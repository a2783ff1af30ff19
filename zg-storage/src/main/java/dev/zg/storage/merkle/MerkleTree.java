package dev.zg.storage.merkle;

import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * 0G's binary Merkle tree over leaf hashes, kept in memory with every level so that it can
 * prove any leaf. Nodes pair left to right; an unpaired last node is <em>promoted</em>
 * unchanged to the next level (no self-hash, no zero sibling), as in the Go client's
 * {@code TreeBuilder}, the node's {@code merkle_light} and the SDK's {@code MerkleTree}.
 * Internal node = keccak(left ‖ right), with no domain prefix.
 *
 * <p>Consequence used throughout this package: the root equals the right fold over the roots
 * of the perfect subtrees of the binary decomposition of the leaf count, and any aligned
 * block of 2^h leaves is a subtree. So a file's tree can be built from segment roots, and
 * its root streamed without keeping them.
 */
public final class MerkleTree {
  /** Most leaves one in-memory tree holds (levels take about 64 bytes per leaf). */
  public static final int LEAVES_MAX = StorageSpec.TREE_SEGMENTS_MAX;

  /** levels.get(0) holds the leaves, 32 bytes each; the last level holds the root alone. */
  private final List<byte[]> levels;
  private final int leafCount;

  private MerkleTree(List<byte[]> levels, int leafCount) {
    this.levels = levels;
    this.leafCount = leafCount;
  }

  /** The tree over {@code leaves} (at least one). */
  public static MerkleTree of(List<Hash> leaves) {
    byte[] packed = new byte[checkCount(leaves.size()) * 32];
    for (int i = 0; i < leaves.size(); i++) {
      System.arraycopy(leaves.get(i).bytesUnsafe(), 0, packed, 32 * i, 32);
    }
    return ofPacked(packed, leaves.size());
  }

  /** The tree over {@code count} leaf hashes packed 32 bytes each; the array is adopted. */
  static MerkleTree ofPacked(byte[] packedLeaves, int count) {
    checkCount(count);
    if (packedLeaves.length != count * 32) {
      throw new IllegalArgumentException("expected " + count + " packed hashes");
    }
    List<byte[]> levels = new ArrayList<>();
    levels.add(packedLeaves);
    byte[] level = packedLeaves;
    int width = count;
    while (width > 1) {
      int parents = (width + 1) / 2;
      byte[] next = new byte[parents * 32];
      for (int i = 0; i < width / 2; i++) {
        Keccak256.hash(level, 64 * i, 64, next, 32 * i);
      }
      if ((width & 1) != 0) {
        System.arraycopy(level, 32 * (width - 1), next, 32 * (parents - 1), 32);
      }
      levels.add(next);
      level = next;
      width = parents;
    }
    return new MerkleTree(levels, count);
  }

  public int leafCount() {
    return leafCount;
  }

  public Hash root() {
    return Hash.wrap(levels.get(levels.size() - 1));
  }

  public Hash leaf(int index) {
    checkIndex(index);
    return Hash.wrap(Arrays.copyOfRange(levels.get(0), 32 * index, 32 * index + 32));
  }

  /** The proof of leaf {@code index}, as the SDK's {@code proofAt} builds it. */
  public MerkleProof proof(int index) {
    checkIndex(index);
    if (leafCount == 1) {
      return MerkleProof.ofSingleLeaf(root());
    }
    List<Hash> lemma = new ArrayList<>();
    List<Boolean> path = new ArrayList<>();
    lemma.add(leaf(index));
    int position = index;
    int width = leafCount;
    for (int level = 0; level < levels.size() - 1; level++) {
      boolean promoted = position == width - 1 && (width & 1) != 0;
      if (!promoted) {
        int sibling = position ^ 1;
        byte[] hashes = levels.get(level);
        lemma.add(Hash.wrap(Arrays.copyOfRange(hashes, 32 * sibling, 32 * sibling + 32)));
        path.add((position & 1) == 0);
      }
      position >>>= 1;
      width = (width + 1) / 2;
    }
    lemma.add(root());
    return new MerkleProof(lemma, path);
  }

  private void checkIndex(int index) {
    if (index < 0 || index >= leafCount) {
      throw new IndexOutOfBoundsException("leaf " + index + " of " + leafCount);
    }
  }

  private static int checkCount(int count) {
    if (count < 1 || count > LEAVES_MAX) {
      throw new IllegalArgumentException(
          "a Merkle tree needs 1.." + LEAVES_MAX + " leaves, got " + count);
    }
    return count;
  }
}
