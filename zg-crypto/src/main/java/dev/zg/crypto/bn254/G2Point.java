package dev.zg.crypto.bn254;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A point of BN254's G2: the order-r subgroup of the sextic twist E': y² = x³ + 3/ξ over Fp2
 * (EIP-197). Unlike G1, E'(Fp2) has a large cofactor, so {@link #decode} checks subgroup
 * membership as EIP-197 requires. Each Fp2 coordinate is encoded imaginary part first.
 */
public final class G2Point {
  static final Curve<Fp2> CURVE =
      new Curve<>(new Fp2(Fp.of(3), Fp.ZERO).multiply(Fp2.XI.inverse()), Fp2.ZERO, Fp2.ONE);
  public static final int ENCODED_BYTES = 128;
  public static final G2Point INFINITY = new G2Point(null);
  public static final G2Point GENERATOR = new G2Point(new Curve.Affine<>(
      fp2("10857046999023057135944570762232829481370756359578518086990519993285655852781",
          "11559732032986387107991004021392285783925812861821192530917403151452391805634"),
      fp2("8495653923123431417604973247489272438418190587263600148770280649306958101930",
          "4082367875863433681332203403145435568316851327593401208105741076214120093531")));

  /** BN254's curve parameter u (p and r are polynomials in it). */
  static final long U = 4965661367192848881L;
  /** u in non-adjacent form: the one scalar multiplication of {@link #isInSubgroup}. */
  private static final int[] U_NAF = Curve.nonAdjacentForm(BigInteger.valueOf(U));

  private final Curve.Affine<Fp2> affine; // null for the point at infinity

  private G2Point(Curve.Affine<Fp2> affine) {
    this.affine = affine;
  }

  /**
   * Reads x.im || x.re || y.im || y.re (32-byte big-endian integers) at {@code offset}; null
   * when a coordinate is not below p, the point is not on the twist, or it is not in G2.
   * All zeros is the point at infinity.
   */
  public static G2Point decode(byte[] in, int offset) {
    Fp xIm = Fp.fromBytes(in, offset);
    Fp xRe = Fp.fromBytes(in, offset + Fp.BYTES);
    Fp yIm = Fp.fromBytes(in, offset + 2 * Fp.BYTES);
    Fp yRe = Fp.fromBytes(in, offset + 3 * Fp.BYTES);
    if (xIm == null || xRe == null || yIm == null || yRe == null) {
      return null;
    }
    Fp2 x = new Fp2(xRe, xIm);
    Fp2 y = new Fp2(yRe, yIm);
    if (x.isZero() && y.isZero()) {
      return INFINITY;
    }
    if (!CURVE.isOnCurve(x, y)) {
      return null;
    }
    G2Point point = new G2Point(new Curve.Affine<>(x, y));
    return isInSubgroup(point.affine) ? point : null;
  }

  /** x.im || x.re || y.im || y.re, 128 bytes; zeros for the point at infinity. */
  public byte[] encode() {
    byte[] out = new byte[ENCODED_BYTES];
    if (affine != null) {
      affine.x().c1().toBytes(out, 0);
      affine.x().c0().toBytes(out, Fp.BYTES);
      affine.y().c1().toBytes(out, 2 * Fp.BYTES);
      affine.y().c0().toBytes(out, 3 * Fp.BYTES);
    }
    return out;
  }

  public boolean isInfinity() {
    return affine == null;
  }

  public G2Point add(G2Point other) {
    return of(CURVE.add(jacobian(), other.jacobian()));
  }

  public G2Point multiply(BigInteger k) {
    if (k.signum() < 0) {
      throw new IllegalArgumentException("negative scalar");
    }
    return of(CURVE.multiply(affine, k));
  }

  public G2Point negate() {
    return affine == null ? this : new G2Point(new Curve.Affine<>(affine.x(), affine.y().negate()));
  }

  /**
   * Q ∈ G2 ⟺ [u+1]Q + ψ([u]Q) + ψ²([u]Q) = ψ³([2u]Q), for any Q on the twist (null for
   * infinity): El Housni, Guillevic and Piellard, "Co-factor clearing and subgroup membership
   * testing on pairing-friendly curves" (2022), their test for BN curves. One 63-bit
   * multiplication by u, where ψ(Q) = [6u²]Q needed a 127-bit one and [r]Q = 0 a 254-bit one.
   *
   * <p>Why it is right. The test is f(ψ)Q = 0 with f(X) = (u+1) + uX + uX² - 2uX³. E'(Fp2) is
   * G2 ⊕ H with #H = h = 2p - r coprime to r. On G2, ψ acts as [p] and f(p) ≡ 0 (mod r), so
   * every point of G2 passes. On all of E'(Fp2), ψ² - tψ + p = 0 (t = 6u² + 1), so f(ψ) = α + βψ
   * for the α, β left by reducing f modulo X² - tX + p; then (α + β(t - ψ))(α + βψ) = [N] with
   * N = α² + tαβ + pβ², and gcd(N, h) = 1. So f(ψ) kills no point of H but 0, and a point with
   * a nonzero H part fails. {@code CurveTest} checks f(p) ≡ 0, gcd(N, h) = 1 and the test
   * against [r]Q = 0.
   */
  static boolean isInSubgroup(Curve.Affine<Fp2> q) {
    if (q == null) {
      return true;
    }
    Curve.Jacobian<Fp2> uQ = CURVE.multiply(q, U_NAF);
    Curve.Jacobian<Fp2> psiUQ = twistFrobenius(uQ);
    Curve.Jacobian<Fp2> psi2UQ = twistFrobenius(psiUQ);
    Curve.Jacobian<Fp2> left = CURVE.add(CURVE.add(CURVE.addMixed(uQ, q), psiUQ), psi2UQ);
    Curve.Jacobian<Fp2> right = CURVE.doubled(twistFrobenius(psi2UQ));
    return CURVE.equal(left, right);
  }

  /**
   * ψ = twist⁻¹ ∘ Frobenius ∘ twist: (x, y) ↦ (x̄·ξ^((p-1)/3), ȳ·ξ^((p-1)/2)), where the bar is
   * conjugation (the p-power map on Fp2). Conjugation commutes with the Jacobian quotients.
   */
  static Curve.Jacobian<Fp2> twistFrobenius(Curve.Jacobian<Fp2> q) {
    return new Curve.Jacobian<>(
        q.x().conjugate().multiply(Fp12.frobeniusCoefficient(1, 2)),
        q.y().conjugate().multiply(Fp12.frobeniusCoefficient(1, 3)),
        q.z().conjugate());
  }

  /** ψ on an affine point (Z = 1 stays 1 under conjugation); null (infinity) stays null. */
  static Curve.Affine<Fp2> twistFrobenius(Curve.Affine<Fp2> q) {
    if (q == null) {
      return null;
    }
    return new Curve.Affine<>(
        q.x().conjugate().multiply(Fp12.frobeniusCoefficient(1, 2)),
        q.y().conjugate().multiply(Fp12.frobeniusCoefficient(1, 3)));
  }

  Curve.Affine<Fp2> affine() {
    return affine;
  }

  Curve.Jacobian<Fp2> jacobian() {
    return CURVE.fromAffine(affine);
  }

  static G2Point of(Curve.Jacobian<Fp2> p) {
    return new G2Point(CURVE.toAffine(p));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof G2Point g && Objects.equals(affine, g.affine);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(affine);
  }

  @Override
  public String toString() {
    return affine == null ? "G2(infinity)" : "G2(" + affine.x() + ", " + affine.y() + ")";
  }

  private static Fp2 fp2(String real, String imaginary) {
    return new Fp2(
        Fp.fromBigInteger(new BigInteger(real)), Fp.fromBigInteger(new BigInteger(imaginary)));
  }
}
