package dev.zg.evm.state;

import dev.zg.common.Hash;
import dev.zg.common.UInt256;

/** The fields of an account the EVM reads (the storage root stays with the store). */
public record AccountInfo(long nonce, UInt256 balance, Hash codeHash) {
  public boolean hasCode() {
    return !codeHash.equals(Hash.EMPTY_KECCAK);
  }

  /** EIP-161: no code, zero nonce, zero balance. */
  public boolean isEmpty() {
    return nonce == 0 && balance.isZero() && !hasCode();
  }
}
