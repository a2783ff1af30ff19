package dev.zg.storage.merkle;

import dev.zg.common.Hash;
import java.util.Objects;

/**
 * One node of a Flow submission: the root of a perfect subtree of 2^height chunks
 * ({@code SubmissionNode{bytes32 root; uint256 height}} in the contracts).
 */
public record SubmissionNode(Hash root, int height) {
  public SubmissionNode {
    Objects.requireNonNull(root, "root");
    if (height < 0 || height > StorageSpec.TREE_HEIGHT_MAX) {
      throw new IllegalArgumentException("submission node height out of 0..63: " + height);
    }
  }

  /** Chunks (sectors) this node covers. */
  public long chunks() {
    return 1L << height;
  }
}
