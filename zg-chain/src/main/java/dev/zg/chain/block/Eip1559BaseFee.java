package dev.zg.chain.block;

import java.math.BigInteger;

/**
 * EIP-1559's base fee of a child block: unchanged when the parent used exactly its gas
 * target (gasLimit / ELASTICITY_MULTIPLIER), else moved towards demand by at most 1/8
 * (BASE_FEE_MAX_CHANGE_DENOMINATOR), rising by at least 1 when above target.
 */
public final class Eip1559BaseFee {
  public static final long ELASTICITY_MULTIPLIER = 2;
  public static final long BASE_FEE_MAX_CHANGE_DENOMINATOR = 8;

  private Eip1559BaseFee() {}

  public static BigInteger next(BlockHeader parent) {
    return next(parent.gasLimit(), parent.gasUsed(), parent.baseFeePerGas());
  }

  public static BigInteger next(long parentGasLimit, long parentGasUsed, BigInteger parentBaseFee) {
    long target = parentGasLimit / ELASTICITY_MULTIPLIER;
    if (parentGasUsed == target || target == 0) {
      return parentBaseFee;
    }
    BigInteger denominator = BigInteger.valueOf(target)
        .multiply(BigInteger.valueOf(BASE_FEE_MAX_CHANGE_DENOMINATOR));
    if (parentGasUsed > target) {
      BigInteger delta = parentBaseFee.multiply(BigInteger.valueOf(parentGasUsed - target))
          .divide(denominator);
      return parentBaseFee.add(delta.max(BigInteger.ONE));
    }
    BigInteger delta = parentBaseFee.multiply(BigInteger.valueOf(target - parentGasUsed))
        .divide(denominator);
    return parentBaseFee.subtract(delta);
  }
}
