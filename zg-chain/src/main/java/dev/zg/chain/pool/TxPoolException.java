package dev.zg.chain.pool;

/**
 * A transaction the pool refused. The messages follow the wording Ethereum clients use
 * (geth's), because wallets and libraries match on them ("nonce too low", "already known",
 * "replacement transaction underpriced", "insufficient funds").
 */
public final class TxPoolException extends Exception {
  public enum Reason {
    ALREADY_KNOWN,
    INVALID,
    WRONG_CHAIN_ID,
    NONCE_TOO_LOW,
    NONCE_TOO_HIGH,
    INSUFFICIENT_FUNDS,
    INTRINSIC_GAS_TOO_LOW,
    FEE_CAP_BELOW_BASE_FEE,
    TIP_ABOVE_FEE_CAP,
    GAS_LIMIT_EXCEEDED,
    REPLACEMENT_UNDERPRICED,
    OVERSIZED,
    SENDER_NOT_EOA,
    SENDER_LIMIT,
    POOL_FULL
  }

  private final Reason reason;

  public TxPoolException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
