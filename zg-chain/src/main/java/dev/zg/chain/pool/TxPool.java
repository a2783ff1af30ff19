package dev.zg.chain.pool;

import static dev.zg.chain.pool.TxPoolException.Reason.*;

import dev.zg.chain.tx.BlobTransaction;
import dev.zg.chain.tx.BlockContext;
import dev.zg.chain.tx.CancunTransactionValidator;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.ValidationResult;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Transactions waiting for a block, per sender in nonce order. A sender's transactions whose
 * nonces run without a gap from its account nonce are <em>pending</em> (ready for the next
 * block); those behind a gap are <em>queued</em> until the gap fills. Admission checks the
 * transaction on its own (signature, chain id, fees, intrinsic gas, size) and against the
 * head state (nonce, balance, code), and replacements must bump both fees. Every limit in
 * {@link PoolConfig} is enforced; when the pool is full, the cheapest transaction is evicted
 * if the newcomer pays more.
 *
 * <p>Thread-safe: RPC threads add while the block producer selects and settles blocks.
 */
public final class TxPool {
  private final PoolConfig config;
  private final CancunTransactionValidator validator;
  private final Supplier<BlockContext> nextBlock;
  private final List<Consumer<Transaction>> pendingListeners = new CopyOnWriteArrayList<>();

  private final HashMap<Hash, Entry> byHash = new HashMap<>();
  private final HashMap<Address, SenderQueue> senders = new HashMap<>();
  private AccountReader head;
  private long arrivals;
  private int queuedTotal;

  /** A pooled transaction with what the pool derives from it once. */
  record Entry(Transaction tx, Address sender, BigInteger cost, long arrival) {}

  /** One sender's transactions by nonce; the first {@code pendingCount} from base are pending. */
  static final class SenderQueue {
    final TreeMap<Long, Entry> byNonce = new TreeMap<>();
    long baseNonce;
    int pendingCount;
  }

  /**
   * @param nextBlock the gas limit, base fee and blob base fee of the next block to be built
   */
  public TxPool(PoolConfig config, AccountReader head, Supplier<BlockContext> nextBlock) {
    this.config = config;
    this.validator = CancunTransactionValidator.forChain(config.chainId());
    this.head = head;
    this.nextBlock = nextBlock;
  }

  /** Called with each transaction that becomes pending (new, or promoted when a gap fills). */
  public void onPending(Consumer<Transaction> listener) {
    pendingListeners.add(listener);
  }

  /** Admits a transaction or says why not. {@code encodedSize} is its wire size in bytes. */
  public Hash add(Transaction tx, int encodedSize) throws TxPoolException {
    if (encodedSize > config.transactionBytesMax()) {
      throw new TxPoolException(OVERSIZED, "oversized data: transaction size " + encodedSize
          + ", limit " + config.transactionBytesMax());
    }
    Hash hash = tx.hash();
    BlockContext block = nextBlock.get();
    ValidationResult verdict = validator.validate(tx, block);
    List<Transaction> promoted;
    synchronized (this) {
      if (byHash.containsKey(hash)) {
        throw new TxPoolException(ALREADY_KNOWN, "already known");
      }
      if (!(verdict instanceof ValidationResult.Valid valid)) {
        throw Rejections.of((ValidationResult.Invalid) verdict, tx, block);
      }
      Address sender = valid.sender();
      Entry entry = admit(tx, sender);
      promoted = insert(entry);
    }
    for (Transaction t : promoted) {
      pendingListeners.forEach(l -> l.accept(t));
    }
    return hash;
  }

  private Entry admit(Transaction tx, Address sender) throws TxPoolException {
    if (head.hasCode(sender)) {
      throw new TxPoolException(SENDER_NOT_EOA, "sender not an eoa: " + sender + " has code");
    }
    long accountNonce = head.nonce(sender);
    if (Long.compareUnsigned(tx.nonce(), accountNonce) < 0) {
      throw new TxPoolException(NONCE_TOO_LOW, "nonce too low: next nonce " + accountNonce
          + ", tx nonce " + Long.toUnsignedString(tx.nonce()));
    }
    if (Long.compareUnsigned(tx.nonce() - accountNonce, config.slotsPerSenderMax()) >= 0) {
      throw new TxPoolException(NONCE_TOO_HIGH, "nonce too high: next nonce " + accountNonce
          + ", tx nonce " + Long.toUnsignedString(tx.nonce()) + " is more than "
          + config.slotsPerSenderMax() + " ahead");
    }
    BigInteger cost = cost(tx);
    BigInteger balance = head.balance(sender);
    if (cost.compareTo(balance) > 0) {
      throw new TxPoolException(INSUFFICIENT_FUNDS, "insufficient funds for gas * price + value: "
          + "balance " + balance + ", tx cost " + cost + ", overshot " + cost.subtract(balance));
    }
    return new Entry(tx, sender, cost, arrivals++);
  }

  /** gasLimit * feeCap + value (+ blob gas * blob fee cap): what the sender must hold. */
  static BigInteger cost(Transaction tx) {
    BigInteger cost = tx.maxFeePerGas().multiply(BigInteger.valueOf(tx.gasLimit())).add(tx.value());
    if (tx instanceof BlobTransaction blob) {
      cost = cost.add(blob.maxFeePerBlobGas().multiply(BigInteger.valueOf(blob.blobGas())));
    }
    return cost;
  }

  private List<Transaction> insert(Entry entry) throws TxPoolException {
    SenderQueue queue = senders.get(entry.sender());
    if (queue == null) {
      queue = new SenderQueue();
      queue.baseNonce = head.nonce(entry.sender());
    }
    Entry existing = queue.byNonce.get(entry.tx().nonce());
    if (existing != null) {
      checkReplacement(existing.tx(), entry.tx());
    } else {
      if (queue.byNonce.size() >= config.slotsPerSenderMax()) {
        throw new TxPoolException(SENDER_LIMIT, "txpool account limit exceeded: "
            + entry.sender() + " already has " + queue.byNonce.size() + " transactions");
      }
      boolean willQueue = entry.tx().nonce() != queue.baseNonce + queue.pendingCount;
      if (willQueue && queuedTotal >= config.queuedMax()) {
        throw new TxPoolException(POOL_FULL, "txpool is full: " + queuedTotal
            + " transactions already wait behind nonce gaps");
      }
      if (byHash.size() >= config.transactionsMax()) {
        evictCheaperThan(entry);
      }
    }
    senders.put(entry.sender(), queue);
    boolean replacesPending = existing != null && isPending(queue, existing.tx().nonce());
    // Adding never breaks the pending run, so the new run is counted from its old end: a
    // sender's nonces arriving in order cost O(log n) each, not a walk over the run.
    int runBefore = queue.pendingCount;
    long announcedBelow = beginChange(queue);
    if (existing != null) {
      byHash.remove(existing.tx().hash());
    }
    queue.byNonce.put(entry.tx().nonce(), entry);
    byHash.put(entry.tx().hash(), entry);
    List<Transaction> announce = new ArrayList<>(endChange(queue, announcedBelow, runBefore));
    if (replacesPending) {
      announce.add(entry.tx());
    }
    return announce;
  }

  private void checkReplacement(Transaction old, Transaction replacement)
      throws TxPoolException {
    BigInteger factor = BigInteger.valueOf(100 + config.priceBumpPercent());
    BigInteger hundred = BigInteger.valueOf(100);
    boolean feeOk = replacement.maxFeePerGas().multiply(hundred)
        .compareTo(old.maxFeePerGas().multiply(factor)) >= 0;
    boolean tipOk = replacement.maxPriorityFeePerGas().multiply(hundred)
        .compareTo(old.maxPriorityFeePerGas().multiply(factor)) >= 0;
    if (!feeOk || !tipOk) {
      throw new TxPoolException(REPLACEMENT_UNDERPRICED, "replacement transaction underpriced: "
          + "fee cap and tip must both rise by " + config.priceBumpPercent() + "% over "
          + old.maxFeePerGas() + " and " + old.maxPriorityFeePerGas());
    }
  }

  /** Frees one slot by dropping the cheapest other transaction, if the newcomer pays more. */
  private void evictCheaperThan(Entry newcomer) throws TxPoolException {
    Entry cheapest = null;
    for (Entry e : byHash.values()) {
      if (e.sender().equals(newcomer.sender())) {
        continue;
      }
      // Only a sender's last transaction can go without opening a gap in its nonces.
      SenderQueue q = senders.get(e.sender());
      if (q.byNonce.lastKey() != e.tx().nonce()) {
        continue;
      }
      if (cheapest == null || e.tx().maxFeePerGas().compareTo(cheapest.tx().maxFeePerGas()) < 0) {
        cheapest = e;
      }
    }
    if (cheapest == null
        || cheapest.tx().maxFeePerGas().compareTo(newcomer.tx().maxFeePerGas()) >= 0) {
      throw new TxPoolException(POOL_FULL, "txpool is full: " + byHash.size()
          + " transactions, and none pays less than this one");
    }
    SenderQueue q = senders.get(cheapest.sender());
    long announcedBelow = beginChange(q);
    q.byNonce.remove(cheapest.tx().nonce());
    byHash.remove(cheapest.tx().hash());
    endChange(q, announcedBelow, 0);
    if (q.byNonce.isEmpty()) {
      senders.remove(cheapest.sender());
    }
  }

  private static boolean isPending(SenderQueue q, long nonce) {
    return nonce - q.baseNonce >= 0 && nonce - q.baseNonce < q.pendingCount;
  }

  /**
   * Starts changing a sender's transactions: takes its queued ones out of the total and
   * returns the nonce below which its transactions have already been announced as pending.
   */
  private long beginChange(SenderQueue q) {
    queuedTotal -= q.byNonce.size() - q.pendingCount;
    return q.baseNonce + q.pendingCount;
  }

  /**
   * Finishes a change: recomputes the pending run from the base nonce, puts the queued count
   * back, and returns the transactions that became pending and were not announced before.
   * {@code knownRun} nonces from the base are known to be present without a gap.
   */
  private List<Transaction> endChange(SenderQueue q, long announcedBelow, int knownRun) {
    int run = knownRun;
    long expected = q.baseNonce + knownRun;
    for (Long nonce : q.byNonce.tailMap(expected, true).keySet()) {
      if (nonce != expected) {
        break;
      }
      run++;
      expected++;
    }
    q.pendingCount = run;
    queuedTotal += q.byNonce.size() - run;
    long from = Math.max(announcedBelow, q.baseNonce);
    long to = q.baseNonce + run;
    if (from >= to) {
      return List.of();
    }
    List<Transaction> announce = new ArrayList<>();
    for (Entry e : q.byNonce.subMap(from, true, to, false).values()) {
      announce.add(e.tx());
    }
    return announce;
  }

  // ---- blocks -------------------------------------------------------------------------------

  /**
   * Pending transactions in the order a block should take them: by effective tip at
   * {@code baseFee} (highest first, earliest arrival on ties), each sender's in nonce order.
   * A sender whose next transaction cannot pay the base fee is left out.
   */
  public BlockCandidates candidates(BigInteger baseFee) {
    List<List<Transaction>> runs = new ArrayList<>();
    List<List<Long>> arrivalsPerRun = new ArrayList<>();
    synchronized (this) {
      for (SenderQueue q : senders.values()) {
        if (q.pendingCount == 0) {
          continue;
        }
        List<Transaction> run = new ArrayList<>(q.pendingCount);
        List<Long> when = new ArrayList<>(q.pendingCount);
        Iterator<Entry> it = q.byNonce.tailMap(q.baseNonce, true).values().iterator();
        for (int i = 0; i < q.pendingCount; i++) {
          Entry e = it.next();
          run.add(e.tx());
          when.add(e.arrival());
        }
        runs.add(run);
        arrivalsPerRun.add(when);
      }
    }
    return new BlockCandidates(runs, arrivalsPerRun, baseFee);
  }

  /**
   * Settles a new head: drops transactions the head has made stale (nonce below the account
   * nonce) or unaffordable, and promotes queued ones whose gap has closed.
   */
  public void onNewHead(AccountReader newHead) {
    List<Transaction> promoted = new ArrayList<>();
    synchronized (this) {
      head = newHead;
      Iterator<Map.Entry<Address, SenderQueue>> it = senders.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<Address, SenderQueue> s = it.next();
        SenderQueue q = s.getValue();
        long announcedBelow = beginChange(q);
        long nonce = newHead.nonce(s.getKey());
        BigInteger balance = newHead.balance(s.getKey());
        q.byNonce.headMap(nonce, false).values().forEach(e -> byHash.remove(e.tx().hash()));
        q.byNonce.headMap(nonce, false).clear();
        q.byNonce.values().removeIf(e -> {
          boolean drop = e.cost().compareTo(balance) > 0;
          if (drop) {
            byHash.remove(e.tx().hash());
          }
          return drop;
        });
        q.baseNonce = nonce;
        promoted.addAll(endChange(q, announcedBelow, 0));
        if (q.byNonce.isEmpty()) {
          it.remove();
        }
      }
    }
    for (Transaction t : promoted) {
      pendingListeners.forEach(l -> l.accept(t));
    }
  }

  /**
   * Drops transactions a block builder found impossible to include (their sender's later
   * nonces become queued behind the gap).
   */
  public void remove(Iterable<Hash> hashes) {
    synchronized (this) {
      for (Hash hash : hashes) {
        Entry e = byHash.remove(hash);
        if (e == null) {
          continue;
        }
        SenderQueue q = senders.get(e.sender());
        long announcedBelow = beginChange(q);
        q.byNonce.remove(e.tx().nonce());
        endChange(q, announcedBelow, 0);
        if (q.byNonce.isEmpty()) {
          senders.remove(e.sender());
        }
      }
    }
  }

  // ---- queries -------------------------------------------------------------------------------

  public synchronized Optional<Transaction> get(Hash hash) {
    Entry e = byHash.get(hash);
    return e == null ? Optional.empty() : Optional.of(e.tx());
  }

  /** The nonce a sender's next transaction should use, counting its pending ones. */
  public synchronized long nextNonce(Address sender) {
    SenderQueue q = senders.get(sender);
    return q == null ? head.nonce(sender) : q.baseNonce + q.pendingCount;
  }

  public synchronized int pendingCount() {
    return byHash.size() - queuedTotal;
  }

  public synchronized int queuedCount() {
    return queuedTotal;
  }

  public synchronized int size() {
    return byHash.size();
  }

  /** Pending and queued transactions by sender and nonce (txpool_content). */
  public synchronized Map<Address, Map<Long, Transaction>> content(boolean pending) {
    Map<Address, Map<Long, Transaction>> out = new HashMap<>();
    senders.forEach((sender, q) -> {
      Map<Long, Transaction> txs = new TreeMap<>();
      q.byNonce.forEach((nonce, e) -> {
        if (isPending(q, nonce) == pending) {
          txs.put(nonce, e.tx());
        }
      });
      if (!txs.isEmpty()) {
        out.put(sender, txs);
      }
    });
    return out;
  }
}
