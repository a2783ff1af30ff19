package dev.zg.crypto.bn254;

import static dev.zg.crypto.bn254.Bn254TestSupport.P;
import static dev.zg.crypto.bn254.Bn254TestSupport.R;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;
import org.junit.jupiter.api.Test;

/** G1 and G2 group laws, encodings, and the fast G2 subgroup check against [r]Q = 0. */
class CurveTest {
  private static final Curve<Fp2> TWIST = G2Point.CURVE;

  @Test
  void generatorsHaveOrderR() {
    assertThat(G1Point.GENERATOR.multiply(R)).isEqualTo(G1Point.INFINITY);
    assertThat(G2Point.GENERATOR.multiply(R)).isEqualTo(G2Point.INFINITY);
    assertThat(G1Point.GENERATOR.multiply(R.subtract(BigInteger.ONE)))
        .isEqualTo(G1Point.GENERATOR.negate());
    assertThat(G2Point.isInSubgroup(G2Point.GENERATOR.affine())).isTrue();
    assertThat(G2Point.isInSubgroup(null)).isTrue(); // infinity
  }

  @Property(tries = 30)
  void g1MultiplicationIsLinear(
      @ForAll @BigRange(min = "0", max = "1000000000000000000000000000000") BigInteger a,
      @ForAll @BigRange(min = "0", max = "1000000000000000000000000000000") BigInteger b) {
    G1Point g = G1Point.GENERATOR;
    assertThat(g.multiply(a).add(g.multiply(b))).isEqualTo(g.multiply(a.add(b)));
    assertThat(g.multiply(a).multiply(b)).isEqualTo(g.multiply(a.multiply(b)));
    assertThat(g.multiply(a).add(g.multiply(a))).isEqualTo(g.multiply(a.shiftLeft(1)));
    assertThat(g.multiply(a).add(g.multiply(a).negate())).isEqualTo(G1Point.INFINITY);
  }

  @Property(tries = 15)
  void g2MultiplicationIsLinear(
      @ForAll @BigRange(min = "0", max = "1000000000000000000000000000000") BigInteger a,
      @ForAll @BigRange(min = "0", max = "1000000000000000000000000000000") BigInteger b) {
    G2Point g = G2Point.GENERATOR;
    assertThat(g.multiply(a).add(g.multiply(b))).isEqualTo(g.multiply(a.add(b)));
    assertThat(g.multiply(a).add(g.multiply(a))).isEqualTo(g.multiply(a.shiftLeft(1)));
    G2Point q = g.multiply(a);
    assertThat(G2Point.decode(q.encode(), 0)).isEqualTo(q);
  }

  @Property(tries = 20)
  void fastSubgroupCheckAgreesWithMultiplicationByR(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Curve.Jacobian<Fp2> any = Bn254TestSupport.twistPoint(random);
    Curve.Jacobian<Fp2> cofactorPart = TWIST.multiply(any, R); // order divides the cofactor
    BigInteger cofactor = P.shiftLeft(1).subtract(R);
    Curve.Jacobian<Fp2> inG2 = TWIST.multiply(any, cofactor);
    Curve.Jacobian<Fp2> mixed = TWIST.add(inG2, TWIST.multiply(cofactorPart, BigInteger.TEN));
    for (Curve.Jacobian<Fp2> q : java.util.List.of(any, cofactorPart, inG2, mixed)) {
      boolean byOrder = TWIST.multiply(q, R).isInfinity();
      assertThat(G2Point.isInSubgroup(TWIST.toAffine(q))).isEqualTo(byOrder);
    }
    assertThat(G2Point.isInSubgroup(TWIST.toAffine(any))).isFalse();
    assertThat(G2Point.isInSubgroup(TWIST.toAffine(mixed))).isFalse();
    assertThat(G2Point.isInSubgroup(TWIST.toAffine(inG2))).isTrue();
    // The twist group has order r · (2p - r).
    assertThat(TWIST.multiply(any, R.multiply(cofactor)).isInfinity()).isTrue();
  }

  @Test
  void subgroupTestPolynomialVanishesOnG2AndNowhereElse() {
    // f(X) = (u+1) + uX + uX² - 2uX³, the polynomial in ψ that G2Point.isInSubgroup evaluates.
    BigInteger u = BigInteger.valueOf(G2Point.U);
    BigInteger[] f = {u.add(BigInteger.ONE), u, u, u.shiftLeft(1).negate()};
    BigInteger atP = BigInteger.ZERO;
    for (int i = 3; i >= 0; i--) {
      atP = atP.multiply(P).add(f[i]);
    }
    assertThat(atP.mod(R)).isZero(); // ψ acts as [p] on G2: every point of G2 passes
    // Reduce f modulo X² - tX + p (which ψ satisfies on the whole twist) to α + βX.
    BigInteger trace = P.add(BigInteger.ONE).subtract(R);
    BigInteger[] g = f.clone();
    for (int n = 3; n >= 2; n--) {
      g[n - 1] = g[n - 1].add(g[n].multiply(trace));
      g[n - 2] = g[n - 2].subtract(g[n].multiply(P));
    }
    BigInteger alpha = g[0];
    BigInteger beta = g[1];
    BigInteger norm = alpha.pow(2).add(trace.multiply(alpha).multiply(beta))
        .add(P.multiply(beta.pow(2)));
    BigInteger cofactor = P.shiftLeft(1).subtract(R);
    assertThat(norm.gcd(cofactor)).isEqualTo(BigInteger.ONE); // no point outside G2 passes
    assertThat(cofactor.gcd(R)).isEqualTo(BigInteger.ONE);
  }

  @Property(tries = 20)
  void mixedAdditionAgreesWithGeneralAddition(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Curve.Jacobian<Fp2> p = TWIST.multiply(Bn254TestSupport.twistPoint(random), BigInteger.TEN);
    Curve.Affine<Fp2> q = TWIST.toAffine(Bn254TestSupport.twistPoint(random));
    assertThat(TWIST.equal(TWIST.addMixed(p, q), TWIST.add(p, TWIST.fromAffine(q)))).isTrue();
    Curve.Affine<Fp2> pAffine = TWIST.toAffine(p);
    assertThat(TWIST.equal(TWIST.addMixed(p, pAffine), TWIST.doubled(p))).isTrue();
    Curve.Affine<Fp2> minusP = new Curve.Affine<>(pAffine.x(), pAffine.y().negate());
    assertThat(TWIST.addMixed(p, minusP).isInfinity()).isTrue();
    assertThat(TWIST.equal(TWIST.addMixed(TWIST.infinity, q), TWIST.fromAffine(q))).isTrue();
  }

  @Property(tries = 20)
  void psiSatisfiesTheFrobeniusCharacteristicPolynomial(@ForAll long seed) {
    // ψ² - [t]ψ + [p] = 0 on all of E'(Fp2), t = p + 1 - r: the fact the subgroup check uses.
    Curve.Jacobian<Fp2> q = Bn254TestSupport.twistPoint(new SplittableRandom(seed));
    BigInteger trace = P.add(BigInteger.ONE).subtract(R);
    Curve.Jacobian<Fp2> psiQ = G2Point.twistFrobenius(q);
    Curve.Jacobian<Fp2> sum = TWIST.add(
        TWIST.add(G2Point.twistFrobenius(psiQ), TWIST.negate(TWIST.multiply(psiQ, trace))),
        TWIST.multiply(q, P));
    assertThat(sum.isInfinity()).isTrue();
  }

  @Test
  void decodeRejectsTwistPointsOutsideG2() {
    Curve.Jacobian<Fp2> q = Bn254TestSupport.twistPoint(new SplittableRandom(5));
    G2Point point = G2Point.of(q);
    assertThat(TWIST.isOnCurve(point.affine().x(), point.affine().y())).isTrue();
    assertThat(G2Point.decode(point.encode(), 0)).isNull();
  }

  @Test
  void decodeChecksCurveAndRange() {
    byte[] g1 = G1Point.GENERATOR.encode();
    assertThat(G1Point.decode(g1, 0)).isEqualTo(G1Point.GENERATOR);
    assertThat(G1Point.decode(new byte[64], 0)).isEqualTo(G1Point.INFINITY);
    g1[63] ^= 1; // (1, 3) is not on y² = x³ + 3
    assertThat(G1Point.decode(g1, 0)).isNull();
    byte[] g2 = G2Point.GENERATOR.encode();
    assertThat(G2Point.decode(g2, 0)).isEqualTo(G2Point.GENERATOR);
    assertThat(G2Point.decode(new byte[128], 0)).isEqualTo(G2Point.INFINITY);
    g2[127] ^= 1;
    assertThat(G2Point.decode(g2, 0)).isNull();
    // A coordinate of p (≡ 0) must be rejected rather than reduced: (p, 0) is not infinity.
    byte[] big = new byte[64];
    System.arraycopy(FpTest.unsigned32(P), 0, big, 0, 32);
    assertThat(G1Point.decode(big, 0)).isNull();
  }

  @Test
  void encodingMatchesEip197Generator() {
    // EIP-197's P2, imaginary parts first.
    String expected = "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
        + "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed"
        + "090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b"
        + "12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa";
    assertThat(dev.zg.common.Hex.encode(G2Point.GENERATOR.encode())).isEqualTo(expected);
  }
}
