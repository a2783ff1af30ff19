package dev.zg.chain.pool;

import static dev.zg.chain.pool.TxPoolException.Reason.*;

import dev.zg.chain.tx.BlockContext;
import dev.zg.chain.tx.IntrinsicGas;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.ValidationResult;

/** Turns validator verdicts into the pool's errors, worded as Ethereum clients word them. */
final class Rejections {
  private Rejections() {}

  static TxPoolException of(ValidationResult.Invalid invalid, Transaction tx, BlockContext block) {
    return switch (invalid.error()) {
      case INVALID_CHAINID -> new TxPoolException(WRONG_CHAIN_ID, "invalid chain id: "
          + invalid.message());
      case INTRINSIC_GAS_TOO_LOW -> new TxPoolException(INTRINSIC_GAS_TOO_LOW,
          "intrinsic gas too low: gas " + Long.toUnsignedString(tx.gasLimit())
              + ", minimum needed " + IntrinsicGas.of(tx));
      case GAS_ALLOWANCE_EXCEEDED -> new TxPoolException(GAS_LIMIT_EXCEEDED,
          "exceeds block gas limit: gas " + Long.toUnsignedString(tx.gasLimit()) + ", block limit "
              + block.gasLimit());
      case INSUFFICIENT_MAX_FEE_PER_GAS -> new TxPoolException(FEE_CAP_BELOW_BASE_FEE,
          "max fee per gas less than block base fee: maxFeePerGas: " + tx.maxFeePerGas()
              + ", baseFee: " + block.baseFeePerGas());
      case PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS -> new TxPoolException(TIP_ABOVE_FEE_CAP,
          "max priority fee per gas higher than max fee per gas: maxPriorityFeePerGas: "
              + tx.maxPriorityFeePerGas() + ", maxFeePerGas: " + tx.maxFeePerGas());
      default -> new TxPoolException(INVALID, "invalid transaction: " + invalid.message());
    };
  }
}
