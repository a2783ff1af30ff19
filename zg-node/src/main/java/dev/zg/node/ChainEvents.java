package dev.zg.node;

import dev.zg.chain.block.Block;
import dev.zg.chain.block.IndexedLog;
import dev.zg.chain.tx.Transaction;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What happens on the chain, for subscriptions and filters: each new head block with its logs,
 * and each transaction that becomes pending. Listeners run on the producing thread and must
 * be quick (hand off, do not block); each returns a handle that removes it.
 */
public final class ChainEvents {
  /** A block that became the head, with every log it emitted. */
  public record NewBlock(Block block, List<IndexedLog> logs) {}

  private final List<Consumer<NewBlock>> blockListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<Transaction>> pendingListeners = new CopyOnWriteArrayList<>();

  public Runnable onNewBlock(Consumer<NewBlock> listener) {
    blockListeners.add(listener);
    return () -> blockListeners.remove(listener);
  }

  public Runnable onPendingTransaction(Consumer<Transaction> listener) {
    pendingListeners.add(listener);
    return () -> pendingListeners.remove(listener);
  }

  public void publishBlock(NewBlock event) {
    for (Consumer<NewBlock> l : blockListeners) {
      l.accept(event);
    }
  }

  void publishPending(Transaction tx) {
    for (Consumer<Transaction> l : pendingListeners) {
      l.accept(tx);
    }
  }
}
