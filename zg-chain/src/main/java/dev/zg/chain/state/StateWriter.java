package dev.zg.chain.state;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import dev.zg.common.UInt256;
import dev.zg.evm.state.StateChanges;
import dev.zg.state.kv.WriteBatch;
import dev.zg.state.trie.MerklePatriciaTrie;
import dev.zg.state.trie.NodeStore;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Applies one block's {@link StateChanges} to tries: each changed account is re-encoded, each
 * touched storage trie loaded (lazily, from the working copy when it has it) and updated,
 * wiped storage restarts from the empty trie, and the new nodes and code go into the caller's
 * batch. What it changed is kept for the head cache. One instance per apply.
 */
final class StateWriter {
  final Hash parent;
  final MerklePatriciaTrie accounts;
  final Map<Address, MerklePatriciaTrie> storageTries = new HashMap<>();
  final Map<Address, AccountState> changedAccounts = new LinkedHashMap<>();
  final Set<Address> wiped = new HashSet<>();
  final Map<Address, Map<UInt256, UInt256>> writtenSlots = new HashMap<>();
  private final NodeStore nodes;
  private final CodeStore codes;
  private final Map<Address, MerklePatriciaTrie> workingStorage;

  StateWriter(Hash parent, MerklePatriciaTrie accounts, Map<Address, MerklePatriciaTrie> working,
      NodeStore nodes, CodeStore codes) {
    this.parent = parent;
    this.accounts = accounts;
    this.workingStorage = working;
    this.nodes = nodes;
    this.codes = codes;
  }

  Hash apply(StateChanges changes, WriteBatch batch) {
    for (StateChanges.AccountChange change : changes.accounts()) {
      applyAccount(change, batch);
    }
    return accounts.commit(batch);
  }

  private void applyAccount(StateChanges.AccountChange c, WriteBatch batch) {
    Address address = c.address();
    byte[] key = Keccak256.hash(address.bytesUnsafe());
    if (c.deleted()) {
      accounts.delete(key);
      storageTries.remove(address);
      writtenSlots.remove(address);
      wiped.add(address);
      changedAccounts.put(address, null);
      return;
    }
    Hash storageRoot = Hash.EMPTY_TRIE_ROOT;
    if (!c.storageCleared()) {
      storageRoot = accounts.get(key).map(AccountState::decode)
          .map(AccountState::storageRoot).orElse(Hash.EMPTY_TRIE_ROOT);
    } else {
      wiped.add(address);
      storageTries.remove(address);
      writtenSlots.remove(address);
    }
    if (!c.storage().isEmpty()) {
      storageRoot = applyStorage(address, storageRoot, c.storage(), batch);
    }
    if (c.codeChanged() && c.code() != null && c.code().length > 0) {
      codes.put(batch, c.codeHash(), c.code());
    }
    AccountState account = new AccountState(c.nonce(), c.balance(), storageRoot, c.codeHash());
    accounts.put(key, account.encode());
    changedAccounts.put(address, account);
  }

  private Hash applyStorage(Address address, Hash storageRoot, Map<UInt256, UInt256> slots,
      WriteBatch batch) {
    MerklePatriciaTrie trie = storageTries.get(address);
    if (trie == null || !trie.rootHash().equals(storageRoot)) {
      trie = storageTrie(address, storageRoot);
      storageTries.put(address, trie);
    }
    Map<UInt256, UInt256> written = writtenSlots.computeIfAbsent(address, a -> new HashMap<>());
    for (Map.Entry<UInt256, UInt256> slot : slots.entrySet()) {
      byte[] key = StorageValues.key(slot.getKey());
      UInt256 value = slot.getValue();
      if (value.isZero()) {
        trie.delete(key);
      } else {
        trie.put(key, StorageValues.encode(value));
      }
      written.put(slot.getKey(), value);
    }
    return trie.commit(batch);
  }

  /** A private copy of the working storage trie when it is at this root, else a fresh load. */
  private MerklePatriciaTrie storageTrie(Address address, Hash storageRoot) {
    if (storageRoot.equals(Hash.EMPTY_TRIE_ROOT)) {
      return MerklePatriciaTrie.empty(nodes);
    }
    MerklePatriciaTrie working = workingStorage.get(address);
    if (working != null && working.rootHash().equals(storageRoot)) {
      return working.copy();
    }
    return MerklePatriciaTrie.load(nodes, storageRoot);
  }
}
