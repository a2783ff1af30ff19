package dev.zg.crypto.bn254;

import java.math.BigInteger;
import java.util.SplittableRandom;

/** Random field elements and curve points for the BN254 tests, from a seeded generator. */
final class Bn254TestSupport {
  /** The order of G1, G2 and GT. */
  static final BigInteger R = new BigInteger(
      "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001", 16);
  static final BigInteger P = Fp.MODULUS;

  private Bn254TestSupport() {}

  static BigInteger below(SplittableRandom random, BigInteger bound) {
    while (true) {
      byte[] bytes = new byte[(bound.bitLength() + 7) / 8];
      random.nextBytes(bytes);
      BigInteger v = new BigInteger(1, bytes).mod(BigInteger.ONE.shiftLeft(bound.bitLength()));
      if (v.compareTo(bound) < 0) {
        return v;
      }
    }
  }

  static Fp fp(SplittableRandom random) {
    return Fp.fromBigInteger(below(random, P));
  }

  static Fp2 fp2(SplittableRandom random) {
    return new Fp2(fp(random), fp(random));
  }

  static Fp6 fp6(SplittableRandom random) {
    return new Fp6(fp2(random), fp2(random), fp2(random));
  }

  static Fp12 fp12(SplittableRandom random) {
    return new Fp12(fp6(random), fp6(random));
  }

  /** A random point of E'(Fp2), almost surely not in G2 (the cofactor is about 2^254). */
  static Curve.Jacobian<Fp2> twistPoint(SplittableRandom random) {
    Fp2 b = twistB();
    while (true) {
      Fp2 x = fp2(random);
      Fp2 y = sqrt(x.square().multiply(x).add(b));
      if (y != null) {
        return new Curve.Jacobian<>(x, y, Fp2.ONE);
      }
    }
  }

  static Fp2 twistB() {
    return new Fp2(Fp.of(3), Fp.ZERO).multiply(Fp2.XI.inverse());
  }

  /** A square root in Fp (p ≡ 3 mod 4: a^((p+1)/4)), or null. */
  static Fp sqrt(Fp a) {
    Fp root = a.pow(P.add(BigInteger.ONE).shiftRight(2));
    return root.square().equals(a) ? root : null;
  }

  /**
   * A square root in Fp2 through the norm: with n = √(a0² + a1²), x0² = (a0 ± n)/2 and
   * x1 = a1 / (2·x0). Null when a is not a square.
   */
  static Fp2 sqrt(Fp2 a) {
    Fp n = sqrt(a.c0().square().add(a.c1().square()));
    if (n == null) {
      return null;
    }
    Fp half = Fp.of(2).inverse();
    Fp x0 = sqrt(a.c0().add(n).multiply(half));
    if (x0 == null) {
      x0 = sqrt(a.c0().subtract(n).multiply(half));
    }
    if (x0 == null) {
      return null;
    }
    Fp2 root;
    if (x0.isZero()) {
      Fp imaginary = sqrt(a.c0().negate());
      root = imaginary == null ? Fp2.ONE : new Fp2(Fp.ZERO, imaginary);
    } else {
      root = new Fp2(x0, a.c1().multiply(x0.twice().inverse()));
    }
    return root.square().equals(a) ? root : null;
  }
}
