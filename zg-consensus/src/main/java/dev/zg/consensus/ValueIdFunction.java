package dev.zg.consensus;

import dev.zg.common.Hash;

/**
 * The paper's id(v): how a proposed value's bytes map to the 32-byte id that votes name. For
 * the chain it is the block hash (Keccak-256 of the RLP header), so that precommits sign the
 * block hash that headers and sync already use. Must be deterministic and collision-resistant;
 * returns null when the bytes are not a well-formed value (the engine then rejects them).
 */
@FunctionalInterface
public interface ValueIdFunction {
  Hash idOf(byte[] value);

  /** Keccak-256 of the whole value: the default, and what the simulation uses. */
  static ValueIdFunction keccak() {
    return Hash::keccak;
  }
}
