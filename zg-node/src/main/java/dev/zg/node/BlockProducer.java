package dev.zg.node;

import dev.zg.chain.block.Block;
import dev.zg.chain.block.BlockHeader;
import dev.zg.chain.exec.BlockExecution;
import dev.zg.chain.exec.BlockExecutor;
import dev.zg.chain.exec.ExecutionMode;
import dev.zg.chain.pool.TxPool;
import dev.zg.chain.store.ChainStore;
import dev.zg.chain.tx.Transaction;
import dev.zg.state.kv.WriteBatch;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes blocks from the pool: on an interval (empty blocks included, as interval mining on
 * other local chains does) or on demand (as soon as transactions are pending, block after
 * block until none are). One thread; {@link #mine()} lets RPC callers (evm_mine) produce a
 * block synchronously through the same lock.
 *
 * <p>A block is reported (events, pool) only after its commit is durable.
 */
final class BlockProducer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BlockProducer.class);

  private final ChainStore store;
  private final BlockExecutor executor;
  private final TxPool pool;
  private final ChainEvents events;
  private final NodeConfig config;
  private final Clock clock;
  private final Object lock = new Object();
  private final Thread thread;
  private boolean wanted;
  private volatile boolean closed;

  BlockProducer(ChainStore store, BlockExecutor executor, TxPool pool, ChainEvents events,
      NodeConfig config, Clock clock) {
    this.store = store;
    this.executor = executor;
    this.pool = pool;
    this.events = events;
    this.config = config;
    this.clock = clock;
    this.thread = new Thread(this::loop, "block-producer");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Asks for a block soon (on-demand mining). */
  void requestBlock() {
    synchronized (lock) {
      wanted = true;
      lock.notifyAll();
    }
  }

  /** Produces one block now, whatever the mode. */
  Block mine() {
    synchronized (lock) {
      return produce();
    }
  }

  private void loop() {
    long intervalMillis = config.blockTime().toMillis();
    long next = clock.millis() + intervalMillis;
    while (!closed) {
      try {
        synchronized (lock) {
          if (config.mineOnDemand()) {
            while (!wanted && !closed) {
              lock.wait();
            }
            wanted = false;
            while (!closed && pool.pendingCount() > 0) {
              if (produce().transactions().isEmpty()) {
                break; // nothing pending can go in yet (fees, gaps): wait for news
              }
            }
          } else {
            long now = clock.millis();
            if (now < next) {
              lock.wait(next - now);
              continue;
            }
            produce();
            next = Math.max(next + intervalMillis, clock.millis());
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // A failed block is not committed; keep producing rather than stop the chain.
        LOG.error("block production failed", e);
      }
    }
  }

  private Block produce() {
    BlockHeader parent = store.head();
    BlockHeader template = template(parent);
    List<Transaction> chosen = BlockFilling.choose(pool, template, BlockFilling.NO_BYTE_LIMIT);
    BlockExecution result;
    try (WriteBatch batch = store.newBatch()) {
      result = executor.execute(parent.stateRoot(), template, chosen, ExecutionMode.BUILD,
          store.blockHashes(), batch);
      store.commitBlock(result.block(), result.receipts(), batch);
    }
    BlockFilling.dropImpossible(pool, result.skipped());
    pool.onNewHead(new HeadAccounts(store.worldState().view(result.stateRoot())));
    events.publishBlock(new ChainEvents.NewBlock(result.block(), result.logs()));
    LOG.debug("block {} with {} transactions", result.block().number(),
        result.block().transactions().size());
    return result.block();
  }

  /** The time of the block after {@code parent}: now, or a second after the parent. */
  static long nextTimestamp(Clock clock, BlockHeader parent) {
    return Math.max(clock.millis() / 1000, parent.timestamp() + 1);
  }

  private BlockHeader template(BlockHeader parent) {
    return BlockTemplate.childOf(parent, store.worldState().view(parent.stateRoot()),
        config.coinbase(), nextTimestamp(clock, parent));
  }

  @Override
  public void close() {
    closed = true;
    synchronized (lock) {
      lock.notifyAll();
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
