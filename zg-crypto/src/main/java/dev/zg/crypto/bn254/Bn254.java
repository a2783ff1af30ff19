package dev.zg.crypto.bn254;

import java.util.List;

/**
 * BN254 (alt_bn128) pairing checks for the EIP-197 precompile: zg's own code, from the field
 * arithmetic up. Points come from {@link G1Point#decode} and {@link G2Point#decode}, which
 * reject anything that is not in its group.
 */
public final class Bn254 {
  private Bn254() {}

  /** True when e(P1, Q1) · … · e(Pk, Qk) = 1 in GT; true for no pairs. */
  public static boolean pairingCheck(List<G1Point> ps, List<G2Point> qs) {
    if (ps.size() != qs.size()) {
      throw new IllegalArgumentException(
          "pairing check needs as many G1 as G2 points: " + ps.size() + " vs " + qs.size());
    }
    return OptimalAte.pairingProductIsOne(ps, qs);
  }

  /** e(P, Q) in GT, for tests of bilinearity. */
  static Fp12 pairing(G1Point p, G2Point q) {
    return OptimalAte.pairingProduct(List.of(p), List.of(q));
  }
}
