package dev.zg.chain.block;

import dev.zg.common.Hash;
import dev.zg.evm.state.Log;
import java.util.Objects;

/**
 * A log with where it sits on chain, as {@code eth_getLogs} and receipts report it.
 *
 * @param logIndex the log's position among all logs of its block
 */
public record IndexedLog(
    Log log, Hash blockHash, long blockNumber, Hash transactionHash, int transactionIndex,
    int logIndex) {
  public IndexedLog {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(blockHash, "blockHash");
    Objects.requireNonNull(transactionHash, "transactionHash");
  }
}
