package dev.zg.crypto.bn254;

/**
 * Modular inversion by the binary extended Euclidean algorithm (Hankerson, Menezes, Vanstone,
 * "Guide to Elliptic Curve Cryptography", algorithm 2.22) on four-limb integers. About five
 * times faster than Fermat's a^(p-2), which matters for the 150-gas 0x06 precompile, where the
 * one inversion (back to affine) is most of the work. Not constant-time: every input here is
 * public.
 */
final class BinaryInverse {
  private BinaryInverse() {}

  /**
   * a^-1 mod p for 0 < a < p, with p odd and below 2^255 (so x + p never overflows). Each pass
   * of the outer loop takes at least one bit off u or v, so it runs at most 2·256 times.
   */
  static long[] invert(long[] a, long[] p) {
    long[] u = a.clone();
    long[] v = p.clone();
    long[] x1 = {1, 0, 0, 0};
    long[] x2 = {0, 0, 0, 0};
    // Invariants: a·x1 ≡ u and a·x2 ≡ v (mod p).
    for (int pass = 0; !isOne(u) && !isOne(v); pass++) {
      if (pass > 2 * 256 || isZero(u) || isZero(v)) {
        throw new IllegalArgumentException("not invertible: the input must be in (0, p)");
      }
      while ((u[0] & 1) == 0) {
        shiftRight(u);
        halve(x1, p);
      }
      while ((v[0] & 1) == 0) {
        shiftRight(v);
        halve(x2, p);
      }
      if (compare(u, v) >= 0) {
        subtract(u, v);
        subtractModulo(x1, x2, p);
      } else {
        subtract(v, u);
        subtractModulo(x2, x1, p);
      }
    }
    return isOne(u) ? x1 : x2;
  }

  /** x / 2 mod p: x itself when even, else x + p (even, and below 2^256) shifted. */
  private static void halve(long[] x, long[] p) {
    if ((x[0] & 1) != 0) {
      add(x, p);
    }
    shiftRight(x);
  }

  private static void subtractModulo(long[] x, long[] y, long[] p) {
    if (subtract(x, y) != 0) {
      add(x, p); // wrapped below zero; adding p wraps back, dropping the carry
    }
  }

  private static void shiftRight(long[] x) {
    x[0] = (x[0] >>> 1) | (x[1] << 63);
    x[1] = (x[1] >>> 1) | (x[2] << 63);
    x[2] = (x[2] >>> 1) | (x[3] << 63);
    x[3] = x[3] >>> 1;
  }

  private static void add(long[] x, long[] y) {
    long carry = 0;
    for (int i = 0; i < 4; i++) {
      long sum = x[i] + y[i];
      long carryOut = Long.compareUnsigned(sum, x[i]) < 0 ? 1 : 0;
      x[i] = sum + carry;
      carry = carryOut | (Long.compareUnsigned(x[i], sum) < 0 ? 1 : 0);
    }
  }

  /** x ← x - y; returns the borrow out of the top limb. */
  private static long subtract(long[] x, long[] y) {
    long borrow = 0;
    for (int i = 0; i < 4; i++) {
      long diff = x[i] - y[i];
      long borrowOut = Long.compareUnsigned(x[i], y[i]) < 0 ? 1 : 0;
      borrowOut |= Long.compareUnsigned(diff, borrow) < 0 ? 1 : 0;
      x[i] = diff - borrow;
      borrow = borrowOut;
    }
    return borrow;
  }

  private static int compare(long[] x, long[] y) {
    for (int i = 3; i >= 0; i--) {
      int c = Long.compareUnsigned(x[i], y[i]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static boolean isOne(long[] x) {
    return x[0] == 1 && (x[1] | x[2] | x[3]) == 0;
  }

  private static boolean isZero(long[] x) {
    return (x[0] | x[1] | x[2] | x[3]) == 0;
  }
}
