package dev.zg.crypto.bn254;

/** Fp6 = Fp2[v] / (v³ - ξ): c0 + c1·v + c2·v². The middle layer of the Fp12 tower. */
record Fp6(Fp2 c0, Fp2 c1, Fp2 c2) {
  static final Fp6 ZERO = new Fp6(Fp2.ZERO, Fp2.ZERO, Fp2.ZERO);
  static final Fp6 ONE = new Fp6(Fp2.ONE, Fp2.ZERO, Fp2.ZERO);

  Fp6 add(Fp6 b) {
    return new Fp6(c0.add(b.c0), c1.add(b.c1), c2.add(b.c2));
  }

  Fp6 subtract(Fp6 b) {
    return new Fp6(c0.subtract(b.c0), c1.subtract(b.c1), c2.subtract(b.c2));
  }

  Fp6 negate() {
    return new Fp6(c0.negate(), c1.negate(), c2.negate());
  }

  /**
   * Karatsuba over the three coefficients (six Fp2 products); v³ folds back as ξ:
   * c0 = a0b0 + ξ(a1b2 + a2b1), c1 = a0b1 + a1b0 + ξ·a2b2, c2 = a0b2 + a1b1 + a2b0.
   */
  Fp6 multiply(Fp6 b) {
    Fp2 v0 = c0.multiply(b.c0);
    Fp2 v1 = c1.multiply(b.c1);
    Fp2 v2 = c2.multiply(b.c2);
    Fp2 m12 = c1.add(c2).multiply(b.c1.add(b.c2)).subtract(v1).subtract(v2);
    Fp2 m01 = c0.add(c1).multiply(b.c0.add(b.c1)).subtract(v0).subtract(v1);
    Fp2 m02 = c0.add(c2).multiply(b.c0.add(b.c2)).subtract(v0).subtract(v2);
    return new Fp6(v0.add(m12.multiplyByXi()), m01.add(v2.multiplyByXi()), m02.add(v1));
  }

  Fp6 multiply(Fp2 b) {
    return new Fp6(c0.multiply(b), c1.multiply(b), c2.multiply(b));
  }

  /** Product with a sparse b0 + b1·v (a Miller-loop line), five Fp2 products instead of six. */
  Fp6 multiplyBy01(Fp2 b0, Fp2 b1) {
    Fp2 v0 = c0.multiply(b0);
    Fp2 v1 = c1.multiply(b1);
    Fp2 m01 = c0.add(c1).multiply(b0.add(b1)).subtract(v0).subtract(v1);
    return new Fp6(v0.add(c2.multiply(b1).multiplyByXi()), m01, v1.add(c2.multiply(b0)));
  }

  Fp6 square() {
    return multiply(this);
  }

  /** Multiplication by v: (c0, c1, c2) ↦ (ξ·c2, c0, c1). */
  Fp6 multiplyByV() {
    return new Fp6(c2.multiplyByXi(), c0, c1);
  }

  /**
   * The inverse through the adjugate: with t0 = c0² - ξc1c2, t1 = ξc2² - c0c1, t2 = c1² - c0c2,
   * (c0 + c1v + c2v²)(t0 + t1v + t2v²) = c0t0 + ξ(c2t1 + c1t2), which lies in Fp2.
   */
  Fp6 inverse() {
    Fp2 t0 = c0.square().subtract(c1.multiply(c2).multiplyByXi());
    Fp2 t1 = c2.square().multiplyByXi().subtract(c0.multiply(c1));
    Fp2 t2 = c1.square().subtract(c0.multiply(c2));
    Fp2 norm = c0.multiply(t0).add(c2.multiply(t1).add(c1.multiply(t2)).multiplyByXi());
    Fp2 normInverse = norm.inverse();
    return new Fp6(t0.multiply(normInverse), t1.multiply(normInverse), t2.multiply(normInverse));
  }

  boolean isZero() {
    return c0.isZero() && c1.isZero() && c2.isZero();
  }
}
