package dev.zg.crypto.bn254;

import java.math.BigInteger;

/**
 * Fp2 = Fp[i] / (i² + 1), the field of G2's coordinates: c0 + c1·i. EIP-197 writes such an
 * element as (c1, c0), imaginary part first; see {@link G2Point}.
 */
record Fp2(Fp c0, Fp c1) implements FieldElement<Fp2> {
  static final Fp2 ZERO = new Fp2(Fp.ZERO, Fp.ZERO);
  static final Fp2 ONE = new Fp2(Fp.ONE, Fp.ZERO);
  /** ξ = 9 + i: the non-residue that builds Fp6 (v³ = ξ) and defines the sextic twist. */
  static final Fp2 XI = new Fp2(Fp.of(9), Fp.ONE);

  @Override
  public Fp2 add(Fp2 b) {
    return new Fp2(c0.add(b.c0), c1.add(b.c1));
  }

  @Override
  public Fp2 subtract(Fp2 b) {
    return new Fp2(c0.subtract(b.c0), c1.subtract(b.c1));
  }

  @Override
  public Fp2 negate() {
    return new Fp2(c0.negate(), c1.negate());
  }

  /** Karatsuba: three base-field products instead of four. */
  @Override
  public Fp2 multiply(Fp2 b) {
    Fp v0 = c0.multiply(b.c0);
    Fp v1 = c1.multiply(b.c1);
    Fp mixed = c0.add(c1).multiply(b.c0.add(b.c1));
    return new Fp2(v0.subtract(v1), mixed.subtract(v0).subtract(v1));
  }

  Fp2 multiply(Fp b) {
    return new Fp2(c0.multiply(b), c1.multiply(b));
  }

  /** (c0 + c1·i)² = (c0 + c1)(c0 - c1) + 2·c0·c1·i. */
  @Override
  public Fp2 square() {
    Fp cross = c0.multiply(c1);
    return new Fp2(c0.add(c1).multiply(c0.subtract(c1)), cross.add(cross));
  }

  /** 1 / (c0 + c1·i) = (c0 - c1·i) / (c0² + c1²); the norm lies in Fp. */
  @Override
  public Fp2 inverse() {
    Fp normInverse = c0.square().add(c1.square()).inverse();
    return new Fp2(c0.multiply(normInverse), c1.multiply(normInverse).negate());
  }

  @Override
  public boolean isZero() {
    return c0.isZero() && c1.isZero();
  }

  /** Multiplication by ξ = 9 + i: (9·c0 - c1) + (c0 + 9·c1)·i, with additions only. */
  Fp2 multiplyByXi() {
    Fp eight0 = c0.twice().twice().twice();
    Fp eight1 = c1.twice().twice().twice();
    return new Fp2(eight0.add(c0).subtract(c1), eight1.add(c1).add(c0));
  }

  /** The Frobenius map x ↦ x^p, which is conjugation because p ≡ 3 (mod 4). */
  Fp2 conjugate() {
    return new Fp2(c0, c1.negate());
  }

  Fp2 pow(BigInteger exponent) {
    Fp2 result = ONE;
    for (int i = exponent.bitLength() - 1; i >= 0; i--) {
      result = result.square();
      if (exponent.testBit(i)) {
        result = result.multiply(this);
      }
    }
    return result;
  }

  @Override
  public String toString() {
    return c0 + " + " + c1 + "·i";
  }
}
