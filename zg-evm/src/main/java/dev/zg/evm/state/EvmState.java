package dev.zg.evm.state;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import dev.zg.common.UInt256;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The mutable world state of a block in execution, over a read-only {@link WorldView}.
 *
 * <p>Every change goes through a journal so that a failing call frame reverts exactly its own
 * changes: {@link #checkpoint()} marks the journal, {@link #revertTo} undoes back to a mark.
 * Transaction-scoped state (warm addresses and slots of EIP-2929, transient storage of
 * EIP-1153, logs, the refund counter, self-destructs of EIP-6780, touched accounts of
 * EIP-161) lives here too and is settled by {@link #finishTransaction}. {@link #changes()}
 * hands the block's net effect to the store.
 *
 * <p>Not thread-safe: one per executing block.
 */
public final class EvmState {
  /** Precompile 0x03 stays touched when a call to it reverts (mainnet block 2675119 rule). */
  private static final Address RIPEMD = Address.wrap(new byte[] {
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3});

  private final WorldView world;
  private final HashMap<Address, Account> accounts = new HashMap<>();
  private final ArrayList<Entry> journal = new ArrayList<>();
  private final LinkedHashSet<Account> changedInBlock = new LinkedHashSet<>();

  private final HashSet<Address> warmAddresses = new HashSet<>();
  private final ArrayList<Account> slotWarmedAccounts = new ArrayList<>();
  private final ArrayList<Account> transientAccounts = new ArrayList<>();
  private final ArrayList<Log> logs = new ArrayList<>();
  private final LinkedHashSet<Address> selfDestructs = new LinkedHashSet<>();
  private long refund;

  public EvmState(WorldView world) {
    this.world = world;
  }

  // ---- accounts ------------------------------------------------------------------------

  /** The working copy of an account, loaded on first use (a missing account has exists=false). */
  public Account account(Address address) {
    Account a = accounts.get(address);
    if (a == null) {
      a = new Account(address, world.account(address));
      accounts.put(address, a);
    }
    return a;
  }

  public boolean exists(Address address) {
    return account(address).exists;
  }

  public UInt256 balance(Address address) {
    return account(address).balance;
  }

  public long nonce(Address address) {
    return account(address).nonce;
  }

  public byte[] code(Address address) {
    return code(account(address));
  }

  public byte[] code(Account a) {
    if (a.code == null) {
      a.code = world.code(a.address, a.codeHash);
    }
    return a.code;
  }

  /** EXTCODEHASH: zero for dead accounts (EIP-1052 with EIP-161). */
  public Hash codeHashOrZero(Address address) {
    Account a = account(address);
    return a.isDead() ? Hash.ZERO : a.codeHash;
  }

  public void setNonce(Account a, long nonce) {
    markExists(a);
    journal.add(new NonceChange(a, a.nonce));
    a.nonce = nonce;
  }

  public void addBalance(Address address, UInt256 amount) {
    Account a = account(address);
    touch(a);
    if (amount.isZero()) {
      return;
    }
    markExists(a);
    journal.add(new BalanceChange(a, a.balance));
    a.balance = a.balance.add(amount);
  }

  /** Subtracts {@code amount}; callers have checked the balance covers it. */
  public void subtractBalance(Address address, UInt256 amount) {
    Account a = account(address);
    touch(a);
    if (amount.isZero()) {
      return;
    }
    journal.add(new BalanceChange(a, a.balance));
    a.balance = a.balance.subtract(amount);
  }

  public void setBalance(Account a, UInt256 balance) {
    markExists(a);
    journal.add(new BalanceChange(a, a.balance));
    a.balance = balance;
  }

  public void setCode(Account a, byte[] code) {
    markExists(a);
    journal.add(new CodeChange(a, a.code, a.codeHash, a.codeChanged));
    a.code = code;
    a.codeHash = code.length == 0 ? Hash.EMPTY_KECCAK : Hash.adopt(Keccak256.hash(code));
    a.codeChanged = true;
  }

  /**
   * CREATE/CREATE2 claims an address: the account exists from now on with nonce 1 (EIP-161),
   * keeps any balance already sent to it, and is marked as created in this transaction.
   */
  public void createContractAccount(Address address) {
    Account a = account(address);
    journal.add(new Created(a, a.exists, a.createdInTransaction));
    a.exists = true;
    a.createdInTransaction = true;
    touch(a);
    setNonce(a, 1);
  }

  /** EIP-7610 and EIP-684: an address with a nonce, code or storage cannot be created again. */
  public boolean hasCollision(Address address) {
    Account a = account(address);
    if (a.nonce != 0 || a.hasCode()) {
      return true;
    }
    if (!a.dirty.isEmpty()) {
      for (UInt256 v : a.dirty.values()) {
        if (!v.isZero()) {
          return true;
        }
      }
    }
    for (UInt256 v : a.writtenInBlock.values()) {
      if (!v.isZero()) {
        return true;
      }
    }
    return a.exists && !a.storageWiped && world.hasStorage(address);
  }

  /** EIP-161 touch: an empty touched account is deleted when the transaction ends. */
  public void touch(Account a) {
    if (!a.touched) {
      journal.add(new Touch(a));
      a.touched = true;
    }
  }

  private void markExists(Account a) {
    if (!a.exists) {
      journal.add(new Created(a, false, a.createdInTransaction));
      a.exists = true;
    }
  }

  // ---- storage --------------------------------------------------------------------------

  public UInt256 storage(Address address, UInt256 key) {
    Account a = account(address);
    UInt256 v = a.dirty.get(key);
    return v != null ? v : originalStorage(a, key);
  }

  /** The slot's value when the transaction began (EIP-2200 "original value"). */
  public UInt256 originalStorage(Account a, UInt256 key) {
    UInt256 v = a.original.get(key);
    if (v == null) {
      v = a.storageWiped || !a.exists ? UInt256.ZERO : world.storage(a.address, key);
      a.original.put(key, v);
    }
    return v;
  }

  public void setStorage(Address address, UInt256 key, UInt256 value) {
    Account a = account(address);
    journal.add(new StorageChange(a, key, a.dirty.get(key)));
    a.dirty.put(key, value);
  }

  public UInt256 transientStorage(Address address, UInt256 key) {
    Account a = account(address);
    if (a.transientStorage == null) {
      return UInt256.ZERO;
    }
    return a.transientStorage.getOrDefault(key, UInt256.ZERO);
  }

  public void setTransientStorage(Address address, UInt256 key, UInt256 value) {
    Account a = account(address);
    if (a.transientStorage == null) {
      a.transientStorage = new HashMap<>();
      transientAccounts.add(a);
    }
    UInt256 previous = a.transientStorage.put(key, value);
    journal.add(new TransientChange(a, key, previous));
  }

  // ---- access lists (EIP-2929) ---------------------------------------------------------

  /** Marks the address warm; returns true when it was cold. */
  public boolean warmAddress(Address address) {
    if (warmAddresses.add(address)) {
      journal.add(new WarmAddress(address));
      return true;
    }
    return false;
  }

  public boolean isWarm(Address address) {
    return warmAddresses.contains(address);
  }

  /** Marks the slot warm; returns true when it was cold. */
  public boolean warmSlot(Address address, UInt256 key) {
    Account a = account(address);
    if (a.warmSlots == null) {
      a.warmSlots = new HashSet<>();
      slotWarmedAccounts.add(a);
    }
    if (a.warmSlots.add(key)) {
      journal.add(new WarmSlot(a, key));
      return true;
    }
    return false;
  }

  // ---- logs, refunds, self-destruct -----------------------------------------------------

  public void addLog(Log log) {
    logs.add(log);
    journal.add(LogAdded.INSTANCE);
  }

  public List<Log> logs() {
    return List.copyOf(logs);
  }

  public long refund() {
    return refund;
  }

  public void addRefund(long delta) {
    journal.add(new RefundChange(refund));
    refund += delta;
  }

  /**
   * Records a SELFDESTRUCT of a contract created in this transaction (EIP-6780). Its balance
   * is gone at once, even when it named itself as the beneficiary.
   */
  public void markSelfDestructed(Address address) {
    if (selfDestructs.add(address)) {
      journal.add(new SelfDestruct(address));
    }
    Account a = account(address);
    if (!a.balance.isZero()) {
      setBalance(a, UInt256.ZERO);
    }
  }

  public boolean isCreatedInTransaction(Address address) {
    return account(address).createdInTransaction;
  }

  // ---- journal ----------------------------------------------------------------------------

  public int checkpoint() {
    return journal.size();
  }

  public void revertTo(int checkpoint) {
    for (int i = journal.size() - 1; i >= checkpoint; i--) {
      undo(journal.remove(i));
    }
  }

  private void undo(Entry e) {
    switch (e) {
      case NonceChange c -> c.account.nonce = c.previous;
      case BalanceChange c -> c.account.balance = c.previous;
      case CodeChange c -> {
        c.account.code = c.previousCode;
        c.account.codeHash = c.previousHash;
        c.account.codeChanged = c.previousChanged;
      }
      case StorageChange c -> {
        if (c.previous == null) {
          c.account.dirty.remove(c.key);
        } else {
          c.account.dirty.put(c.key, c.previous);
        }
      }
      case TransientChange c -> {
        if (c.previous == null) {
          c.account.transientStorage.remove(c.key);
        } else {
          c.account.transientStorage.put(c.key, c.previous);
        }
      }
      case Created c -> {
        c.account.exists = c.previousExists;
        c.account.createdInTransaction = c.previousCreated;
      }
      case Touch c -> {
        if (!c.account.address.equals(RIPEMD)) {
          c.account.touched = false;
        }
      }
      case WarmAddress c -> warmAddresses.remove(c.address);
      case WarmSlot c -> c.account.warmSlots.remove(c.key);
      case RefundChange c -> refund = c.previous;
      case LogAdded c -> logs.remove(logs.size() - 1);
      case SelfDestruct c -> selfDestructs.remove(c.address);
    }
  }

  // ---- end of transaction and block -----------------------------------------------------

  /**
   * Settles a transaction: deletes the contracts it created and self-destructed (EIP-6780)
   * and the empty accounts it touched (EIP-161), folds its storage writes into the block,
   * and clears every transaction-scoped set. Returns the logs it emitted.
   */
  public List<Log> finishTransaction() {
    for (Entry e : journal) {
      Account a = e.account();
      if (a != null) {
        changedInBlock.add(a);
      }
    }
    for (Address address : selfDestructs) {
      Account a = account(address);
      delete(a);
      changedInBlock.add(a);
    }
    for (Account a : accounts.values()) {
      if (a.touched && a.exists && a.isEmpty()) {
        delete(a);
        changedInBlock.add(a);
      }
      a.touched = false;
      a.createdInTransaction = false;
      if (!a.dirty.isEmpty()) {
        a.original.putAll(a.dirty);
        a.writtenInBlock.putAll(a.dirty);
        a.dirty.clear();
      }
    }
    for (Account a : slotWarmedAccounts) {
      a.warmSlots = null;
    }
    for (Account a : transientAccounts) {
      a.transientStorage = null;
    }
    List<Log> emitted = List.copyOf(logs);
    slotWarmedAccounts.clear();
    transientAccounts.clear();
    warmAddresses.clear();
    selfDestructs.clear();
    logs.clear();
    journal.clear();
    refund = 0;
    return emitted;
  }

  private static void delete(Account a) {
    a.exists = false;
    a.nonce = 0;
    a.balance = UInt256.ZERO;
    a.code = new byte[0];
    a.codeHash = Hash.EMPTY_KECCAK;
    a.codeChanged = true;
    a.storageWiped = true;
    a.original.clear();
    a.dirty.clear();
    a.writtenInBlock.clear();
  }

  /** The net changes of every finished transaction so far, in first-change order. */
  public StateChanges changes() {
    List<StateChanges.AccountChange> out = new ArrayList<>(changedInBlock.size());
    for (Account a : changedInBlock) {
      Map<UInt256, UInt256> storage = new LinkedHashMap<>(a.writtenInBlock);
      out.add(new StateChanges.AccountChange(a.address, !a.exists, a.nonce, a.balance,
          a.codeHash, a.codeChanged ? code(a) : null, a.codeChanged, a.storageWiped, storage));
    }
    return new StateChanges(out);
  }

  // ---- journal entries -------------------------------------------------------------------

  private sealed interface Entry {
    default Account account() {
      return null;
    }
  }

  private record NonceChange(Account account, long previous) implements Entry {}

  private record BalanceChange(Account account, UInt256 previous) implements Entry {}

  private record CodeChange(Account account, byte[] previousCode, Hash previousHash,
      boolean previousChanged) implements Entry {}

  private record StorageChange(Account account, UInt256 key, UInt256 previous) implements Entry {}

  private record TransientChange(Account account, UInt256 key, UInt256 previous)
      implements Entry {
    @Override
    public Account account() {
      return null;
    }
  }

  private record Created(Account account, boolean previousExists, boolean previousCreated)
      implements Entry {}

  private record Touch(Account account) implements Entry {}

  private record WarmAddress(Address address) implements Entry {}

  private record WarmSlot(Account account, UInt256 key) implements Entry {
    @Override
    public Account account() {
      return null;
    }
  }

  private record RefundChange(long previous) implements Entry {}

  private enum LogAdded implements Entry {
    INSTANCE
  }

  private record SelfDestruct(Address address) implements Entry {}
}
