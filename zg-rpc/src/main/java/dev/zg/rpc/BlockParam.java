package dev.zg.rpc;

import dev.zg.common.Hash;
import java.util.Locale;

/**
 * Which block a call refers to: a tag, a number, or (EIP-1898) a block hash. Parsed by
 * {@link Param#BLOCK_TAG} (tags and numbers) and {@link Param#BLOCK} (also hashes).
 */
public sealed interface BlockParam {

  enum Tag implements BlockParam {
    LATEST, PENDING, EARLIEST, SAFE, FINALIZED;

    /** The JSON spelling: {@code "latest"}... */
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  record ByNumber(long number) implements BlockParam {
    public ByNumber {
      if (number < 0) {
        throw new IllegalArgumentException("negative block number " + number);
      }
    }
  }

  /** EIP-1898: {@code requireCanonical} asks to fail when the block is not on the main chain. */
  record ByHash(Hash hash, boolean requireCanonical) implements BlockParam {}
}
