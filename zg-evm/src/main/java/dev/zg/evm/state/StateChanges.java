package dev.zg.evm.state;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import java.util.List;
import java.util.Map;

/**
 * What a transaction (or a block of them) did to the world state, for the store to apply.
 * Accounts are listed in a stable order. For each account: deleted, or its new fields, the
 * storage slots written (a zero value clears the slot), and whether its old storage must be
 * wiped first (the account was destroyed and re-created).
 */
public record StateChanges(List<AccountChange> accounts) {

  public record AccountChange(
      Address address,
      boolean deleted,
      long nonce,
      UInt256 balance,
      Hash codeHash,
      byte[] code,
      boolean codeChanged,
      boolean storageCleared,
      Map<UInt256, UInt256> storage) {}
}
