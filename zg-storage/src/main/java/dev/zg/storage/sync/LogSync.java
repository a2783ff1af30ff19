package dev.zg.storage.sync;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.storage.log.BlockRef;
import dev.zg.storage.log.LogEntry;
import dev.zg.storage.log.LogStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain follower: reads Flow's {@code Submit} logs up to {@code confirmations} blocks
 * behind the head, a page of blocks at a time, and turns them into log entries. Progress
 * (the next block, the hashes of the blocks read) is saved with the entries in one write,
 * so a restart resumes where it stopped. Before each page it checks that the last block read
 * is still canonical; if not, it walks back over the remembered hashes to the fork point and
 * rolls back every entry from the abandoned blocks (with their segments).
 */
public final class LogSync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogSync.class);
  /** Blocks per eth_getLogs call (0G's node uses 999 too: many endpoints cap at 1000). */
  public static final int PAGE_BLOCKS = 999;

  private final ChainSource chain;
  private final Address flow;
  private final LogStore store;
  private final int confirmations;
  private final long startBlock;
  private final Duration pollInterval;
  /** The head at the last full poll; polls are single-threaded. */
  private long headAtLastCheck = -1;
  private volatile Thread thread;
  private volatile boolean stopped;
  private volatile String lastError;

  public LogSync(ChainSource chain, Address flow, LogStore store, int confirmations,
      long startBlock, Duration pollInterval) {
    if (confirmations < 0 || confirmations > LogStore.REORG_DEPTH_MAX / 2) {
      throw new IllegalArgumentException(
          "confirmations must be 0.." + LogStore.REORG_DEPTH_MAX / 2 + ", got " + confirmations);
    }
    if (startBlock < 0) {
      throw new IllegalArgumentException("startBlock must not be negative");
    }
    this.chain = chain;
    this.flow = flow;
    this.store = store;
    this.confirmations = confirmations;
    this.startBlock = startBlock;
    this.pollInterval = pollInterval;
  }

  /** Follows the chain on a daemon thread until closed. */
  public synchronized LogSync start() {
    if (thread == null) {
      thread = Thread.ofPlatform().daemon().name("zgs-log-sync").start(this::run);
    }
    return this;
  }

  /** The last failure, or null once a poll succeeds again. */
  public String lastError() {
    return lastError;
  }

  private void run() {
    long backoffMs = pollInterval.toMillis();
    while (!stopped) {
      try {
        boolean more = pollOnce();
        lastError = null;
        backoffMs = pollInterval.toMillis();
        if (!more) {
          Thread.sleep(pollInterval);
        }
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        if (stopped) {
          return;
        }
        lastError = e.getMessage();
        LOG.warn("log sync: {}", e.toString());
        try {
          Thread.sleep(backoffMs);
        } catch (InterruptedException ie) {
          return;
        }
        backoffMs = Math.min(backoffMs * 2, 10_000);
      }
    }
  }

  /**
   * One step: undo a reorganization if there was one, then read one page of confirmed
   * blocks. Returns true when more confirmed blocks remain to read.
   */
  public boolean pollOnce() throws IOException {
    long head = chain.blockNumber();
    long safe = head - confirmations;
    if (head == headAtLastCheck && safe < Math.max(store.nextBlock(), startBlock)) {
      // No new block since the last poll and nothing left to read: skip the reorg check,
      // which reads a whole block (all its transaction hashes) from the chain.
      return false;
    }
    headAtLastCheck = head;
    checkReorg();
    long from = Math.max(store.nextBlock(), startBlock);
    if (safe < from) {
      return false;
    }
    long to = Math.min(safe, from + PAGE_BLOCKS - 1);
    List<ChainLog> logs = chain.logs(flow, SubmitEvent.TOPIC, from, to);
    Hash toHash = chain.blockHash(to).orElseThrow(
        () -> new IOException("block " + to + " vanished while reading logs"));
    List<LogEntry> entries = new ArrayList<>();
    Map<Long, BlockRef> seen = new LinkedHashMap<>();
    for (ChainLog log : logs) {
      if (log.removed() || log.topics().size() != 3
          || !log.topics().get(0).equals(SubmitEvent.TOPIC)) {
        continue;
      }
      if (log.blockNumber() < from || log.blockNumber() > to) {
        throw new IOException("eth_getLogs returned a log of block " + log.blockNumber()
            + " for blocks " + from + ".." + to);
      }
      SubmitEvent event = SubmitEvent.decode(log.topics().get(1), log.topics().get(2),
          log.data());
      entries.add(LogEntry.of(event.submissionIndex(), event.submission(), event.startPos(),
          event.tags(), event.sender(), log.blockNumber(), log.blockHash()));
      seen.put(log.blockNumber(), new BlockRef(log.blockNumber(), log.blockHash()));
    }
    entries.sort((a, b) -> Long.compare(a.txSeq(), b.txSeq()));
    store.appendBlocks(entries, List.copyOf(seen.values()), new BlockRef(to, toHash));
    if (!entries.isEmpty()) {
      LOG.info("log sync: {} new entries up to block {} (next tx seq {})", entries.size(), to,
          store.nextTxSeq());
    }
    return to < safe;
  }

  /** Rolls back to the newest remembered block that is still canonical, if the last is not. */
  private void checkReorg() throws IOException {
    Optional<BlockRef> last = store.lastBlock();
    if (last.isEmpty() || isCanonical(last.get())) {
      return;
    }
    long keep = -1;
    long lowest = Math.max(0, last.get().number() - LogStore.REORG_DEPTH_MAX);
    for (long n = last.get().number() - 1; n >= lowest; n--) {
      Optional<Hash> mine = store.blockHash(n);
      if (mine.isPresent() && isCanonical(new BlockRef(n, mine.get()))) {
        keep = n;
        break;
      }
    }
    if (keep < 0) {
      keep = Math.max(startBlock, lowest) - 1;
    }
    List<LogEntry> removed = store.rollbackAfter(keep);
    LOG.warn("log sync: the chain reorganized after block {}: {} entries rolled back", keep,
        removed.size());
  }

  private boolean isCanonical(BlockRef ref) throws IOException {
    return chain.blockHash(ref.number()).map(ref.hash()::equals).orElse(false);
  }

  @Override
  public void close() {
    stopped = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
