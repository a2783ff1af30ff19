package dev.zg.crypto.bn254;

import static dev.zg.crypto.bn254.Tower.FP12;
import static dev.zg.crypto.bn254.Tower.FP2;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The optimal ate pairing on BN254: a Miller loop over 6u + 2 followed by two lines through
 * ψ(Q) and -ψ²(Q), then the final exponentiation to the power (p¹² - 1) / r.
 *
 * <p>Lines are evaluated at P through the untwisting (x, y) ↦ (x·w², y·w³): the line through
 * T with slope λ on the twist, at P = (xP, yP) in Fp, is yP - λ·xP·w + (λ·xT - yT)·w³. Each
 * line is scaled by an Fp2 factor to clear denominators; the final exponentiation maps every
 * element of a proper subfield to 1, so the scaling does not change the pairing.
 *
 * <p>All of it runs on {@link Tower}'s mutable arrays, one {@code Tower} per call, so the
 * roughly 30,000 field operations of a two-pair check allocate almost nothing. The record
 * signatures ({@link #millerLoop(List, List)}, {@link #finalExponentiation(Fp12)}) convert
 * at the edges for the tests.
 */
final class OptimalAte {
  /** 6u + 2 in non-adjacent form, least significant digit first. */
  private static final int[] LOOP_NAF = Curve.nonAdjacentForm(
      BigInteger.valueOf(G2Point.U).multiply(BigInteger.valueOf(6)).add(BigInteger.TWO));
  /** The width of {@link #U_WINDOW_NAF}'s digits: odd, between -7 and 7. */
  private static final int U_WINDOW = 4;
  /**
   * u in width-4 non-adjacent form (Hankerson, Menezes, Vanstone, algorithm 3.35): 14 nonzero
   * digits, where the plain NAF has 24 and binary 28, for 3 extra products to precompute g³,
   * g⁵, g⁷. See {@link #powU}.
   */
  private static final int[] U_WINDOW_NAF = windowNaf(G2Point.U, U_WINDOW);

  private OptimalAte() {}

  /** e(P1, Q1) · … · e(Pk, Qk) = 1, sharing one Miller loop and one final exponentiation. */
  static boolean pairingProductIsOne(List<G1Point> ps, List<G2Point> qs) {
    Tower tower = new Tower();
    long[] f = finalExponentiation(tower, millerLoop(tower, ps, qs));
    return Tower.fp12IsOne(f, 0);
  }

  /** e(P1, Q1) · … · e(Pk, Qk) as an element of GT. */
  static Fp12 pairingProduct(List<G1Point> ps, List<G2Point> qs) {
    Tower tower = new Tower();
    return Tower.toFp12(finalExponentiation(tower, millerLoop(tower, ps, qs)), 0);
  }

  static Fp12 millerLoop(List<G1Point> ps, List<G2Point> qs) {
    return Tower.toFp12(millerLoop(new Tower(), ps, qs), 0);
  }

  static Fp12 finalExponentiation(Fp12 f) {
    long[] x = new long[FP12];
    Tower.put(x, 0, f);
    return Tower.toFp12(finalExponentiation(new Tower(), x), 0);
  }

  /**
   * The product of the pairs' Miller functions: every pair's lines multiply into one f, so
   * the 65 squarings of f are shared by all pairs.
   */
  private static long[] millerLoop(Tower tower, List<G1Point> ps, List<G2Point> qs) {
    List<MillerState> states = new ArrayList<>(ps.size());
    for (int i = 0; i < ps.size(); i++) {
      // A pair with the point at infinity on either side contributes e = 1.
      if (!ps.get(i).isInfinity() && !qs.get(i).isInfinity()) {
        states.add(new MillerState(ps.get(i).affine(), qs.get(i).affine()));
      }
    }
    long[] f = new long[FP12];
    Tower.put(f, 0, Fp12.ONE);
    if (states.isEmpty()) {
      return f;
    }
    for (int i = LOOP_NAF.length - 2; i >= 0; i--) {
      if (i < LOOP_NAF.length - 2) {
        tower.fp12Square(f, 0, f, 0); // (f starts at 1: its first square is 1)
      }
      for (MillerState s : states) {
        s.doublingStep(tower, f);
      }
      if (LOOP_NAF[i] != 0) {
        for (MillerState s : states) {
          s.additionStep(tower, f, LOOP_NAF[i] > 0 ? s.q : s.minusQ);
        }
      }
    }
    for (MillerState s : states) {
      s.additionStep(tower, f, s.psiQ);
      s.additionStep(tower, f, s.minusPsi2Q);
    }
    return f;
  }

  /**
   * f^((p¹² - 1) / r) = f^((p⁶ - 1)(p² + 1) · (p⁴ - p² + 1) / r). The first two factors are
   * cheap with conjugation and Frobenius and move f into the cyclotomic subgroup, where the
   * inverse is the conjugate. The hard part (p⁴ - p² + 1) / r is λ0 + λ1·p + λ2·p² + λ3·p³
   * with λ3 = 1, λ2 = 6u² + 1, λ1 = -36u³ - 18u² - 12u + 1, λ0 = -36u³ - 30u² - 18u - 2
   * (Scott et al., "On the final exponentiation for calculating pairings on ordinary elliptic
   * curves", 2009; the identity is checked in the tests). So it needs only f^u, f^u², f^u³.
   */
  private static long[] finalExponentiation(Tower tower, long[] f) {
    long[] g = fp12();
    long[] t = fp12();
    Tower.put(g, 0, Tower.toFp12(f, 0).inverse()); // once per pairing: the record's is enough
    Tower.fp12Conjugate(t, 0, f, 0);
    tower.fp12Multiply(g, 0, t, 0, g, 0); // f^(p⁶ - 1)
    tower.fp12Frobenius(t, 0, g, 0, 2);
    tower.fp12Multiply(g, 0, t, 0, g, 0); // ·^(p² + 1)
    long[] a = powU(tower, g);
    long[] b = powU(tower, a);
    long[] c = powU(tower, b);
    long[] b6 = sixth(tower, b);
    long[] b12 = square(tower, b6);
    long[] b18 = multiply(tower, b12, b6);
    long[] a6 = sixth(tower, a);
    long[] a12 = square(tower, a6);
    long[] c9 = multiply(tower, square(tower, square(tower, square(tower, c))), c);
    long[] c36 = square(tower, square(tower, c9));
    long[] c36b18a12 = multiply(tower, multiply(tower, c36, b18), a12);
    long[] pow0 = multiply(tower, multiply(tower, multiply(tower, c36b18a12, b12), a6),
        square(tower, g));
    Tower.fp12Conjugate(pow0, 0, pow0, 0);
    long[] pow1 = fp12();
    Tower.fp12Conjugate(pow1, 0, c36b18a12, 0);
    tower.fp12Multiply(pow1, 0, pow1, 0, g, 0);
    long[] pow2 = multiply(tower, b6, g);
    tower.fp12Frobenius(pow1, 0, pow1, 0, 1);
    tower.fp12Frobenius(pow2, 0, pow2, 0, 2);
    tower.fp12Frobenius(g, 0, g, 0, 3);
    return multiply(tower, multiply(tower, multiply(tower, pow0, pow1), pow2), g);
  }

  /**
   * g^u for g in the cyclotomic subgroup: left-to-right over u's width-4 NAF, a cyclotomic
   * square per digit and, per nonzero digit d, a product with g^|d| or its inverse, which in
   * this subgroup is the conjugate.
   */
  private static long[] powU(Tower tower, long[] g) {
    int powers = 1 << (U_WINDOW - 2);
    long[][] odd = new long[powers][]; // odd[j] = g^(2j + 1)
    long[][] oddInverse = new long[powers][];
    odd[0] = g;
    long[] g2 = square(tower, g);
    for (int j = 1; j < powers; j++) {
      odd[j] = multiply(tower, odd[j - 1], g2);
    }
    for (int j = 0; j < powers; j++) {
      oddInverse[j] = fp12();
      Tower.fp12Conjugate(oddInverse[j], 0, odd[j], 0);
    }
    int top = U_WINDOW_NAF.length - 1;
    long[] result = odd[U_WINDOW_NAF[top] / 2].clone(); // the top digit is positive
    for (int i = top - 1; i >= 0; i--) {
      tower.fp12CyclotomicSquare(result, 0, result, 0);
      int digit = U_WINDOW_NAF[i];
      if (digit != 0) {
        long[] factor = digit > 0 ? odd[digit / 2] : oddInverse[-digit / 2];
        tower.fp12Multiply(result, 0, result, 0, factor, 0);
      }
    }
    return result;
  }

  /**
   * k ≥ 0 in width-w non-adjacent form, least significant digit first: every nonzero digit is
   * odd and below 2^(w-1) in magnitude, and is followed by at least w - 1 zeros.
   */
  static int[] windowNaf(long k, int width) {
    int[] digits = new int[Long.SIZE + 1];
    int n = 0;
    long window = 1L << width;
    while (k != 0) {
      int digit = 0;
      if ((k & 1) != 0) {
        digit = (int) (k & (window - 1));
        if (digit >= window / 2) {
          digit -= (int) window;
        }
        k -= digit;
      }
      digits[n++] = digit;
      k >>>= 1;
    }
    return java.util.Arrays.copyOf(digits, n);
  }

  /** x⁶ = ((x²)·x)², in the cyclotomic subgroup. */
  private static long[] sixth(Tower tower, long[] x) {
    return square(tower, multiply(tower, square(tower, x), x));
  }

  private static long[] square(Tower tower, long[] x) {
    long[] z = fp12();
    tower.fp12CyclotomicSquare(z, 0, x, 0);
    return z;
  }

  private static long[] multiply(Tower tower, long[] x, long[] y) {
    long[] z = fp12();
    tower.fp12Multiply(z, 0, x, 0, y, 0);
    return z;
  }

  private static long[] fp12() {
    return new long[FP12];
  }

  /**
   * One pair's running point T = [k]Q in Jacobian coordinates, the fixed P and the affine
   * points the loop adds (Q, -Q, ψ(Q), -ψ²(Q)), each x || y in one array, with its own
   * scratch for the step formulas and the line.
   */
  private static final class MillerState {
    // Offsets: in p, yP and -xP (the line's w coefficient wants -xP); in points, x and y;
    // in t, X, Y and Z.
    private static final int Y_P = 0;
    private static final int MINUS_X_P = 4;
    private static final int X = 0;
    private static final int Y = FP2;
    private static final int Z = 2 * FP2;
    // The line l0 + l1·w + l3·w³ in line[]: l0, l1, l3 at these offsets.
    private static final int L0 = 0;
    private static final int L1 = FP2;
    private static final int L3 = 2 * FP2;

    private final long[] p = new long[8];
    final long[] q;
    final long[] minusQ;
    final long[] psiQ;
    final long[] minusPsi2Q;
    private final long[] t = new long[3 * FP2];
    private final long[] line = new long[3 * FP2];
    private final long[] w = new long[9 * FP2];

    MillerState(Curve.Affine<Fp> p, Curve.Affine<Fp2> q) {
      p.y().toLimbs(this.p, Y_P);
      p.x().negate().toLimbs(this.p, MINUS_X_P);
      Curve.Affine<Fp2> psiQ = G2Point.twistFrobenius(q);
      Curve.Affine<Fp2> psi2Q = G2Point.twistFrobenius(psiQ);
      this.q = point(q.x(), q.y());
      this.minusQ = point(q.x(), q.y().negate());
      this.psiQ = point(psiQ.x(), psiQ.y());
      this.minusPsi2Q = point(psi2Q.x(), psi2Q.y().negate());
      Tower.put(t, X, q.x());
      Tower.put(t, Y, q.y());
      Tower.put(t, Z, Fp2.ONE);
    }

    private static long[] point(Fp2 x, Fp2 y) {
      long[] point = new long[2 * FP2];
      Tower.put(point, X, x);
      Tower.put(point, Y, y);
      return point;
    }

    /**
     * f ← f · l_{T,T}(P), and T ← 2T (dbl-2009-l). The tangent slope is 3X²/(2YZ); scaled by
     * 2YZ·Z², the line is 2YZ³·yP - 3X²Z²·xP·w + (3X³ - 2Y²)·w³.
     */
    void doublingStep(Tower k, long[] f) {
      final int a = 0;
      final int b = FP2;
      final int c = 2 * FP2;
      final int zz = 3 * FP2;
      final int e = 4 * FP2;
      final int z3 = 5 * FP2;
      final int d = 6 * FP2;
      final int x3 = 7 * FP2;
      k.fp2Square(w, a, t, X);
      k.fp2Square(w, b, t, Y);
      k.fp2Square(w, c, w, b);
      k.fp2Square(w, zz, t, Z);
      Tower.fp2Add(w, e, w, a, w, a);
      Tower.fp2Add(w, e, w, e, w, a); // e = 3X²
      k.fp2Multiply(w, z3, t, Y, t, Z);
      Tower.fp2Add(w, z3, w, z3, w, z3); // Z3 = 2YZ
      k.fp2Multiply(line, L0, w, z3, w, zz);
      Tower.fp2MultiplyByFp(line, L0, line, L0, p, Y_P);
      k.fp2Multiply(line, L1, w, e, w, zz);
      Tower.fp2MultiplyByFp(line, L1, line, L1, p, MINUS_X_P);
      k.fp2Multiply(line, L3, w, e, t, X);
      Tower.fp2Subtract(line, L3, line, L3, w, b);
      Tower.fp2Subtract(line, L3, line, L3, w, b);
      // d = 2((X + Y²)² - X² - Y⁴), X3 = e² - 2d, Y3 = e(d - X3) - 8Y⁴.
      Tower.fp2Add(w, d, t, X, w, b);
      k.fp2Square(w, d, w, d);
      Tower.fp2Subtract(w, d, w, d, w, a);
      Tower.fp2Subtract(w, d, w, d, w, c);
      Tower.fp2Add(w, d, w, d, w, d);
      k.fp2Square(w, x3, w, e);
      Tower.fp2Subtract(w, x3, w, x3, w, d);
      Tower.fp2Subtract(w, x3, w, x3, w, d);
      Tower.fp2Subtract(w, d, w, d, w, x3);
      k.fp2Multiply(t, Y, w, e, w, d);
      Tower.fp2Add(w, c, w, c, w, c);
      Tower.fp2Add(w, c, w, c, w, c);
      Tower.fp2Add(w, c, w, c, w, c);
      Tower.fp2Subtract(t, Y, t, Y, w, c);
      Tower.fp2Copy(t, X, w, x3);
      Tower.fp2Copy(t, Z, w, z3);
      k.fp12MultiplyByLine(f, 0, f, 0, line, 0);
    }

    /**
     * f ← f · l_{T,R}(P), and T ← T + R for an affine R (x || y). With θ = yR·Z³ - Y and
     * ρ = xR·Z² - X the slope is θ / (Zρ); scaled by Zρ, the line is
     * Zρ·yP - θ·xP·w + (θ·xR - yR·Zρ)·w³.
     */
    void additionStep(Tower k, long[] f, long[] r) {
      final int zz = 0;
      final int theta = FP2;
      final int rho = 2 * FP2;
      final int z3 = 3 * FP2;
      final int rho2 = 4 * FP2;
      final int rho3 = 5 * FP2;
      final int v = 6 * FP2;
      final int x3 = 7 * FP2;
      final int tmp = 8 * FP2;
      k.fp2Square(w, zz, t, Z);
      k.fp2Multiply(w, theta, r, Y, t, Z);
      k.fp2Multiply(w, theta, w, theta, w, zz);
      Tower.fp2Subtract(w, theta, w, theta, t, Y);
      k.fp2Multiply(w, rho, r, X, w, zz);
      Tower.fp2Subtract(w, rho, w, rho, t, X);
      k.fp2Multiply(w, z3, t, Z, w, rho);
      Tower.fp2MultiplyByFp(line, L0, w, z3, p, Y_P);
      Tower.fp2MultiplyByFp(line, L1, w, theta, p, MINUS_X_P);
      k.fp2Multiply(line, L3, w, theta, r, X);
      k.fp2Multiply(w, tmp, r, Y, w, z3);
      Tower.fp2Subtract(line, L3, line, L3, w, tmp);
      // X3 = θ² - ρ³ - 2Xρ², Y3 = θ(Xρ² - X3) - Yρ³, Z3 = Zρ.
      k.fp2Square(w, rho2, w, rho);
      k.fp2Multiply(w, rho3, w, rho2, w, rho);
      k.fp2Multiply(w, v, t, X, w, rho2);
      k.fp2Square(w, x3, w, theta);
      Tower.fp2Subtract(w, x3, w, x3, w, rho3);
      Tower.fp2Subtract(w, x3, w, x3, w, v);
      Tower.fp2Subtract(w, x3, w, x3, w, v);
      Tower.fp2Subtract(w, v, w, v, w, x3);
      k.fp2Multiply(w, v, w, theta, w, v);
      k.fp2Multiply(w, tmp, t, Y, w, rho3);
      Tower.fp2Subtract(t, Y, w, v, w, tmp);
      Tower.fp2Copy(t, X, w, x3);
      Tower.fp2Copy(t, Z, w, z3);
      k.fp12MultiplyByLine(f, 0, f, 0, line, 0);
    }
  }
}
