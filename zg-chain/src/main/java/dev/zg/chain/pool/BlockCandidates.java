package dev.zg.chain.pool;

import dev.zg.chain.tx.Transaction;
import java.math.BigInteger;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A snapshot of pending transactions in block order: repeatedly the best next transaction by
 * effective tip (earliest arrival on ties) among each sender's lowest remaining nonce. The
 * builder calls {@link #skipSender()} when it cannot use the transaction it just took, so
 * the sender's later nonces are not offered either.
 */
public final class BlockCandidates {
  private final BigInteger baseFee;
  private final PriorityQueue<Cursor> queue;
  private Cursor last;

  private static final class Cursor {
    final List<Transaction> run;
    final List<Long> arrivals;
    int index;
    BigInteger tip;

    Cursor(List<Transaction> run, List<Long> arrivals) {
      this.run = run;
      this.arrivals = arrivals;
    }

    Transaction current() {
      return run.get(index);
    }

    long arrival() {
      return arrivals.get(index);
    }
  }

  BlockCandidates(List<List<Transaction>> runs, List<List<Long>> arrivals, BigInteger baseFee) {
    this.baseFee = baseFee;
    this.queue = new PriorityQueue<>(Math.max(1, runs.size()), (a, b) -> {
      int c = b.tip.compareTo(a.tip);
      return c != 0 ? c : Long.compare(a.arrival(), b.arrival());
    });
    for (int i = 0; i < runs.size(); i++) {
      offer(new Cursor(runs.get(i), arrivals.get(i)));
    }
  }

  private void offer(Cursor c) {
    Transaction tx = c.current();
    if (tx.maxFeePerGas().compareTo(baseFee) < 0) {
      return; // cannot pay this block's base fee; later nonces wait behind it
    }
    c.tip = tx.effectiveGasPrice(baseFee).subtract(baseFee);
    queue.add(c);
  }

  /** The next transaction, or null when none is left. */
  public Transaction next() {
    if (last != null && last.index + 1 < last.run.size()) {
      last.index++;
      offer(last);
    }
    last = queue.poll();
    return last == null ? null : last.current();
  }

  /** Drops the rest of the sender of the transaction {@link #next()} returned last. */
  public void skipSender() {
    last = null;
  }
}
