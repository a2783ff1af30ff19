package dev.zg.evm.precompile;

import dev.zg.crypto.bn254.Bn254;
import dev.zg.crypto.bn254.G1Point;
import dev.zg.crypto.bn254.G2Point;
import java.util.ArrayList;
import java.util.List;

/**
 * 0x08 BN254 pairing check (EIP-197): k pairs of (G1 point, G2 point), 192 bytes each, to the
 * word 1 when the product of their pairings is 1 and 0 otherwise; no pairs is 1. Gas is
 * 45000 + 34000·k since EIP-1108. A length that is not a multiple of 192, or any point not in
 * its group (G2 includes the subgroup check), fails.
 */
final class Bn254PairingPrecompile implements Precompile {
  static final int PAIR_BYTES = G1Point.ENCODED_BYTES + G2Point.ENCODED_BYTES;
  static final long BASE_GAS = 45_000;
  static final long PAIR_GAS = 34_000;

  @Override
  public long gas(byte[] input) {
    return BASE_GAS + PAIR_GAS * (input.length / PAIR_BYTES);
  }

  @Override
  public byte[] run(byte[] input) {
    if (input.length % PAIR_BYTES != 0) {
      return null;
    }
    int pairs = input.length / PAIR_BYTES;
    List<G1Point> ps = new ArrayList<>(pairs);
    List<G2Point> qs = new ArrayList<>(pairs);
    for (int i = 0; i < pairs; i++) {
      G1Point p = G1Point.decode(input, i * PAIR_BYTES);
      G2Point q = G2Point.decode(input, i * PAIR_BYTES + G1Point.ENCODED_BYTES);
      if (p == null || q == null) {
        return null;
      }
      ps.add(p);
      qs.add(q);
    }
    byte[] out = new byte[32];
    out[31] = (byte) (Bn254.pairingCheck(ps, qs) ? 1 : 0);
    return out;
  }
}
