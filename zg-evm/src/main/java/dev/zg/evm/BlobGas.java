package dev.zg.evm;

import dev.zg.common.UInt256;
import java.math.BigInteger;

/** EIP-4844 blob gas: per-blob gas, limits, and the blob base fee from excess blob gas. */
public final class BlobGas {
  public static final long GAS_PER_BLOB = 1L << 17;
  public static final int MAX_BLOBS_PER_BLOCK = 6;
  public static final long TARGET_BLOB_GAS_PER_BLOCK = 3 * GAS_PER_BLOB;
  public static final long MAX_BLOB_GAS_PER_BLOCK = MAX_BLOBS_PER_BLOCK * GAS_PER_BLOB;
  private static final BigInteger MIN_BLOB_BASE_FEE = BigInteger.ONE;
  private static final BigInteger UPDATE_FRACTION = BigInteger.valueOf(3338477);
  private static final UInt256 MIN_FEE = UInt256.fromBigInteger(MIN_BLOB_BASE_FEE);

  private BlobGas() {}

  /** fake_exponential(MIN_BLOB_BASE_FEE, excess, BLOB_BASE_FEE_UPDATE_FRACTION) of EIP-4844. */
  public static UInt256 baseFee(long excessBlobGas) {
    if (excessBlobGas == 0) {
      return MIN_FEE; // the series is exactly its first term: no blobs, the common case
    }
    BigInteger numerator = BigInteger.valueOf(excessBlobGas);
    BigInteger output = BigInteger.ZERO;
    BigInteger accumulator = MIN_BLOB_BASE_FEE.multiply(UPDATE_FRACTION);
    for (int i = 1; accumulator.signum() > 0; i++) {
      output = output.add(accumulator);
      accumulator = accumulator.multiply(numerator)
          .divide(UPDATE_FRACTION.multiply(BigInteger.valueOf(i)));
    }
    BigInteger fee = output.divide(UPDATE_FRACTION);
    return fee.bitLength() > 256 ? UInt256.MAX : UInt256.fromBigInteger(fee);
  }

  /** Excess blob gas of a child block (EIP-4844 calc_excess_blob_gas). */
  public static long nextExcess(long parentExcess, long parentBlobGasUsed) {
    long total = parentExcess + parentBlobGasUsed;
    return total < TARGET_BLOB_GAS_PER_BLOCK ? 0 : total - TARGET_BLOB_GAS_PER_BLOCK;
  }
}
