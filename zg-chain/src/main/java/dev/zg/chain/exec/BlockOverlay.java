package dev.zg.chain.exec;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import dev.zg.evm.state.AccountInfo;
import dev.zg.evm.state.StateChanges;
import dev.zg.evm.state.WorldView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parent state plus the changes of the block's transactions so far: the committed world
 * each next transaction sees. Each transaction runs in a fresh {@code EvmState} over this
 * overlay (the EVM's end-of-transaction settlement walks every account its state holds, so one
 * state per block would cost quadratic time), and its changes are merged here. The merged
 * result is the block's net {@link StateChanges}, in first-change order.
 */
final class BlockOverlay implements WorldView {
  private static final class Entry {
    boolean deleted;
    long nonce;
    UInt256 balance = UInt256.ZERO;
    Hash codeHash = Hash.EMPTY_KECCAK;
    byte[] code;
    boolean codeChanged;
    /** The parent's storage no longer counts (deleted in this block, maybe re-created). */
    boolean storageCleared;
    final HashMap<UInt256, UInt256> storage = new HashMap<>();
  }

  private final WorldView parent;
  private final LinkedHashMap<Address, Entry> entries = new LinkedHashMap<>();
  private final HashMap<Hash, byte[]> codeByHash = new HashMap<>();

  BlockOverlay(WorldView parent) {
    this.parent = parent;
  }

  @Override
  public AccountInfo account(Address address) {
    Entry e = entries.get(address);
    if (e == null) {
      return parent.account(address);
    }
    return e.deleted ? null : new AccountInfo(e.nonce, e.balance, e.codeHash);
  }

  @Override
  public byte[] code(Address address, Hash codeHash) {
    byte[] code = codeByHash.get(codeHash);
    return code != null ? code : parent.code(address, codeHash);
  }

  @Override
  public UInt256 storage(Address address, UInt256 key) {
    Entry e = entries.get(address);
    if (e == null) {
      return parent.storage(address, key);
    }
    UInt256 value = e.storage.get(key);
    if (value != null) {
      return value;
    }
    return e.deleted || e.storageCleared ? UInt256.ZERO : parent.storage(address, key);
  }

  /**
   * Exact whenever an account's storage can only change through its own code: a slot zeroed
   * here is still counted from the parent, which matters only for a codeless, nonce-0 account
   * with storage, and such an account's storage cannot be written at all.
   */
  @Override
  public boolean hasStorage(Address address) {
    Entry e = entries.get(address);
    if (e == null) {
      return parent.hasStorage(address);
    }
    if (e.deleted) {
      return false;
    }
    for (UInt256 value : e.storage.values()) {
      if (!value.isZero()) {
        return true;
      }
    }
    return !e.storageCleared && parent.hasStorage(address);
  }

  /** Merges one transaction's changes. */
  void apply(StateChanges changes) {
    for (StateChanges.AccountChange c : changes.accounts()) {
      Entry e = entries.computeIfAbsent(c.address(), a -> new Entry());
      if (c.deleted()) {
        e.deleted = true;
        e.storageCleared = true;
        e.storage.clear();
        e.nonce = 0;
        e.balance = UInt256.ZERO;
        e.codeHash = Hash.EMPTY_KECCAK;
        e.code = null;
        e.codeChanged = true;
        continue;
      }
      e.deleted = false;
      e.nonce = c.nonce();
      e.balance = c.balance();
      e.codeHash = c.codeHash();
      if (c.codeChanged()) {
        e.code = c.code();
        e.codeChanged = true;
        if (c.code() != null && c.code().length > 0) {
          codeByHash.put(c.codeHash(), c.code());
        }
      }
      if (c.storageCleared()) {
        e.storageCleared = true;
        e.storage.clear();
      }
      e.storage.putAll(c.storage());
    }
  }

  /** The block's net changes against the parent. */
  StateChanges changes() {
    List<StateChanges.AccountChange> out = new ArrayList<>(entries.size());
    for (Map.Entry<Address, Entry> entry : entries.entrySet()) {
      Entry e = entry.getValue();
      out.add(new StateChanges.AccountChange(entry.getKey(), e.deleted, e.nonce, e.balance,
          e.codeHash, e.codeChanged ? (e.code == null ? new byte[0] : e.code) : null,
          e.codeChanged, e.storageCleared, new LinkedHashMap<>(e.storage)));
    }
    return new StateChanges(out);
  }
}
