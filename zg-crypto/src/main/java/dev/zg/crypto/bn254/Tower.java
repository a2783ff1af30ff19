package dev.zg.crypto.bn254;

/**
 * The Fp2, Fp6 and Fp12 arithmetic of the pairing's hot path (Miller loop, final
 * exponentiation) on mutable {@code long[]} elements: the same fields and formulas as the
 * {@link Fp2}, {@link Fp6} and {@link Fp12} records, which stay the readable reference and
 * the tests' oracle ({@code TowerTest}), but without an allocation per operation.
 *
 * <p>Layout, at any offset of any array: an Fp element is four Montgomery limbs
 * ({@link FpLimbs}); Fp2 = c0, c1 ({@value #FP2} longs); Fp6 = c0, c1, c2 ({@value #FP6});
 * Fp12 = c0, c1 ({@value #FP12}), in the records' coefficient order. Every method reads all
 * of its inputs before it writes its output, so the output may alias an input.
 *
 * <p>Temporaries live in per-level scratch arrays of the instance: Fp12 methods use
 * {@code s12} and call Fp6 methods, which use {@code s6} and call Fp2 methods, which use
 * {@code s2}; no method calls another of its own level while it holds scratch. So an instance
 * serves one thread; {@link OptimalAte} makes one per pairing computation.
 */
final class Tower {
  static final int FP2 = 8;
  static final int FP6 = 3 * FP2;
  static final int FP12 = 2 * FP6;
  private static final int FP = FpLimbs.LIMBS;
  /** The two s6 slots that hold Karatsuba's sums x_i + x_j and y_i + y_j. */
  private static final int SUM_X = 6 * FP2;
  private static final int SUM_Y = 7 * FP2;

  /** FROBENIUS[k][8i..8i+7] = ξ^(i(p^k - 1)/6), from {@link Fp12}'s table, for k = 1, 2, 3. */
  private static final long[][] FROBENIUS = frobeniusCoefficients();

  private final long[] s2 = new long[4 * FP];
  private final long[] s6 = new long[8 * FP2];
  private final long[] s12 = new long[4 * FP6];

  // ---- Fp2 = Fp[i] / (i² + 1)

  static void fp2Add(long[] z, int zo, long[] x, int xo, long[] y, int yo) {
    FpLimbs.add(z, zo, x, xo, y, yo);
    FpLimbs.add(z, zo + FP, x, xo + FP, y, yo + FP);
  }

  static void fp2Subtract(long[] z, int zo, long[] x, int xo, long[] y, int yo) {
    FpLimbs.subtract(z, zo, x, xo, y, yo);
    FpLimbs.subtract(z, zo + FP, x, xo + FP, y, yo + FP);
  }

  static void fp2Negate(long[] z, int zo, long[] x, int xo) {
    FpLimbs.negate(z, zo, x, xo);
    FpLimbs.negate(z, zo + FP, x, xo + FP);
  }

  static void fp2Conjugate(long[] z, int zo, long[] x, int xo) {
    FpLimbs.copy(z, zo, x, xo);
    FpLimbs.negate(z, zo + FP, x, xo + FP);
  }

  static void fp2Copy(long[] z, int zo, long[] x, int xo) {
    System.arraycopy(x, xo, z, zo, FP2);
  }

  /** z = x·f for f in Fp (f must not alias z): two base-field products. */
  static void fp2MultiplyByFp(long[] z, int zo, long[] x, int xo, long[] f, int fo) {
    FpLimbs.multiply(z, zo, x, xo, f, fo);
    FpLimbs.multiply(z, zo + FP, x, xo + FP, f, fo);
  }

  /** Karatsuba, as {@link Fp2#multiply}: three base-field products. */
  void fp2Multiply(long[] z, int zo, long[] x, int xo, long[] y, int yo) {
    long[] s = s2;
    FpLimbs.multiply(s, 0, x, xo, y, yo);
    FpLimbs.multiply(s, FP, x, xo + FP, y, yo + FP);
    FpLimbs.addUnreduced(s, 2 * FP, x, xo, x, xo + FP);
    FpLimbs.addUnreduced(s, 3 * FP, y, yo, y, yo + FP);
    FpLimbs.multiply(s, 2 * FP, s, 2 * FP, s, 3 * FP);
    FpLimbs.subtract(z, zo, s, 0, s, FP);
    FpLimbs.subtract(s, 2 * FP, s, 2 * FP, s, 0);
    FpLimbs.subtract(z, zo + FP, s, 2 * FP, s, FP);
  }

  /** (c0 + c1·i)² = (c0 + c1)(c0 - c1) + 2·c0·c1·i: two base-field products. */
  void fp2Square(long[] z, int zo, long[] x, int xo) {
    long[] s = s2;
    FpLimbs.addUnreduced(s, 0, x, xo, x, xo + FP);
    FpLimbs.subtract(s, FP, x, xo, x, xo + FP);
    FpLimbs.multiply(s, 2 * FP, x, xo, x, xo + FP);
    FpLimbs.multiply(z, zo, s, 0, s, FP);
    FpLimbs.add(z, zo + FP, s, 2 * FP, s, 2 * FP);
  }

  /** z = ξ·x = (9·c0 - c1) + (c0 + 9·c1)·i, with additions only. */
  void fp2MultiplyByXi(long[] z, int zo, long[] x, int xo) {
    long[] s = s2;
    timesNine(s, 0, x, xo);
    timesNine(s, FP, x, xo + FP);
    FpLimbs.subtract(s, 0, s, 0, x, xo + FP);
    FpLimbs.add(z, zo + FP, s, FP, x, xo);
    FpLimbs.copy(z, zo, s, 0);
  }

  private static void timesNine(long[] z, int zo, long[] x, int xo) {
    FpLimbs.add(z, zo, x, xo, x, xo);
    FpLimbs.add(z, zo, z, zo, z, zo);
    FpLimbs.add(z, zo, z, zo, z, zo);
    FpLimbs.add(z, zo, z, zo, x, xo);
  }

  // ---- Fp6 = Fp2[v] / (v³ - ξ)

  static void fp6Add(long[] z, int zo, long[] x, int xo, long[] y, int yo) {
    for (int i = 0; i < FP6; i += FP2) {
      fp2Add(z, zo + i, x, xo + i, y, yo + i);
    }
  }

  static void fp6Subtract(long[] z, int zo, long[] x, int xo, long[] y, int yo) {
    for (int i = 0; i < FP6; i += FP2) {
      fp2Subtract(z, zo + i, x, xo + i, y, yo + i);
    }
  }

  static void fp6Negate(long[] z, int zo, long[] x, int xo) {
    for (int i = 0; i < FP6; i += FP2) {
      fp2Negate(z, zo + i, x, xo + i);
    }
  }

  /**
   * Karatsuba over the three coefficients, as {@link Fp6#multiply}: six Fp2 products,
   * c0 = v0 + ξ·m12, c1 = m01 + ξ·v2, c2 = m02 + v1 with v_i = x_i·y_i and
   * m_ij = (x_i + x_j)(y_i + y_j) - v_i - v_j.
   */
  void fp6Multiply(long[] z, int zo, long[] x, int xo, long[] y, int yo) {
    long[] s = s6;
    final int v0 = 0;
    final int v1 = FP2;
    final int v2 = 2 * FP2;
    final int m12 = 3 * FP2;
    final int m01 = 4 * FP2;
    final int m02 = 5 * FP2;
    fp2Multiply(s, v0, x, xo, y, yo);
    fp2Multiply(s, v1, x, xo + FP2, y, yo + FP2);
    fp2Multiply(s, v2, x, xo + 2 * FP2, y, yo + 2 * FP2);
    karatsubaTerm(s, m12, x, xo + FP2, xo + 2 * FP2, y, yo + FP2, yo + 2 * FP2, v1, v2);
    karatsubaTerm(s, m01, x, xo, xo + FP2, y, yo, yo + FP2, v0, v1);
    karatsubaTerm(s, m02, x, xo, xo + 2 * FP2, y, yo, yo + 2 * FP2, v0, v2);
    fp2MultiplyByXi(s, m12, s, m12);
    fp2MultiplyByXi(s, v2, s, v2);
    fp2Add(z, zo, s, v0, s, m12);
    fp2Add(z, zo + FP2, s, m01, s, v2);
    fp2Add(z, zo + 2 * FP2, s, m02, s, v1);
  }

  /** s[m] = (x_i + x_j)(y_i + y_j) - s[vi] - s[vj], with the sums in s6's last two slots. */
  private void karatsubaTerm(long[] s, int m, long[] x, int xi, int xj, long[] y, int yi,
      int yj, int vi, int vj) {
    fp2Add(s, SUM_X, x, xi, x, xj);
    fp2Add(s, SUM_Y, y, yi, y, yj);
    fp2Multiply(s, m, s, SUM_X, s, SUM_Y);
    fp2Subtract(s, m, s, m, s, vi);
    fp2Subtract(s, m, s, m, s, vj);
  }

  /**
   * z = x·(b0 + b1·v), the sparse factor of a Miller-loop line (b0 at b[b0], b1 at b[b1]),
   * as {@link Fp6#multiplyBy01}: five Fp2 products instead of six.
   */
  void fp6MultiplyBy01(long[] z, int zo, long[] x, int xo, long[] b, int b0, int b1) {
    long[] s = s6;
    final int v0 = 0;
    final int v1 = FP2;
    final int m01 = 2 * FP2;
    final int x2b1 = 3 * FP2;
    final int x2b0 = 4 * FP2;
    fp2Multiply(s, v0, x, xo, b, b0);
    fp2Multiply(s, v1, x, xo + FP2, b, b1);
    fp2Add(s, SUM_X, x, xo, x, xo + FP2);
    fp2Add(s, SUM_Y, b, b0, b, b1);
    fp2Multiply(s, m01, s, SUM_X, s, SUM_Y);
    fp2Subtract(s, m01, s, m01, s, v0);
    fp2Subtract(s, m01, s, m01, s, v1);
    fp2Multiply(s, x2b1, x, xo + 2 * FP2, b, b1);
    fp2MultiplyByXi(s, x2b1, s, x2b1);
    fp2Multiply(s, x2b0, x, xo + 2 * FP2, b, b0);
    fp2Add(z, zo, s, v0, s, x2b1);
    fp2Copy(z, zo + FP2, s, m01);
    fp2Add(z, zo + 2 * FP2, s, v1, s, x2b0);
  }

  /** z = x·b for b in Fp2 (b must not alias z): three Fp2 products. */
  void fp6MultiplyByFp2(long[] z, int zo, long[] x, int xo, long[] b, int bo) {
    for (int i = 0; i < FP6; i += FP2) {
      fp2Multiply(z, zo + i, x, xo + i, b, bo);
    }
  }

  /** z = x·v: (c0, c1, c2) ↦ (ξ·c2, c0, c1). */
  void fp6MultiplyByV(long[] z, int zo, long[] x, int xo) {
    long[] s = s6;
    fp2MultiplyByXi(s, 0, x, xo + 2 * FP2);
    fp2Copy(z, zo + 2 * FP2, x, xo + FP2);
    fp2Copy(z, zo + FP2, x, xo);
    fp2Copy(z, zo, s, 0);
  }

  // ---- Fp12 = Fp6[w] / (w² - v)

  /** Karatsuba over Fp6, as {@link Fp12#multiply}: three Fp6 products. */
  void fp12Multiply(long[] z, int zo, long[] x, int xo, long[] y, int yo) {
    long[] s = s12;
    final int v0 = 0;
    final int v1 = FP6;
    final int mixed = 2 * FP6;
    final int sumY = 3 * FP6;
    fp6Multiply(s, v0, x, xo, y, yo);
    fp6Multiply(s, v1, x, xo + FP6, y, yo + FP6);
    fp6Add(s, mixed, x, xo, x, xo + FP6);
    fp6Add(s, sumY, y, yo, y, yo + FP6);
    fp6Multiply(s, mixed, s, mixed, s, sumY);
    fp6Subtract(s, mixed, s, mixed, s, v0);
    fp6Subtract(s, mixed, s, mixed, s, v1);
    fp6MultiplyByV(s, v1, s, v1);
    fp6Add(z, zo, s, v0, s, v1);
    System.arraycopy(s, mixed, z, zo + FP6, FP6);
  }

  /**
   * (c0 + c1w)² = c0² + c1²v + 2c0c1w, with c0² + c1²v = (c0 + c1)(c0 + c1v) - t - tv for
   * t = c0c1, as {@link Fp12#square}: two Fp6 products.
   */
  void fp12Square(long[] z, int zo, long[] x, int xo) {
    long[] s = s12;
    final int t = 0;
    final int a = FP6;
    final int b = 2 * FP6;
    fp6Multiply(s, t, x, xo, x, xo + FP6);
    fp6Add(s, a, x, xo, x, xo + FP6);
    fp6MultiplyByV(s, b, x, xo + FP6);
    fp6Add(s, b, s, b, x, xo);
    fp6Multiply(s, a, s, a, s, b);
    fp6Subtract(s, a, s, a, s, t);
    fp6MultiplyByV(s, b, s, t);
    fp6Subtract(z, zo, s, a, s, b);
    fp6Add(z, zo + FP6, s, t, s, t);
  }

  /**
   * z = x·(l0 + l1·w + l3·w³), a Miller-loop line with l0, l1, l3 at line[lo], line[lo + 8],
   * line[lo + 16], as {@link Fp12#multiplyByLine}: 13 Fp2 products instead of 18.
   */
  void fp12MultiplyByLine(long[] z, int zo, long[] x, int xo, long[] line, int lo) {
    long[] s = s12;
    final int a = 0;
    final int b = FP6;
    final int mixed = 2 * FP6;
    final int sumLine = 3 * FP6;
    fp6MultiplyByFp2(s, a, x, xo, line, lo);
    fp6MultiplyBy01(s, b, x, xo + FP6, line, lo + FP2, lo + 2 * FP2);
    fp6Add(s, mixed, x, xo, x, xo + FP6);
    fp2Add(s, sumLine, line, lo, line, lo + FP2);
    fp2Copy(s, sumLine + FP2, line, lo + 2 * FP2);
    fp6MultiplyBy01(s, mixed, s, mixed, s, sumLine, sumLine + FP2);
    fp6Subtract(s, mixed, s, mixed, s, a);
    fp6Subtract(s, mixed, s, mixed, s, b);
    fp6MultiplyByV(s, b, s, b);
    fp6Add(z, zo, s, a, s, b);
    System.arraycopy(s, mixed, z, zo + FP6, FP6);
  }

  /**
   * The Granger–Scott square in the cyclotomic subgroup, as {@link Fp12#cyclotomicSquare}
   * (which explains it): three Fp4 squares, nine Fp2 squares in all. Output coefficient g_k
   * reads only the input coefficient at its own position, so z may alias x.
   */
  void fp12CyclotomicSquare(long[] z, int zo, long[] x, int xo) {
    long[] s = s12;
    // Positions in an Fp12: c0 = (g0, g2, g4), c1 = (g1, g3, g5).
    final int g0 = 0;
    final int g2 = FP2;
    final int g4 = 2 * FP2;
    final int g1 = 3 * FP2;
    final int g3 = 4 * FP2;
    final int g5 = 5 * FP2;
    // A = g0 + g3·t, B = g1 + g4·t, C = g2 + g5·t; squares at s[0..16), s[16..32), s[32..48).
    final int a = 0;
    final int b = 2 * FP2;
    final int c = 4 * FP2;
    fp4Square(s, a, x, xo + g0, xo + g3);
    fp4Square(s, b, x, xo + g1, xo + g4);
    fp4Square(s, c, x, xo + g2, xo + g5);
    fp2MultiplyByXi(s, c + FP2, s, c + FP2);
    threeMinusTwo(z, zo + g0, s, a, x, xo + g0, true);
    threeMinusTwo(z, zo + g3, s, a + FP2, x, xo + g3, false);
    threeMinusTwo(z, zo + g1, s, c + FP2, x, xo + g1, false);
    threeMinusTwo(z, zo + g4, s, c, x, xo + g4, true);
    threeMinusTwo(z, zo + g2, s, b, x, xo + g2, true);
    threeMinusTwo(z, zo + g5, s, b + FP2, x, xo + g5, false);
  }

  /** (x + y·t)² = (x² + ξ·y²) + ((x + y)² - x² - y²)·t in Fp4 = Fp2[t]/(t² - ξ). */
  private void fp4Square(long[] z, int zo, long[] in, int x, int y) {
    long[] s = s12;
    final int xx = 6 * FP2;
    final int yy = 7 * FP2;
    final int sum = 8 * FP2;
    fp2Square(s, xx, in, x);
    fp2Square(s, yy, in, y);
    fp2Add(s, sum, in, x, in, y);
    fp2Square(s, sum, s, sum);
    fp2Subtract(s, sum, s, sum, s, xx);
    fp2Subtract(z, zo + FP2, s, sum, s, yy);
    fp2MultiplyByXi(s, yy, s, yy);
    fp2Add(z, zo, s, xx, s, yy);
  }

  /** z = 3·a - 2·g when {@code minus}, else 3·a + 2·g, as a + 2(a ∓ g). */
  private static void threeMinusTwo(long[] z, int zo, long[] s, int a, long[] x, int g,
      boolean minus) {
    final int t = 9 * FP2;
    if (minus) {
      fp2Subtract(s, t, s, a, x, g);
    } else {
      fp2Add(s, t, s, a, x, g);
    }
    fp2Add(s, t, s, t, s, t);
    fp2Add(z, zo, s, t, s, a);
  }

  /** f^(p⁶) = c0 - c1·w: the inverse in the cyclotomic subgroup. */
  static void fp12Conjugate(long[] z, int zo, long[] x, int xo) {
    System.arraycopy(x, xo, z, zo, FP6);
    fp6Negate(z, zo + FP6, x, xo + FP6);
  }

  /** f^(p^k) for k = 1, 2, 3, as {@link Fp12#frobenius}. */
  void fp12Frobenius(long[] z, int zo, long[] x, int xo, int k) {
    long[] gamma = FROBENIUS[k];
    // The Fp2 at position j of the layout is the coefficient of w^i: c0 holds w⁰, w², w⁴ and
    // c1 holds w¹, w³, w⁵ (see Fp12).
    for (int j = 0; j < 6; j++) {
      int i = j < 3 ? 2 * j : 2 * (j - 3) + 1;
      int at = zo + j * FP2;
      if ((k & 1) == 1) {
        fp2Conjugate(z, at, x, xo + j * FP2);
      } else {
        fp2Copy(z, at, x, xo + j * FP2);
      }
      if (i != 0) {
        fp2Multiply(z, at, z, at, gamma, i * FP2);
      }
    }
  }

  static boolean fp12IsOne(long[] x, int xo) {
    return Fp12.ONE.equals(toFp12(x, xo));
  }

  // ---- conversions to and from the records

  static void put(long[] z, int zo, Fp2 a) {
    a.c0().toLimbs(z, zo);
    a.c1().toLimbs(z, zo + FP);
  }

  static Fp2 fp2(long[] x, int xo) {
    return new Fp2(Fp.fromLimbs(x, xo), Fp.fromLimbs(x, xo + FP));
  }

  static void put(long[] z, int zo, Fp12 a) {
    Fp2[] coefficients = {a.c0().c0(), a.c0().c1(), a.c0().c2(), a.c1().c0(), a.c1().c1(),
        a.c1().c2()};
    for (int j = 0; j < 6; j++) {
      put(z, zo + j * FP2, coefficients[j]);
    }
  }

  static Fp12 toFp12(long[] x, int xo) {
    return new Fp12(
        new Fp6(fp2(x, xo), fp2(x, xo + FP2), fp2(x, xo + 2 * FP2)),
        new Fp6(fp2(x, xo + FP6), fp2(x, xo + FP6 + FP2), fp2(x, xo + FP6 + 2 * FP2)));
  }

  private static long[][] frobeniusCoefficients() {
    long[][] table = new long[4][6 * FP2];
    for (int k = 1; k <= 3; k++) {
      for (int i = 0; i < 6; i++) {
        put(table[k], i * FP2, Fp12.frobeniusCoefficient(k, i));
      }
    }
    return table;
  }
}
