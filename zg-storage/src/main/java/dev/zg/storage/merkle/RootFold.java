package dev.zg.storage.merkle;

import static dev.zg.storage.merkle.StorageSpec.SEGMENT_HEIGHT;

import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Folds whole-segment roots, in order, into the perfect subtrees of the file so far, like a
 * binary counter: pushing a segment merges equal heights. It keeps at most one root per
 * height, so a file's root and submission stream in constant memory. Not thread-safe.
 */
final class RootFold {
  private final byte[][] roots = new byte[StorageSpec.TREE_HEIGHT_MAX + 1][];
  private final int[] heights = new int[StorageSpec.TREE_HEIGHT_MAX + 1];
  private final byte[] pair = new byte[64];
  private int size;
  private long segments;

  /** Adds the root of the next whole (1024-chunk) segment. */
  void pushSegment(byte[] root, int offset) {
    byte[] node = Arrays.copyOfRange(root, offset, offset + 32);
    int height = SEGMENT_HEIGHT;
    while (size > 0 && heights[size - 1] == height) {
      System.arraycopy(roots[size - 1], 0, pair, 0, 32);
      System.arraycopy(node, 0, pair, 32, 32);
      Keccak256.hash(pair, 0, 64, node, 0);
      size--;
      height++;
    }
    if (size == roots.length) {
      throw new IllegalStateException("more segments than a Flow tree can hold");
    }
    roots[size] = node;
    heights[size] = height;
    size++;
    segments++;
  }

  long segments() {
    return segments;
  }

  /**
   * The submission nodes: the perfect subtrees of the whole segments, tallest first, then
   * {@code tail}, the nodes inside a last segment shorter than 1024 chunks.
   */
  List<SubmissionNode> nodes(List<SubmissionNode> tail) {
    List<SubmissionNode> nodes = new ArrayList<>(size + tail.size());
    for (int i = 0; i < size; i++) {
      nodes.add(new SubmissionNode(Hash.wrap(roots[i]), heights[i]));
    }
    nodes.addAll(tail);
    return nodes;
  }
}
