package dev.zg.chain.state;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import dev.zg.evm.state.StateChanges;
import dev.zg.state.kv.Column;
import dev.zg.state.kv.KeyValueStore;
import dev.zg.state.kv.WriteBatch;
import dev.zg.state.trie.MerklePatriciaTrie;
import dev.zg.state.trie.MissingNodeException;
import dev.zg.state.trie.NodeStore;
import dev.zg.state.trie.SecureTrie;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The persistent world state: Ethereum's secure account trie and per-account storage tries
 * in a {@link NodeStore}, code by hash in the {@link #CODE} column, all in one
 * {@link KeyValueStore} with the chain's other data. Any stored root can be read through a
 * {@link StateView}; {@link #apply} turns a root plus a block's {@link StateChanges} into a new
 * root, adding the new nodes and code to the caller's batch.
 *
 * <p>Design. The writer keeps a working copy of the head's tries between blocks, so nodes a
 * block loaded stay decoded for the next ones; each apply works on a constant-time copy, so a
 * batch that is never committed leaves the working copy as it was. The copy becomes the new
 * working copy only when {@link #committed} reports its root landed (the chain store calls it
 * after the block's batch), which also moves the shared {@link HeadCache} forward. The working
 * copy is reloaded from its root every {@link #WORKING_COPY_BLOCKS_MAX} blocks to bound the
 * decoded nodes it holds.
 *
 * <p>Thread-safety: views may be made and used on any thread (each on one thread); apply and
 * committed are serialized.
 */
public final class WorldStateStore {
  public static final Column CODE = new Column("code");
  /** The columns this store uses, for opening a RocksDB folder. */
  public static final List<Column> COLUMNS = List.of(NodeStore.COLUMN, CODE);
  static final int WORKING_COPY_BLOCKS_MAX = 256;
  private static final int PENDING_MAX = 4;
  private static final int STORAGE_TRIES_MAX = 4096;

  private final NodeStore nodes;
  private final CodeStore codes;
  private final HeadCache cache;
  private final Object writeLock = new Object();
  private final LinkedHashMap<Hash, StateWriter> pending = new LinkedHashMap<>();
  private Hash workingRoot;
  private MerklePatriciaTrie workingAccounts;
  private Map<Address, MerklePatriciaTrie> workingStorage = lruStorage();
  private int workingBlocks;

  /** Defaults: 256k cached accounts, 256k cached slots, 64 MiB of cached code. */
  public WorldStateStore(KeyValueStore store) {
    this(store, 1 << 18, 1 << 18, 64L << 20);
  }

  public WorldStateStore(KeyValueStore store, int cachedAccountsMax, int cachedSlotsMax,
      long cachedCodeBytesMax) {
    Objects.requireNonNull(store, "store");
    this.nodes = new NodeStore(store);
    this.codes = new CodeStore(store, CODE, cachedCodeBytesMax);
    this.cache = new HeadCache(cachedAccountsMax, cachedSlotsMax);
  }

  /**
   * The state at {@code root}.
   *
   * @throws MissingNodeException when the root is not in the store
   */
  public StateView view(Hash root) {
    return new StateView(root, nodes, codes, cache);
  }

  /** True when the state at {@code root} is stored (its root node is present). */
  public boolean contains(Hash root) {
    return root.equals(Hash.EMPTY_TRIE_ROOT) || nodes.get(root).isPresent();
  }

  /**
   * Applies {@code changes} to the state at {@code root}, adds the new trie nodes and code to
   * {@code batch} (of this store's key-value store) and returns the new root. Nothing is
   * visible until the batch commits and {@link #committed} is called.
   */
  public Hash apply(Hash root, StateChanges changes, WriteBatch batch) {
    synchronized (writeLock) {
      boolean fromWorking = root.equals(workingRoot) && workingAccounts != null;
      MerklePatriciaTrie accounts =
          fromWorking ? workingAccounts.copy() : MerklePatriciaTrie.load(nodes, root);
      StateWriter writer = new StateWriter(root, accounts,
          fromWorking ? workingStorage : Map.of(), nodes, codes);
      Hash newRoot = writer.apply(changes, batch);
      pending.remove(newRoot);
      pending.put(newRoot, writer);
      while (pending.size() > PENDING_MAX) {
        pending.remove(pending.keySet().iterator().next());
      }
      return newRoot;
    }
  }

  /**
   * Records that the batch holding {@code root}'s nodes has been committed and that it is the
   * new head state. Call it after each committed block (and once with the head at start-up).
   */
  public void committed(Hash root) {
    synchronized (writeLock) {
      StateWriter writer = pending.remove(root);
      pending.clear();
      if (writer != null && writer.parent.equals(cache.headRoot())) {
        cache.advance(writer.parent, root, writer.changedAccounts, writer.wiped,
            writer.writtenSlots);
      } else {
        cache.reset(root);
      }
      if (writer != null && workingBlocks < WORKING_COPY_BLOCKS_MAX) {
        promote(writer, root);
      } else {
        workingRoot = root;
        workingAccounts = null;
        workingStorage = lruStorage();
        workingBlocks = 0;
      }
    }
  }

  private void promote(StateWriter writer, Hash root) {
    if (!writer.parent.equals(workingRoot) || workingAccounts == null) {
      workingStorage = lruStorage();
    }
    for (Address address : writer.wiped) {
      workingStorage.remove(address);
    }
    workingStorage.putAll(writer.storageTries);
    workingAccounts = writer.accounts;
    workingRoot = root;
    workingBlocks++;
  }

  /**
   * {@code eth_getProof}: the account at {@code root} with its proof, and a proof for each
   * slot (at most {@link #PROOF_SLOTS_MAX}).
   */
  public AccountProof proof(Hash root, Address address, List<UInt256> slots) {
    if (slots.size() > PROOF_SLOTS_MAX) {
      throw new IllegalArgumentException("at most " + PROOF_SLOTS_MAX
          + " storage slots per proof, got " + slots.size());
    }
    SecureTrie accounts = SecureTrie.load(nodes, root);
    List<byte[]> accountProof = accounts.proof(address.bytesUnsafe());
    AccountState account = accounts.get(address.bytesUnsafe()).map(AccountState::decode)
        .orElse(new AccountState(0, UInt256.ZERO, Hash.EMPTY_TRIE_ROOT, Hash.EMPTY_KECCAK));
    SecureTrie storage = SecureTrie.load(nodes, account.storageRoot());
    List<AccountProof.StorageProof> storageProofs = new ArrayList<>(slots.size());
    for (UInt256 slot : slots) {
      byte[] key = slot.toBytes32();
      UInt256 value = storage.get(key).map(StorageValues::decode).orElse(UInt256.ZERO);
      storageProofs.add(new AccountProof.StorageProof(slot, value, storage.proof(key)));
    }
    return new AccountProof(address, accountProof, account.nonce(), account.balance(),
        account.codeHash(), account.storageRoot(), storageProofs);
  }

  /** Most slots one {@link #proof} call proves, bounding the work of one RPC request. */
  public static final int PROOF_SLOTS_MAX = 1024;

  private static Map<Address, MerklePatriciaTrie> lruStorage() {
    return new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Address, MerklePatriciaTrie> eldest) {
        return size() > STORAGE_TRIES_MAX;
      }
    };
  }
}
