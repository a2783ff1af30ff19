package dev.zg.storage.log;

import dev.zg.common.Hash;
import java.util.Objects;

/** A block the chain follower has read, remembered so that a reorganization is noticed. */
public record BlockRef(long number, Hash hash) {
  public BlockRef {
    Objects.requireNonNull(hash, "hash");
    if (number < 0) {
      throw new IllegalArgumentException("negative block number " + number);
    }
  }
}
