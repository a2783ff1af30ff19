package dev.zg.chain.block;

import dev.zg.common.Hash;

/**
 * A header's cached hash. Records cannot hold private mutable state, so {@link BlockHeader}
 * carries one as its last component; the canonical constructor always makes a fresh one and
 * equality ignores it. A racy first computation is harmless: threads compute equal values and
 * publish an immutable {@link Hash}.
 */
final class HeaderMemo {
  private Hash hash;

  Hash hash(BlockHeader header) {
    Hash known = hash;
    if (known == null) {
      known = Hash.keccak(header.encode());
      hash = known;
    }
    return known;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HeaderMemo;
  }

  @Override
  public int hashCode() {
    return 0;
  }

  @Override
  public String toString() {
    return "memo";
  }
}
