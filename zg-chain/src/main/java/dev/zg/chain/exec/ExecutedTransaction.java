package dev.zg.chain.exec;

import dev.zg.chain.block.IndexedLog;
import dev.zg.chain.block.StoredReceipt;
import dev.zg.chain.tx.Transaction;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.evm.TransactionResult;
import dev.zg.evm.interpreter.Halt;
import java.util.List;

/**
 * A transaction included in a block and what it did.
 *
 * @param index its position in the block
 */
public record ExecutedTransaction(
    int index, Transaction transaction, Address sender, TransactionResult result,
    StoredReceipt receipt) {

  public boolean success() {
    return result.success();
  }

  public long gasUsed() {
    return result.gasUsed();
  }

  /** The created contract, or null. */
  public Address contractAddress() {
    return result.contractAddress();
  }

  /** The revert data when the transaction reverted (REVERT), else empty. */
  public byte[] revertOutput() {
    return result.halt() == Halt.REVERT ? result.output().clone() : new byte[0];
  }

  public List<IndexedLog> logs(Hash blockHash, long blockNumber) {
    return receipt.logs(blockHash, blockNumber, index);
  }
}
