package dev.zg.evm.state;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import java.util.HashMap;
import java.util.HashSet;

/**
 * The EVM's working copy of one account during a block. Storage has three layers: values
 * written by the running transaction ({@code dirty}), values as of the transaction's start
 * ({@code original}: written by earlier transactions of the block, or read from the world),
 * and the world itself, which is not consulted once the account has been wiped.
 * Only {@link EvmState} changes these fields, always through its journal.
 */
public final class Account {
  final Address address;
  boolean exists;
  long nonce;
  UInt256 balance;
  Hash codeHash;
  byte[] code; // loaded lazily
  boolean codeChanged;
  /** Old storage is gone (the account was deleted in this block): never read the world. */
  boolean storageWiped;
  boolean createdInTransaction;
  boolean touched;

  final HashMap<UInt256, UInt256> original = new HashMap<>();
  final HashMap<UInt256, UInt256> dirty = new HashMap<>();
  final HashMap<UInt256, UInt256> writtenInBlock = new HashMap<>();
  HashSet<UInt256> warmSlots;
  HashMap<UInt256, UInt256> transientStorage;

  Account(Address address, AccountInfo info) {
    this.address = address;
    if (info == null) {
      exists = false;
      nonce = 0;
      balance = UInt256.ZERO;
      codeHash = Hash.EMPTY_KECCAK;
      code = new byte[0];
    } else {
      exists = true;
      nonce = info.nonce();
      balance = info.balance();
      codeHash = info.codeHash();
      code = info.hasCode() ? null : new byte[0];
    }
  }

  public Address address() {
    return address;
  }

  public boolean exists() {
    return exists;
  }

  public long nonce() {
    return nonce;
  }

  public UInt256 balance() {
    return balance;
  }

  public Hash codeHash() {
    return codeHash;
  }

  public boolean hasCode() {
    return !codeHash.equals(Hash.EMPTY_KECCAK);
  }

  /** EIP-161 "empty": no code, zero nonce, zero balance (a missing account is also empty). */
  public boolean isEmpty() {
    return nonce == 0 && balance.isZero() && !hasCode();
  }

  /** EIP-161 "dead": missing or empty. */
  public boolean isDead() {
    return !exists || isEmpty();
  }
}
