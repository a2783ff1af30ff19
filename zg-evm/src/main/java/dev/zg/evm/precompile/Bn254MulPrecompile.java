package dev.zg.evm.precompile;

import dev.zg.crypto.bn254.G1Point;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * 0x07 BN254 scalar multiplication (EIP-196), 6000 gas since EIP-1108. Input: a G1 point and
 * a 32-byte scalar, right-padded with zeros; the scalar is used whole, not reduced.
 */
final class Bn254MulPrecompile implements Precompile {
  static final long GAS = 6000;

  @Override
  public long gas(byte[] input) {
    return GAS;
  }

  @Override
  public byte[] run(byte[] input) {
    byte[] in = PrecompileInput.padded(input, G1Point.ENCODED_BYTES + 32);
    G1Point point = G1Point.decode(in, 0);
    if (point == null) {
      return null;
    }
    BigInteger scalar = new BigInteger(1, Arrays.copyOfRange(in, G1Point.ENCODED_BYTES, in.length));
    return point.multiply(scalar).encode();
  }
}
