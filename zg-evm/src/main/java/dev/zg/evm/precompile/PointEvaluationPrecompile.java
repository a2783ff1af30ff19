package dev.zg.evm.precompile;

import dev.zg.crypto.kzg.KzgPointEvaluation;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * 0x0a POINT_EVALUATION (EIP-4844), 50000 gas. Input, exactly 192 bytes: versioned hash (32)
 * || z (32) || y (32) || commitment (48) || proof (48). The versioned hash must name the
 * commitment and the proof must show p(z) = y. Output: FIELD_ELEMENTS_PER_BLOB and BLS_MODULUS
 * as two 32-byte words.
 */
final class PointEvaluationPrecompile implements Precompile {
  static final long GAS = 50_000;
  static final int INPUT_BYTES = 192;
  private static final byte[] OUTPUT = output();

  @Override
  public long gas(byte[] input) {
    return GAS;
  }

  @Override
  public byte[] run(byte[] input) {
    if (input.length != INPUT_BYTES) {
      return null;
    }
    byte[] versionedHash = Arrays.copyOfRange(input, 0, 32);
    byte[] z = Arrays.copyOfRange(input, 32, 64);
    byte[] y = Arrays.copyOfRange(input, 64, 96);
    byte[] commitment = Arrays.copyOfRange(input, 96, 144);
    byte[] proof = Arrays.copyOfRange(input, 144, 192);
    if (!Arrays.equals(KzgPointEvaluation.versionedHash(commitment), versionedHash)) {
      return null;
    }
    return KzgPointEvaluation.verify(commitment, z, y, proof) ? OUTPUT.clone() : null;
  }

  private static byte[] output() {
    byte[] out = new byte[64];
    byte[] count = BigInteger.valueOf(KzgPointEvaluation.FIELD_ELEMENTS_PER_BLOB).toByteArray();
    System.arraycopy(count, 0, out, 32 - count.length, count.length);
    byte[] modulus = KzgPointEvaluation.BLS_MODULUS.toByteArray(); // 32 bytes, top bit clear
    System.arraycopy(modulus, 0, out, 64 - modulus.length, modulus.length);
    return out;
  }
}
