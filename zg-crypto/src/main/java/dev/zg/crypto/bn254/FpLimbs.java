package dev.zg.crypto.bn254;

/**
 * Fp arithmetic on Montgomery limbs stored in a {@code long[]} at an offset: four
 * little-endian limbs per element, the same form as {@link Fp}'s fields. These are the kernels
 * under {@link Tower}, the pairing's mutable, allocation-free Fp2/Fp6/Fp12 arithmetic.
 *
 * <p>Why a second copy of {@link Fp}'s arithmetic: Java returns one value, so an immutable
 * Fp allocates a result per operation, and a pairing runs about 30,000 of them. Writing into
 * caller-owned arrays made an Fp2 product about 30% faster in a micro-benchmark. {@code Fp}
 * keeps its own copy on locals for G1, where it is faster still; {@code TowerTest} checks
 * both against each other and against BigInteger.
 *
 * <p>Every result is fully reduced (below p), except {@link #addUnreduced}, and every method
 * reads all of its inputs before it writes, so the output may alias an input. Benchmark
 * ({@code Bn254PairingBenchmark}) before refactoring.
 */
final class FpLimbs {
  static final int LIMBS = 4;

  private static final long P0 = limb(0);
  private static final long P1 = limb(1);
  private static final long P2 = limb(2);
  private static final long P3 = limb(3);
  /** -p^-1 mod 2^64, as in {@link Fp}. */
  private static final long INV =
      Fp.MODULUS.negate().modInverse(java.math.BigInteger.ONE.shiftLeft(64)).longValue();

  private FpLimbs() {}

  /**
   * z = a·b·2^-256 mod p, CIOS as in {@link Fp#multiply}. Inputs may be below 2p rather than
   * p (sums from {@link #addUnreduced}): then a·b/2^256 < 4p²/2^256 < p, because 4p < 2^256,
   * so the running value still stays below 2p and one final subtraction reduces it.
   */
  static void multiply(long[] z, int zo, long[] a, int ao, long[] b, int bo) {
    long a0 = a[ao];
    long a1 = a[ao + 1];
    long a2 = a[ao + 2];
    long a3 = a[ao + 3];
    long t0 = 0;
    long t1 = 0;
    long t2 = 0;
    long t3 = 0;
    for (int i = 0; i < LIMBS; i++) {
      long bi = b[bo + i];
      long lo = a0 * bi;
      long hi = Math.unsignedMultiplyHigh(a0, bi);
      t0 += lo;
      long c = hi + carryOf(t0, lo);
      lo = a1 * bi;
      hi = Math.unsignedMultiplyHigh(a1, bi);
      t1 += lo;
      hi += carryOf(t1, lo);
      t1 += c;
      c = hi + carryOf(t1, c);
      lo = a2 * bi;
      hi = Math.unsignedMultiplyHigh(a2, bi);
      t2 += lo;
      hi += carryOf(t2, lo);
      t2 += c;
      c = hi + carryOf(t2, c);
      lo = a3 * bi;
      hi = Math.unsignedMultiplyHigh(a3, bi);
      t3 += lo;
      hi += carryOf(t3, lo);
      t3 += c;
      long t4 = hi + carryOf(t3, c);
      long m = t0 * INV;
      lo = m * P0;
      c = Math.unsignedMultiplyHigh(m, P0) + carryOf(lo + t0, lo);
      lo = m * P1;
      hi = Math.unsignedMultiplyHigh(m, P1);
      t0 = t1 + lo;
      hi += carryOf(t0, lo);
      t0 += c;
      c = hi + carryOf(t0, c);
      lo = m * P2;
      hi = Math.unsignedMultiplyHigh(m, P2);
      t1 = t2 + lo;
      hi += carryOf(t1, lo);
      t1 += c;
      c = hi + carryOf(t1, c);
      lo = m * P3;
      hi = Math.unsignedMultiplyHigh(m, P3);
      t2 = t3 + lo;
      hi += carryOf(t2, lo);
      t2 += c;
      c = hi + carryOf(t2, c);
      t3 = t4 + c;
    }
    reduceOnce(z, zo, t0, t1, t2, t3);
  }

  static void add(long[] z, int zo, long[] a, int ao, long[] b, int bo) {
    long x0 = a[ao];
    long x1 = a[ao + 1];
    long x2 = a[ao + 2];
    long x3 = a[ao + 3];
    long y0 = b[bo];
    long y1 = b[bo + 1];
    long y2 = b[bo + 2];
    long y3 = b[bo + 3];
    // a + b < 2p < 2^255: the top limb cannot overflow.
    long s0 = x0 + y0;
    long c = carry(x0, y0, s0);
    long s1 = x1 + y1 + c;
    c = carry(x1, y1, s1);
    long s2 = x2 + y2 + c;
    c = carry(x2, y2, s2);
    reduceOnce(z, zo, s0, s1, s2, x3 + y3 + c);
  }

  /**
   * z = a + b, left in [0, 2p): only for an operand of {@link #multiply}, which accepts it
   * (Karatsuba's (a0 + a1)(b0 + b1) skips a reduction this way).
   */
  static void addUnreduced(long[] z, int zo, long[] a, int ao, long[] b, int bo) {
    long x0 = a[ao];
    long x1 = a[ao + 1];
    long x2 = a[ao + 2];
    long x3 = a[ao + 3];
    long y0 = b[bo];
    long y1 = b[bo + 1];
    long y2 = b[bo + 2];
    long y3 = b[bo + 3];
    long s0 = x0 + y0;
    long c = carry(x0, y0, s0);
    long s1 = x1 + y1 + c;
    c = carry(x1, y1, s1);
    long s2 = x2 + y2 + c;
    c = carry(x2, y2, s2);
    z[zo] = s0;
    z[zo + 1] = s1;
    z[zo + 2] = s2;
    z[zo + 3] = x3 + y3 + c;
  }

  static void subtract(long[] z, int zo, long[] a, int ao, long[] b, int bo) {
    long x0 = a[ao];
    long x1 = a[ao + 1];
    long x2 = a[ao + 2];
    long x3 = a[ao + 3];
    long y0 = b[bo];
    long y1 = b[bo + 1];
    long y2 = b[bo + 2];
    long y3 = b[bo + 3];
    long d0 = x0 - y0;
    long w = borrow(x0, y0, d0);
    long d1 = x1 - y1 - w;
    w = borrow(x1, y1, d1);
    long d2 = x2 - y2 - w;
    w = borrow(x2, y2, d2);
    long d3 = x3 - y3 - w;
    w = borrow(x3, y3, d3);
    if (w != 0) {
      // a - b wrapped below zero: add p back, dropping the carry out of the top limb.
      long s0 = d0 + P0;
      long c = carry(d0, P0, s0);
      long s1 = d1 + P1 + c;
      c = carry(d1, P1, s1);
      long s2 = d2 + P2 + c;
      c = carry(d2, P2, s2);
      d0 = s0;
      d1 = s1;
      d2 = s2;
      d3 = d3 + P3 + c;
    }
    z[zo] = d0;
    z[zo + 1] = d1;
    z[zo + 2] = d2;
    z[zo + 3] = d3;
  }

  static void negate(long[] z, int zo, long[] a, int ao) {
    if (isZero(a, ao)) {
      set(z, zo, 0, 0, 0, 0);
      return;
    }
    long x0 = a[ao];
    long x1 = a[ao + 1];
    long x2 = a[ao + 2];
    long x3 = a[ao + 3];
    long d0 = P0 - x0;
    long w = borrow(P0, x0, d0);
    long d1 = P1 - x1 - w;
    w = borrow(P1, x1, d1);
    long d2 = P2 - x2 - w;
    w = borrow(P2, x2, d2);
    set(z, zo, d0, d1, d2, P3 - x3 - w);
  }

  static boolean isZero(long[] a, int ao) {
    return (a[ao] | a[ao + 1] | a[ao + 2] | a[ao + 3]) == 0;
  }

  static void copy(long[] z, int zo, long[] a, int ao) {
    System.arraycopy(a, ao, z, zo, LIMBS);
  }

  /** s - p when s is at least p, else s; s is below 2p. */
  private static void reduceOnce(long[] z, int zo, long s0, long s1, long s2, long s3) {
    long d0 = s0 - P0;
    long w = borrow(s0, P0, d0);
    long d1 = s1 - P1 - w;
    w = borrow(s1, P1, d1);
    long d2 = s2 - P2 - w;
    w = borrow(s2, P2, d2);
    long d3 = s3 - P3 - w;
    w = borrow(s3, P3, d3);
    if (w == 0) {
      set(z, zo, d0, d1, d2, d3);
    } else {
      set(z, zo, s0, s1, s2, s3);
    }
  }

  private static void set(long[] z, int zo, long v0, long v1, long v2, long v3) {
    z[zo] = v0;
    z[zo + 1] = v1;
    z[zo + 2] = v2;
    z[zo + 3] = v3;
  }

  /**
   * The carry out of {@code sum = x + addend}. A compare measured faster here than the
   * branch-free bit formula of {@link #carry} (and far faster than
   * {@code Long.compareUnsigned(..) >>> 31}): C2 turns it into a flag read.
   */
  private static long carryOf(long sum, long addend) {
    return Long.compareUnsigned(sum, addend) < 0 ? 1 : 0;
  }

  // Carry out of sum = x + y + carryIn, and borrow out of diff = x - y - borrowIn, read from
  // the top bits of the operands and the result (Hacker's Delight, 2-13).
  private static long carry(long x, long y, long sum) {
    return ((x & y) | ((x | y) & ~sum)) >>> 63;
  }

  private static long borrow(long x, long y, long diff) {
    return ((~x & y) | ((~x | y) & diff)) >>> 63;
  }

  private static long limb(int index) {
    return Fp.MODULUS.shiftRight(64 * index).longValue();
  }
}
