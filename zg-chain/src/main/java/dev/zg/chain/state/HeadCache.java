package dev.zg.chain.state;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decoded accounts and storage slots of the head state, shared by every reader (RPC, the
 * transaction pool, the executor) without locks on the read path.
 *
 * <p>Invariant: every entry holds the value at the head, and that value has not changed
 * since the entry's generation (head generations count committed blocks). A reader of the
 * state at generation {@code r} may therefore use an entry whose generation is at most
 * {@code r}; any other miss falls back to the trie. Writers hold the lock: {@link #remember}
 * only adds values read at the current head, and {@link #advance} first overwrites every
 * account and slot a block changed (with the new generation, which older readers ignore),
 * drops the storage of wiped accounts, and only then moves the head. Dropping entries is
 * always safe, which is how the size bound works: past it, everything is dropped.
 */
final class HeadCache {
  record Head(Hash root, long generation) {}

  /** A cached account; {@code account} null means known to be absent. */
  record AccountEntry(long generation, AccountState account) {}

  record SlotEntry(long generation, UInt256 value) {}

  private final int accountsMax;
  private final int slotsMax;
  private final ConcurrentHashMap<Address, AccountEntry> accounts = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Address, ConcurrentHashMap<UInt256, SlotEntry>> storage =
      new ConcurrentHashMap<>();
  private int slotCount;
  private volatile Head head = new Head(Hash.ZERO, 0);

  HeadCache(int accountsMax, int slotsMax) {
    this.accountsMax = accountsMax;
    this.slotsMax = slotsMax;
  }

  /** The generation to read {@code root} at, or -1 when it is not the head (no caching). */
  long generationOf(Hash root) {
    Head h = head;
    return h.root().equals(root) ? h.generation() : -1;
  }

  /** The cached entry valid at {@code generation}, or null on a miss. */
  AccountEntry account(long generation, Address address) {
    if (generation < 0) {
      return null;
    }
    AccountEntry e = accounts.get(address);
    return e != null && e.generation() <= generation ? e : null;
  }

  SlotEntry slot(long generation, Address address, UInt256 key) {
    if (generation < 0) {
      return null;
    }
    Map<UInt256, SlotEntry> slots = storage.get(address);
    SlotEntry e = slots == null ? null : slots.get(key);
    return e != null && e.generation() <= generation ? e : null;
  }

  synchronized void rememberAccount(long generation, Address address, AccountState account) {
    if (generation >= 0 && generation == head.generation()) {
      if (accounts.size() >= accountsMax) {
        accounts.clear();
      }
      accounts.putIfAbsent(address, new AccountEntry(generation, account));
    }
  }

  synchronized void rememberSlot(long generation, Address address, UInt256 key, UInt256 value) {
    if (generation >= 0 && generation == head.generation()) {
      putSlot(address, key, new SlotEntry(generation, value), false);
    }
  }

  /**
   * Moves the head from {@code parent} to {@code root}, a block that changed {@code changed}
   * accounts (null for deleted ones), wiped the storage of {@code wiped} and wrote
   * {@code slots}. When {@code parent} is not the head, everything is dropped instead.
   */
  synchronized void advance(Hash parent, Hash root, Map<Address, AccountState> changed,
      Set<Address> wiped, Map<Address, Map<UInt256, UInt256>> slots) {
    Head h = head;
    long next = h.generation() + 1;
    if (!h.root().equals(parent)) {
      reset(root);
      return;
    }
    if (accounts.size() + changed.size() > accountsMax) {
      accounts.clear();
    }
    changed.forEach((address, account) ->
        accounts.put(address, new AccountEntry(next, account)));
    for (Address address : wiped) {
      Map<UInt256, SlotEntry> removed = storage.remove(address);
      if (removed != null) {
        slotCount -= removed.size();
      }
    }
    slots.forEach((address, values) -> values.forEach((key, value) ->
        putSlot(address, key, new SlotEntry(next, value), true)));
    head = new Head(root, next);
  }

  /** Forgets everything; {@code root} becomes the head with a new generation. */
  synchronized void reset(Hash root) {
    accounts.clear();
    storage.clear();
    slotCount = 0;
    head = new Head(root, head.generation() + 1);
  }

  Hash headRoot() {
    return head.root();
  }

  private void putSlot(Address address, UInt256 key, SlotEntry entry, boolean overwrite) {
    if (slotCount >= slotsMax) {
      storage.clear();
      slotCount = 0;
    }
    ConcurrentHashMap<UInt256, SlotEntry> slots =
        storage.computeIfAbsent(address, a -> new ConcurrentHashMap<>());
    SlotEntry previous = overwrite ? slots.put(key, entry) : slots.putIfAbsent(key, entry);
    if (previous == null) {
      slotCount++;
    }
  }
}
