package dev.zg.crypto.bn254;

import java.math.BigInteger;

/**
 * Fp12 = Fp6[w] / (w² - v): c0 + c1·w, where the pairing takes its values. Over Fp2 the basis
 * is w^0..w^5 with w⁶ = ξ: c0 holds the coefficients of 1, w², w⁴ and c1 those of w, w³, w⁵.
 */
record Fp12(Fp6 c0, Fp6 c1) {
  static final Fp12 ONE = new Fp12(Fp6.ONE, Fp6.ZERO);

  /**
   * FROBENIUS[k][i] = ξ^(i(p^k - 1)/6): the factor (w^i)^(p^k) / w^i, for k = 1, 2, 3. Computed
   * from ξ rather than written out, so there are no magic numbers to mistype.
   */
  private static final Fp2[][] FROBENIUS = frobeniusCoefficients();

  Fp12 multiply(Fp12 b) {
    Fp6 v0 = c0.multiply(b.c0);
    Fp6 v1 = c1.multiply(b.c1);
    Fp6 mixed = c0.add(c1).multiply(b.c0.add(b.c1));
    return new Fp12(v0.add(v1.multiplyByV()), mixed.subtract(v0).subtract(v1));
  }

  /** (c0 + c1w)² = c0² + c1²v + 2c0c1w, with c0² + c1²v = (c0 + c1)(c0 + c1v) - t - tv. */
  Fp12 square() {
    Fp6 t = c0.multiply(c1);
    Fp6 real = c0.add(c1).multiply(c0.add(c1.multiplyByV())).subtract(t).subtract(t.multiplyByV());
    return new Fp12(real, t.add(t));
  }

  /**
   * The square of an element of the cyclotomic subgroup (f^(p⁴-p²+1) = 1, where the final
   * exponentiation works after its easy part), by Granger and Scott ("Faster squaring in the
   * cyclotomic subgroup of sixth degree extensions", 2010): about half the cost of
   * {@link #square}. View f as A + B·w + C·w² over Fp4 = Fp2[t]/(t² - ξ), t = w³, with
   * A = g0 + g3·t, B = g1 + g4·t, C = g2 + g5·t (g_i the coefficient of w^i). Then
   * f² = (3A² - 2Ā) + (3t·C² + 2B̄)·w + (3B² - 2C̄)·w², where the bar maps t to -t.
   * Wrong (not an error) outside the subgroup.
   */
  Fp12 cyclotomicSquare() {
    Fp2[] a = fp4Square(c0.c0(), c1.c1());
    Fp2[] b = fp4Square(c1.c0(), c0.c2());
    Fp2[] c = fp4Square(c0.c1(), c1.c2());
    Fp2 g0 = triple(a[0]).subtract(c0.c0().twice());
    Fp2 g3 = triple(a[1]).add(c1.c1().twice());
    Fp2 g1 = triple(c[1].multiplyByXi()).add(c1.c0().twice());
    Fp2 g4 = triple(c[0]).subtract(c0.c2().twice());
    Fp2 g2 = triple(b[0]).subtract(c0.c1().twice());
    Fp2 g5 = triple(b[1]).add(c1.c2().twice());
    return new Fp12(new Fp6(g0, g2, g4), new Fp6(g1, g3, g5));
  }

  /** (x + y·t)² = (x² + ξ·y²) + 2xy·t, with 2xy = (x + y)² - x² - y². */
  private static Fp2[] fp4Square(Fp2 x, Fp2 y) {
    Fp2 xx = x.square();
    Fp2 yy = y.square();
    Fp2 cross = x.add(y).square().subtract(xx).subtract(yy);
    return new Fp2[] {xx.add(yy.multiplyByXi()), cross};
  }

  private static Fp2 triple(Fp2 x) {
    return x.twice().add(x);
  }

  /**
   * Product with a Miller-loop line l0 + l1·w + l3·w³ (in c0 only the coefficient of 1, in c1
   * those of w and w³ = vw): 13 Fp2 products instead of 18.
   */
  Fp12 multiplyByLine(Fp2 l0, Fp2 l1, Fp2 l3) {
    Fp6 a = c0.multiply(l0);
    Fp6 b = c1.multiplyBy01(l1, l3);
    Fp6 mixed = c0.add(c1).multiplyBy01(l0.add(l1), l3);
    return new Fp12(a.add(b.multiplyByV()), mixed.subtract(a).subtract(b));
  }

  /** 1 / (c0 + c1w) = (c0 - c1w) / (c0² - c1²v), whose denominator lies in Fp6. */
  Fp12 inverse() {
    Fp6 denominatorInverse = c0.square().subtract(c1.square().multiplyByV()).inverse();
    return new Fp12(c0.multiply(denominatorInverse), c1.multiply(denominatorInverse).negate());
  }

  /** f^(p⁶), since w^(p⁶) = -w; in the cyclotomic subgroup this is also the inverse. */
  Fp12 conjugate() {
    return new Fp12(c0, c1.negate());
  }

  /** f^(p^k) for k = 1, 2, 3: each Fp2 coefficient is mapped by σ^k and scaled. */
  Fp12 frobenius(int k) {
    if (k < 1 || k > 3) {
      throw new IllegalArgumentException("frobenius power must be 1, 2 or 3, got " + k);
    }
    Fp2[] gamma = FROBENIUS[k];
    boolean odd = (k & 1) == 1;
    return new Fp12(
        new Fp6(
            sigma(c0.c0(), odd),
            sigma(c0.c1(), odd).multiply(gamma[2]),
            sigma(c0.c2(), odd).multiply(gamma[4])),
        new Fp6(
            sigma(c1.c0(), odd).multiply(gamma[1]),
            sigma(c1.c1(), odd).multiply(gamma[3]),
            sigma(c1.c2(), odd).multiply(gamma[5])));
  }

  Fp12 pow(BigInteger exponent) {
    Fp12 result = ONE;
    for (int i = exponent.bitLength() - 1; i >= 0; i--) {
      result = result.square();
      if (exponent.testBit(i)) {
        result = result.multiply(this);
      }
    }
    return result;
  }

  boolean isOne() {
    return equals(ONE);
  }

  static Fp2 frobeniusCoefficient(int k, int i) {
    return FROBENIUS[k][i];
  }

  private static Fp2 sigma(Fp2 x, boolean conjugate) {
    return conjugate ? x.conjugate() : x;
  }

  private static Fp2[][] frobeniusCoefficients() {
    Fp2[][] table = new Fp2[4][6];
    BigInteger pk = BigInteger.ONE;
    for (int k = 1; k <= 3; k++) {
      pk = pk.multiply(Fp.MODULUS);
      BigInteger step = pk.subtract(BigInteger.ONE).divide(BigInteger.valueOf(6));
      for (int i = 0; i < 6; i++) {
        table[k][i] = Fp2.XI.pow(step.multiply(BigInteger.valueOf(i)));
      }
    }
    return table;
  }
}
