package dev.zg.chain.state;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import dev.zg.common.UInt256;
import dev.zg.evm.state.AccountInfo;
import dev.zg.evm.state.WorldView;
import dev.zg.state.trie.MerklePatriciaTrie;
import dev.zg.state.trie.NodeStore;
import java.util.HashMap;
import java.util.Map;

/**
 * The world state at one root, read-only, as the EVM's {@link WorldView} and for RPC. Reads
 * try the shared head cache first (when this root is the head), then this view's own tries,
 * which load nodes from the store on first use and keep them for the view's life.
 *
 * <p>Not thread-safe: make one view per thread or request (they are cheap).
 */
public final class StateView implements WorldView {
  private final Hash root;
  private final NodeStore nodes;
  private final CodeStore codes;
  private final HeadCache cache;
  private final long generation;
  private MerklePatriciaTrie accounts;
  private final Map<Address, MerklePatriciaTrie> storageTries = new HashMap<>();

  StateView(Hash root, NodeStore nodes, CodeStore codes, HeadCache cache) {
    this.root = root;
    this.nodes = nodes;
    this.codes = codes;
    this.cache = cache;
    this.generation = cache.generationOf(root);
    // The head's root is known to be stored, and most reads at the head hit the cache: its
    // trie is loaded on the first miss. Any other root is loaded now, so a missing one fails
    // here.
    if (generation < 0) {
      this.accounts = MerklePatriciaTrie.load(nodes, root);
    }
  }

  public Hash root() {
    return root;
  }

  /** The account with its storage root, or null when absent. */
  public AccountState accountState(Address address) {
    HeadCache.AccountEntry cached = cache.account(generation, address);
    if (cached != null) {
      return cached.account();
    }
    if (accounts == null) {
      accounts = MerklePatriciaTrie.load(nodes, root);
    }
    AccountState account = accounts.get(Keccak256.hash(address.bytesUnsafe()))
        .map(AccountState::decode).orElse(null);
    cache.rememberAccount(generation, address, account);
    return account;
  }

  @Override
  public AccountInfo account(Address address) {
    AccountState account = accountState(address);
    return account == null ? null : account.info();
  }

  @Override
  public byte[] code(Address address, Hash codeHash) {
    return codes.get(codeHash);
  }

  /** The code of an account (empty when it has none or does not exist). */
  public byte[] code(Address address) {
    AccountState account = accountState(address);
    return account == null ? new byte[0] : codes.get(account.codeHash()).clone();
  }

  @Override
  public UInt256 storage(Address address, UInt256 key) {
    HeadCache.SlotEntry cached = cache.slot(generation, address, key);
    if (cached != null) {
      return cached.value();
    }
    AccountState account = accountState(address);
    UInt256 value = UInt256.ZERO;
    if (account != null && !account.storageRoot().equals(Hash.EMPTY_TRIE_ROOT)) {
      MerklePatriciaTrie trie = storageTries.computeIfAbsent(address,
          a -> MerklePatriciaTrie.load(nodes, account.storageRoot()));
      value = trie.get(StorageValues.key(key)).map(StorageValues::decode).orElse(UInt256.ZERO);
    }
    cache.rememberSlot(generation, address, key, value);
    return value;
  }

  @Override
  public boolean hasStorage(Address address) {
    AccountState account = accountState(address);
    return account != null && !account.storageRoot().equals(Hash.EMPTY_TRIE_ROOT);
  }
}
