package dev.zg.evm.precompile;

import dev.zg.common.Bytes;
import java.math.BigInteger;

/**
 * 0x05 MODEXP: base^exp mod m on big integers. Input format of EIP-198: three 32-byte lengths,
 * then base, exponent and modulus of those lengths, zero where the input ends. Gas of EIP-2565.
 *
 * <p>The lengths are 256-bit words that a caller can set to anything, so they stay BigIntegers
 * until proven small and nothing is allocated at a declared size before it is paid for: the
 * EVM calls {@link #run} only after {@link #gas} is covered, and gas grows with the square of
 * the base and modulus lengths and linearly with the exponent length.
 */
final class ModExpPrecompile implements Precompile {
  static final long MIN_GAS = 200;
  /**
   * Longest base or modulus {@link #run} accepts: a longer one costs over (2^24)² / 3 gas,
   * which no block pays. (An exponent is only read when the input holds all of it.)
   */
  static final int OPERAND_BYTES_MAX = 1 << 27;
  private static final BigInteger THIRTY_TWO = BigInteger.valueOf(32);
  private static final BigInteger EIGHT = BigInteger.valueOf(8);

  @Override
  public long gas(byte[] input) {
    BigInteger baseLength = PrecompileInput.word(input, 0);
    BigInteger exponentLength = PrecompileInput.word(input, 32);
    BigInteger modulusLength = PrecompileInput.word(input, 64);
    // EIP-2565: words(max(base, modulus))² · max(adjusted exponent length, 1) / 3, at least 200.
    BigInteger words = baseLength.max(modulusLength).add(BigInteger.valueOf(7)).divide(EIGHT);
    BigInteger iterations = adjustedExponentLength(input, baseLength, exponentLength)
        .max(BigInteger.ONE);
    BigInteger gas = words.multiply(words).multiply(iterations).divide(BigInteger.valueOf(3));
    if (gas.bitLength() > 63) {
      return Long.MAX_VALUE; // more than any block gas limit: the caller runs out of gas
    }
    return Math.max(MIN_GAS, gas.longValue());
  }

  /**
   * EIP-198's adjusted exponent length: the index of the highest set bit of the exponent's
   * first 32 bytes (0 when they are zero), plus 8 per exponent byte beyond 32.
   */
  private static BigInteger adjustedExponentLength(
      byte[] input, BigInteger baseLength, BigInteger exponentLength) {
    BigInteger headStart = baseLength.add(BigInteger.valueOf(96));
    int headLength = exponentLength.min(THIRTY_TWO).intValue();
    BigInteger head = BigInteger.ZERO;
    if (headStart.compareTo(BigInteger.valueOf(input.length)) < 0) {
      head = new BigInteger(1, PrecompileInput.slice(input, headStart.longValue(), headLength));
    }
    BigInteger highestBit = BigInteger.valueOf(Math.max(head.bitLength() - 1, 0));
    if (exponentLength.compareTo(THIRTY_TWO) <= 0) {
      return highestBit;
    }
    return exponentLength.subtract(THIRTY_TWO).multiply(EIGHT).add(highestBit);
  }

  @Override
  public byte[] run(byte[] input) {
    BigInteger baseLength = PrecompileInput.word(input, 0);
    BigInteger exponentLength = PrecompileInput.word(input, 32);
    BigInteger modulusLength = PrecompileInput.word(input, 64);
    if (modulusLength.signum() == 0) {
      return Bytes.EMPTY; // the result has modulusLength bytes, whatever the other operands
    }
    if (baseLength.max(modulusLength).compareTo(BigInteger.valueOf(OPERAND_BYTES_MAX)) > 0) {
      return null; // unreachable under any gas limit, see OPERAND_BYTES_MAX
    }
    byte[] out = new byte[modulusLength.intValue()];
    BigInteger modulusStart = baseLength.add(exponentLength).add(BigInteger.valueOf(96));
    if (modulusStart.compareTo(BigInteger.valueOf(input.length)) >= 0) {
      // The modulus lies wholly past the input, so it is 0, and x mod 0 is 0 here (EIP-198).
      // This also covers every exponent longer than the input: it is never read.
      return out;
    }
    int baseBytes = baseLength.intValue();
    int exponentBytes = exponentLength.intValue(); // below input.length, checked just above
    BigInteger modulus =
        new BigInteger(1, PrecompileInput.slice(input, modulusStart.longValue(), out.length));
    if (modulus.signum() == 0) {
      return out;
    }
    BigInteger base = new BigInteger(1, PrecompileInput.slice(input, 96, baseBytes));
    BigInteger exponent =
        new BigInteger(1, PrecompileInput.slice(input, 96L + baseBytes, exponentBytes));
    byte[] result = Bytes.unsigned(base.modPow(exponent, modulus));
    System.arraycopy(result, 0, out, out.length - result.length, result.length);
    return out;
  }
}
