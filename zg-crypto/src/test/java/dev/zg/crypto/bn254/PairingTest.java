package dev.zg.crypto.bn254;

import static dev.zg.crypto.bn254.Bn254TestSupport.P;
import static dev.zg.crypto.bn254.Bn254TestSupport.R;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The pairing is proven by its defining properties (bilinearity, non-degeneracy, values of
 * order r) and its final exponentiation against plain exponentiation; published vectors run
 * through the 0x08 precompile in zg-evm.
 */
class PairingTest {
  private static final G1Point G1 = G1Point.GENERATOR;
  private static final G2Point G2 = G2Point.GENERATOR;
  private static final Fp12 E = Bn254.pairing(G1, G2);

  @Property(tries = 12)
  void bilinear(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    BigInteger a = Bn254TestSupport.below(random, R);
    BigInteger b = Bn254TestSupport.below(random, R);
    Fp12 expected = E.pow(a.multiply(b).mod(R));
    assertThat(Bn254.pairing(G1.multiply(a), G2.multiply(b))).isEqualTo(expected);
    assertThat(Bn254.pairing(G1.multiply(a.multiply(b)), G2)).isEqualTo(expected);
    assertThat(Bn254.pairing(G1, G2.multiply(a.multiply(b).mod(R)))).isEqualTo(expected);
  }

  @Property(tries = 8)
  void linearInEachArgument(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    G1Point p1 = G1.multiply(Bn254TestSupport.below(random, R));
    G1Point p2 = G1.multiply(Bn254TestSupport.below(random, R));
    G2Point q1 = G2.multiply(Bn254TestSupport.below(random, R));
    G2Point q2 = G2.multiply(Bn254TestSupport.below(random, R));
    assertThat(Bn254.pairing(p1.add(p2), q1))
        .isEqualTo(Bn254.pairing(p1, q1).multiply(Bn254.pairing(p2, q1)));
    assertThat(Bn254.pairing(p1, q1.add(q2)))
        .isEqualTo(Bn254.pairing(p1, q1).multiply(Bn254.pairing(p1, q2)));
    assertThat(Bn254.pairingCheck(List.of(p1, p1.negate()), List.of(q1, q1))).isTrue();
    assertThat(Bn254.pairingCheck(List.of(p1, p2), List.of(q1, q1))).isFalse();
  }

  @Test
  void nonDegenerateWithValuesOfOrderR() {
    assertThat(E.isOne()).isFalse();
    assertThat(E.pow(R).isOne()).isTrue();
    assertThat(Bn254.pairing(G1Point.INFINITY, G2).isOne()).isTrue();
    assertThat(Bn254.pairing(G1, G2Point.INFINITY).isOne()).isTrue();
    assertThat(Bn254.pairingCheck(List.of(), List.of())).isTrue();
  }

  @Test
  void finalExponentiationIsThePowerOfTheFullExponent() {
    BigInteger exponent = P.pow(12).subtract(BigInteger.ONE).divide(R);
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 2; i++) {
      Fp12 f = Bn254TestSupport.fp12(random);
      assertThat(OptimalAte.finalExponentiation(f)).isEqualTo(f.pow(exponent));
    }
  }

  @Test
  void hardPartDecomposition() {
    // (p⁴ - p² + 1) / r = λ0 + λ1·p + λ2·p² + λ3·p³, the identity finalExponentiation uses.
    BigInteger u = BigInteger.valueOf(G2Point.U);
    BigInteger u2 = u.pow(2);
    BigInteger u3 = u.pow(3);
    BigInteger l0 = polynomial(u, -2, -18, -30, -36);
    BigInteger l1 = polynomial(u, 1, -12, -18, -36);
    BigInteger l2 = polynomial(u, 1, 0, 6, 0);
    BigInteger hard = P.pow(4).subtract(P.pow(2)).add(BigInteger.ONE);
    assertThat(hard.mod(R)).isZero();
    assertThat(l0.add(l1.multiply(P)).add(l2.multiply(P.pow(2))).add(P.pow(3)))
        .isEqualTo(hard.divide(R));
  }

  /** c0 + c1·u + c2·u² + c3·u³. */
  private static BigInteger polynomial(BigInteger u, long c0, long c1, long c2, long c3) {
    BigInteger value = BigInteger.ZERO;
    for (long c : new long[] {c3, c2, c1, c0}) {
      value = value.multiply(u).add(BigInteger.valueOf(c));
    }
    return value;
  }

  @Test
  void windowNafOfU() {
    int[] digits = OptimalAte.windowNaf(G2Point.U, 4);
    BigInteger back = BigInteger.ZERO;
    for (int i = digits.length - 1; i >= 0; i--) {
      back = back.shiftLeft(1).add(BigInteger.valueOf(digits[i]));
      int d = digits[i];
      assertThat(d == 0 || (Math.abs(d) % 2 == 1 && Math.abs(d) < 8)).isTrue();
      for (int j = Math.max(0, i - 3); j < i && d != 0; j++) {
        assertThat(digits[j]).isZero(); // three zeros below every nonzero digit
      }
    }
    assertThat(back).isEqualTo(BigInteger.valueOf(G2Point.U));
    assertThat(java.util.Arrays.stream(digits).filter(d -> d != 0).count()).isEqualTo(14);
  }

  @Test
  void curveParametersFollowFromU() {
    BigInteger u = BigInteger.valueOf(G2Point.U);
    BigInteger common = u.pow(4).multiply(BigInteger.valueOf(36))
        .add(u.pow(3).multiply(BigInteger.valueOf(36))).add(u.multiply(BigInteger.valueOf(6)))
        .add(BigInteger.ONE);
    assertThat(common.add(u.pow(2).multiply(BigInteger.valueOf(24)))).isEqualTo(P);
    assertThat(common.add(u.pow(2).multiply(BigInteger.valueOf(18)))).isEqualTo(R);
    int[] naf = Curve.nonAdjacentForm(u.multiply(BigInteger.valueOf(6)).add(BigInteger.TWO));
    BigInteger back = BigInteger.ZERO;
    for (int i = naf.length - 1; i >= 0; i--) {
      back = back.shiftLeft(1).add(BigInteger.valueOf(naf[i]));
      assertThat(i == 0 || naf[i] == 0 || naf[i - 1] == 0).isTrue();
    }
    assertThat(back).isEqualTo(u.multiply(BigInteger.valueOf(6)).add(BigInteger.TWO));
  }

  /**
   * A guard against order-of-magnitude regressions only (such as a BigInteger fallback on the
   * hot path); real numbers come from zg-bench's Bn254PairingBenchmark.
   */
  @Test
  void twoPairCheckTakesMillisecondsNotHundreds() {
    G1Point p = G1.multiply(BigInteger.valueOf(12345));
    G2Point q = G2.multiply(BigInteger.valueOf(678));
    List<G1Point> ps = List.of(p, p.negate());
    List<G2Point> qs = List.of(q, q);
    for (int i = 0; i < 30; i++) {
      assertThat(Bn254.pairingCheck(ps, qs)).isTrue();
    }
    int runs = 20;
    long start = System.nanoTime();
    for (int i = 0; i < runs; i++) {
      Bn254.pairingCheck(ps, qs);
    }
    double millis = (System.nanoTime() - start) / 1e6 / runs;
    assertThat(millis).as("mean ms per 2-pair check").isLessThan(60);
  }
}
