package dev.zg.evm.precompile;

import dev.zg.crypto.bn254.G1Point;

/**
 * 0x06 BN254 point addition (EIP-196), 150 gas since EIP-1108. Input: two G1 points, 64 bytes
 * each, right-padded with zeros; a coordinate not below p or a point off the curve fails.
 */
final class Bn254AddPrecompile implements Precompile {
  static final long GAS = 150;

  @Override
  public long gas(byte[] input) {
    return GAS;
  }

  @Override
  public byte[] run(byte[] input) {
    byte[] in = PrecompileInput.padded(input, 2 * G1Point.ENCODED_BYTES);
    G1Point a = G1Point.decode(in, 0);
    G1Point b = G1Point.decode(in, G1Point.ENCODED_BYTES);
    if (a == null || b == null) {
      return null;
    }
    return a.add(b).encode();
  }
}
