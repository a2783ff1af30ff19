package dev.zg.chain.tx;

import dev.zg.common.Secp256k1;
import java.math.BigInteger;
import java.util.Objects;

/**
 * Invariants every transaction record holds, so that anything constructed can be encoded:
 * integers are unsigned and fit the 256-bit RLP fields, and the signature parity is one bit.
 */
final class FieldChecks {
  static final BigInteger UINT256_MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

  private FieldChecks() {}

  static BigInteger uint256(BigInteger value, String name) {
    Objects.requireNonNull(value, name);
    if (value.signum() < 0 || value.bitLength() > 256) {
      throw new IllegalArgumentException(name + " must be in [0, 2^256 - 1], got " + value);
    }
    return value;
  }

  static Secp256k1.Signature signature(Secp256k1.Signature signature) {
    Objects.requireNonNull(signature, "signature");
    uint256(signature.r(), "r");
    uint256(signature.s(), "s");
    if (signature.recoveryId() > 1) {
      throw new IllegalArgumentException(
          "transactions carry a y parity of 0 or 1, got recovery id " + signature.recoveryId());
    }
    return signature;
  }

  static byte[] bytes(byte[] value, String name) {
    return Objects.requireNonNull(value, name).clone();
  }

  /** A 64-bit field (nonce, gas, chain id) read as the unsigned integer the wire means. */
  static BigInteger unsigned(long value) {
    return new BigInteger(Long.toUnsignedString(value));
  }
}
