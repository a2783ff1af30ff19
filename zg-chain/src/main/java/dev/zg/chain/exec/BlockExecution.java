package dev.zg.chain.exec;

import dev.zg.chain.block.Block;
import dev.zg.chain.block.IndexedLog;
import dev.zg.chain.block.StoredReceipt;
import dev.zg.common.Hash;
import dev.zg.evm.state.StateChanges;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of executing a block: the block with every execution-derived header field
 * filled in (state, transactions and receipts roots, logs bloom, gas used, blob gas used),
 * what each included transaction did, what was skipped (building only), the net state changes,
 * and where the time went. The new state's trie nodes are in the caller's batch.
 */
public record BlockExecution(
    Block block,
    List<ExecutedTransaction> executed,
    List<SkippedTransaction> skipped,
    StateChanges stateChanges,
    Timings timings) {

  public BlockExecution {
    executed = List.copyOf(executed);
    skipped = List.copyOf(skipped);
  }

  /**
   * Nanoseconds per phase, informational. {@code blockRootsNanos} is only the wait for the
   * transactions and receipts roots beyond the state root, since they are built alongside it.
   */
  public record Timings(long senderRecoveryNanos, long executionNanos, long stateRootNanos,
      long blockRootsNanos) {}

  public Hash stateRoot() {
    return block.header().stateRoot();
  }

  public long gasUsed() {
    return block.header().gasUsed();
  }

  public long blobGasUsed() {
    return block.header().blobGasUsed();
  }

  public List<StoredReceipt> receipts() {
    List<StoredReceipt> out = new ArrayList<>(executed.size());
    for (ExecutedTransaction tx : executed) {
      out.add(tx.receipt());
    }
    return out;
  }

  /** Every log of the block with its indexes. */
  public List<IndexedLog> logs() {
    List<IndexedLog> out = new ArrayList<>();
    for (ExecutedTransaction tx : executed) {
      out.addAll(tx.logs(block.hash(), block.number()));
    }
    return out;
  }
}
