package dev.zg.storage.merkle;

import dev.zg.common.Hash;
import dev.zg.common.Keccak256;

/**
 * Roots of all-zero perfect subtrees: zeros(0) = keccak(256 zero bytes), the hash of a padding
 * chunk, and zeros(h) = keccak(zeros(h-1) ‖ zeros(h-1)). The Flow contract hard-codes the
 * same table ({@code FlowTreeLib.zeros}, h = 0..63) and the node checks rear padding against
 * it ({@code ZERO_HASHES}); {@code ZeroHashesTest} compares entries with the contract's.
 */
public final class ZeroHashes {
  /** Entries 0..63, the heights a Flow tree can have. */
  public static final int COUNT = StorageSpec.TREE_HEIGHT_MAX + 1;

  private static final byte[][] TABLE = new byte[COUNT][];

  static {
    TABLE[0] = Keccak256.hash(new byte[StorageSpec.CHUNK_BYTES]);
    byte[] pair = new byte[64];
    for (int h = 1; h < COUNT; h++) {
      System.arraycopy(TABLE[h - 1], 0, pair, 0, 32);
      System.arraycopy(TABLE[h - 1], 0, pair, 32, 32);
      TABLE[h] = Keccak256.hash(pair);
    }
  }

  private ZeroHashes() {}

  /** zeros(height) for height 0..63. */
  public static Hash of(int height) {
    return Hash.wrap(bytes(height));
  }

  /** The table entry itself, shared: callers must not modify it. */
  static byte[] bytes(int height) {
    if (height < 0 || height >= COUNT) {
      throw new IllegalArgumentException("zero-subtree height out of 0..63: " + height);
    }
    return TABLE[height];
  }
}
