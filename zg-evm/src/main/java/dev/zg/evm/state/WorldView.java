package dev.zg.evm.state;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;

/**
 * The committed world state as the EVM reads it: the narrow port between the EVM and any
 * store (a Merkle Patricia Trie over RocksDB, memory, a remote node). Four reads; writes
 * leave the EVM as a {@link StateChanges} set that the owner of the store applies.
 */
public interface WorldView {
  /** The account, or null when it does not exist. */
  AccountInfo account(Address address);

  /** The code whose hash is {@code codeHash} for this account (empty for the empty hash). */
  byte[] code(Address address, Hash codeHash);

  /** A storage slot's committed value; zero when unset. */
  UInt256 storage(Address address, UInt256 key);

  /** True when the account has at least one non-zero storage slot (EIP-7610 collisions). */
  boolean hasStorage(Address address);
}
