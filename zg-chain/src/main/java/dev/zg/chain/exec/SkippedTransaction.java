package dev.zg.chain.exec;

import dev.zg.chain.tx.Transaction;
import java.util.Objects;

/**
 * A transaction left out of a block being built.
 *
 * @param index its position in the list given to the executor
 * @param error the rule's name: a {@code ValidationError} or {@code InvalidTransactionException}
 *     reason (e.g. {@code NONCE_TOO_HIGH}), or the reason's name for the gas budgets
 */
public record SkippedTransaction(
    int index, Transaction transaction, Reason reason, String error, String message) {

  public enum Reason {
    /** Fails a rule that needs no state (chain id, signature, fees, intrinsic gas...). */
    INVALID,
    /** Fails a rule against the state at its turn (nonce, balance, sender with code...). */
    INVALID_FOR_STATE,
    /** Its gas limit exceeds the gas left in the block. */
    BLOCK_GAS_EXHAUSTED,
    /** Its blobs exceed the blob gas left in the block (EIP-4844). */
    BLOB_GAS_EXHAUSTED
  }

  public SkippedTransaction {
    Objects.requireNonNull(transaction, "transaction");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(message, "message");
  }
}
