package dev.zg.chain.exec;

import dev.zg.chain.block.InvalidBlockException;
import dev.zg.chain.block.LogsBloom;
import dev.zg.chain.block.Receipt;
import dev.zg.chain.block.StoredReceipt;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.ValidationResult;
import dev.zg.common.Address;
import dev.zg.evm.BlobGas;
import dev.zg.evm.BlockEnv;
import dev.zg.evm.InvalidTransactionException;
import dev.zg.evm.TransactionProcessor;
import dev.zg.evm.TransactionResult;
import dev.zg.evm.state.EvmState;
import dev.zg.evm.state.WorldView;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The sequential part of executing one block: each transaction in order, on a fresh EVM state
 * over the block overlay, within the block's gas and blob gas budgets. One instance per block.
 */
final class BlockRun {
  private static final long MIN_TRANSACTION_GAS = 21_000;

  private final TransactionProcessor processor;
  private final BlockEnv env;
  private final ExecutionMode mode;
  private final BigInteger baseFee;
  private final BigInteger blobBaseFee;
  final BlockOverlay overlay;
  final List<Transaction> included = new ArrayList<>();
  final List<ExecutedTransaction> executed = new ArrayList<>();
  final List<SkippedTransaction> skipped = new ArrayList<>();
  final LogsBloom.Builder bloom = new LogsBloom.Builder();
  long gasUsed;
  long blobGasUsed;
  /** The priority fees the included transactions paid to the coinbase. */
  BigInteger priorityFees = BigInteger.ZERO;
  private int logIndex;

  BlockRun(TransactionProcessor processor, BlockEnv env, ExecutionMode mode, WorldView parent) {
    this.processor = processor;
    this.env = env;
    this.mode = mode;
    this.baseFee = env.baseFee().toBigInteger();
    this.blobBaseFee = env.blobBaseFee().toBigInteger();
    this.overlay = new BlockOverlay(parent);
  }

  void run(List<Transaction> transactions, List<ValidationResult> validity) {
    for (int i = 0; i < transactions.size(); i++) {
      Transaction tx = transactions.get(i);
      if (mode == ExecutionMode.BUILD && env.gasLimit() - gasUsed < MIN_TRANSACTION_GAS) {
        reject(i, tx, SkippedTransaction.Reason.BLOCK_GAS_EXHAUSTED,
            SkippedTransaction.Reason.BLOCK_GAS_EXHAUSTED.name(), "the block is full");
        continue;
      }
      switch (validity.get(i)) {
        case ValidationResult.Invalid invalid -> reject(i, tx, SkippedTransaction.Reason.INVALID,
            invalid.error().name(), invalid.message());
        case ValidationResult.Valid valid -> runOne(i, tx, valid.sender());
      }
    }
  }

  /** The block's end-of-block changes, after every transaction. */
  void end(BlockEndHook hook, byte[] extraData) {
    if (hook == BlockEndHook.NONE) {
      return;
    }
    EvmState state = new EvmState(overlay);
    hook.endBlock(state, env, new BlockEndHook.BlockEnd(extraData, priorityFees));
    state.finishTransaction();
    overlay.apply(state.changes());
  }

  private void runOne(int index, Transaction tx, Address sender) {
    if (Long.compareUnsigned(tx.gasLimit(), env.gasLimit() - gasUsed) > 0) {
      reject(index, tx, SkippedTransaction.Reason.BLOCK_GAS_EXHAUSTED,
          SkippedTransaction.Reason.BLOCK_GAS_EXHAUSTED.name(), "gas limit "
              + Long.toUnsignedString(tx.gasLimit()) + " exceeds the " + (env.gasLimit() - gasUsed)
              + " gas left in the block");
      return;
    }
    long blobGas = BlobGas.GAS_PER_BLOB * tx.blobVersionedHashes().size();
    if (blobGas > BlobGas.MAX_BLOB_GAS_PER_BLOCK - blobGasUsed) {
      reject(index, tx, SkippedTransaction.Reason.BLOB_GAS_EXHAUSTED,
          SkippedTransaction.Reason.BLOB_GAS_EXHAUSTED.name(), "blob gas " + blobGas
              + " exceeds the " + (BlobGas.MAX_BLOB_GAS_PER_BLOCK - blobGasUsed)
              + " blob gas left in the block");
      return;
    }
    EvmState state = new EvmState(overlay);
    TransactionResult result;
    try {
      result = processor.execute(state, env, TxEnvs.of(tx, sender), null);
    } catch (InvalidTransactionException e) {
      reject(index, tx, SkippedTransaction.Reason.INVALID_FOR_STATE, e.reason().name(),
          e.getMessage());
      return;
    }
    overlay.apply(state.changes());
    record(tx, sender, result);
  }

  private void record(Transaction tx, Address sender, TransactionResult result) {
    gasUsed += result.gasUsed();
    blobGasUsed += result.blobGasUsed();
    Receipt receipt = Receipt.of(tx.type(), result.success(), gasUsed, result.logs());
    bloom.or(receipt.bloom());
    BigInteger blobPrice = result.blobGasUsed() > 0 ? blobBaseFee : BigInteger.ZERO;
    StoredReceipt stored = new StoredReceipt(receipt, tx.hash(), sender, tx.to(),
        result.contractAddress(), result.gasUsed(), tx.effectiveGasPrice(baseFee),
        result.blobGasUsed(), blobPrice, logIndex);
    logIndex += result.logs().size();
    priorityFees = priorityFees.add(tx.effectiveGasPrice(baseFee).subtract(baseFee)
        .multiply(BigInteger.valueOf(result.gasUsed())));
    executed.add(new ExecutedTransaction(included.size(), tx, sender, result, stored));
    included.add(tx);
  }

  private void reject(int index, Transaction tx, SkippedTransaction.Reason reason, String error,
      String message) {
    if (mode == ExecutionMode.IMPORT) {
      throw new InvalidBlockException("transaction " + index + " (" + tx.hash() + ") is invalid: "
          + error + ": " + message);
    }
    skipped.add(new SkippedTransaction(index, tx, reason, error, message));
  }
}
