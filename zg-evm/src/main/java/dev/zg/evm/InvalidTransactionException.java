package dev.zg.evm;

/**
 * A transaction that cannot be included at all (as opposed to one that runs and fails):
 * it changes no state and pays no fee.
 */
public final class InvalidTransactionException extends Exception {
  /** Why; names follow the ethereum/tests TransactionException names where one exists. */
  public enum Reason {
    NONCE_TOO_LOW,
    NONCE_TOO_HIGH,
    NONCE_IS_MAX,
    SENDER_NOT_EOA,
    INTRINSIC_GAS_TOO_LOW,
    GAS_ALLOWANCE_EXCEEDED,
    INSUFFICIENT_MAX_FEE_PER_GAS,
    PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS,
    GASPRICE_OVERFLOW,
    INSUFFICIENT_ACCOUNT_FUNDS,
    INITCODE_SIZE_EXCEEDED,
    TYPE_3_TX_CONTRACT_CREATION,
    TYPE_3_TX_ZERO_BLOBS,
    TYPE_3_TX_BLOB_COUNT_EXCEEDED,
    TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH,
    INSUFFICIENT_MAX_FEE_PER_BLOB_GAS,
    BLOB_GAS_LIMIT_EXCEEDED,
  }

  private final Reason reason;

  public InvalidTransactionException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
