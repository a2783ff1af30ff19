package dev.zg.crypto.bn254;

import java.math.BigInteger;

/**
 * Arithmetic on a short Weierstrass curve y² = x³ + b (a = 0) over the field F, in Jacobian
 * coordinates so that no step but the final conversion to affine inverts. BN254's G1 uses it
 * over Fp with b = 3, G2 over Fp2 with the twist's b' = 3 / ξ.
 *
 * <p>The formulas are the a = 0 cases of the Explicit-Formulas Database: dbl-2009-l and
 * add-2007-bl, with the exceptional inputs (infinity, P = Q, P = -Q) handled first, so the
 * results are right for every point of the curve, in any subgroup.
 */
final class Curve<F extends FieldElement<F>> {
  /** An affine point; the point at infinity has no affine form and is null where one is used. */
  record Affine<F>(F x, F y) {}

  /** x = X / Z², y = Y / Z³; Z = 0 is the point at infinity. */
  record Jacobian<F extends FieldElement<F>>(F x, F y, F z) {
    boolean isInfinity() {
      return z.isZero();
    }
  }

  private final F b;
  private final F one;
  final Jacobian<F> infinity;

  Curve(F b, F zero, F one) {
    this.b = b;
    this.one = one;
    this.infinity = new Jacobian<>(one, one, zero);
  }

  boolean isOnCurve(F x, F y) {
    return y.square().equals(x.square().multiply(x).add(b));
  }

  Jacobian<F> fromAffine(Affine<F> p) {
    return p == null ? infinity : new Jacobian<>(p.x(), p.y(), one);
  }

  /** The affine form, or null for the point at infinity. */
  Affine<F> toAffine(Jacobian<F> p) {
    if (p.isInfinity()) {
      return null;
    }
    F zInverse = p.z().inverse();
    F zInverse2 = zInverse.square();
    return new Affine<>(p.x().multiply(zInverse2), p.y().multiply(zInverse2).multiply(zInverse));
  }

  Jacobian<F> negate(Jacobian<F> p) {
    return new Jacobian<>(p.x(), p.y().negate(), p.z());
  }

  Jacobian<F> doubled(Jacobian<F> p) {
    if (p.isInfinity() || p.y().isZero()) {
      return infinity; // a point with y = 0 has order two (BN254 has none, but stay total)
    }
    F a = p.x().square();
    F bb = p.y().square();
    F c = bb.square();
    F d = p.x().add(bb).square().subtract(a).subtract(c).twice();
    F e = a.twice().add(a);
    F x3 = e.square().subtract(d.twice());
    F y3 = e.multiply(d.subtract(x3)).subtract(c.twice().twice().twice());
    F z3 = p.y().multiply(p.z()).twice();
    return new Jacobian<>(x3, y3, z3);
  }

  Jacobian<F> add(Jacobian<F> p, Jacobian<F> q) {
    if (p.isInfinity()) {
      return q;
    }
    if (q.isInfinity()) {
      return p;
    }
    F z1z1 = p.z().square();
    F z2z2 = q.z().square();
    F u1 = p.x().multiply(z2z2);
    F u2 = q.x().multiply(z1z1);
    F s1 = p.y().multiply(q.z()).multiply(z2z2);
    F s2 = q.y().multiply(p.z()).multiply(z1z1);
    F h = u2.subtract(u1);
    F r = s2.subtract(s1).twice();
    if (h.isZero()) {
      return r.isZero() ? doubled(p) : infinity; // same x: P = Q or P = -Q
    }
    F i = h.twice().square();
    F j = h.multiply(i);
    F v = u1.multiply(i);
    F x3 = r.square().subtract(j).subtract(v.twice());
    F y3 = r.multiply(v.subtract(x3)).subtract(s1.multiply(j).twice());
    F z3 = p.z().add(q.z()).square().subtract(z1z1).subtract(z2z2).multiply(h);
    return new Jacobian<>(x3, y3, z3);
  }

  /**
   * P + Q for an affine Q (madd-2007-bl, "mixed" addition): with Q's Z = 1, four of the
   * general formula's products drop out (7M + 4S instead of 11M + 5S). Scalar multiplication
   * adds the same affine base point over and over, so it uses this.
   */
  Jacobian<F> addMixed(Jacobian<F> p, Affine<F> q) {
    if (q == null) {
      return p;
    }
    if (p.isInfinity()) {
      return fromAffine(q);
    }
    F z1z1 = p.z().square();
    F h = q.x().multiply(z1z1).subtract(p.x());
    F r = q.y().multiply(p.z()).multiply(z1z1).subtract(p.y()).twice();
    if (h.isZero()) {
      return r.isZero() ? doubled(p) : infinity; // same x: P = Q or P = -Q
    }
    F hh = h.square();
    F i = hh.twice().twice();
    F j = h.multiply(i);
    F v = p.x().multiply(i);
    F x3 = r.square().subtract(j).subtract(v.twice());
    F y3 = r.multiply(v.subtract(x3)).subtract(p.y().multiply(j).twice());
    F z3 = p.z().add(h).square().subtract(z1z1).subtract(hh);
    return new Jacobian<>(x3, y3, z3);
  }

  /**
   * [k]P for k ≥ 0 and an affine P, null for infinity (scalars here are public, so there is
   * no need for constant time).
   */
  Jacobian<F> multiply(Affine<F> p, BigInteger k) {
    return multiply(p, nonAdjacentForm(k));
  }

  /**
   * [k]P from k's non-adjacent form (digits -1, 0, 1, least significant first), by
   * left-to-right double-and-add with mixed additions of the affine P or -P: negation is
   * free, and a NAF has a third of its digits nonzero where binary has half.
   */
  Jacobian<F> multiply(Affine<F> p, int[] naf) {
    if (p == null) {
      return infinity;
    }
    Affine<F> negated = new Affine<>(p.x(), p.y().negate());
    Jacobian<F> result = infinity;
    for (int i = naf.length - 1; i >= 0; i--) {
      result = doubled(result);
      if (naf[i] != 0) {
        result = addMixed(result, naf[i] > 0 ? p : negated);
      }
    }
    return result;
  }

  /** [k]P for a point in Jacobian form (the tests' [r]Q = 0 oracle, cofactor clearing). */
  Jacobian<F> multiply(Jacobian<F> p, BigInteger k) {
    Jacobian<F> negated = negate(p);
    int[] naf = nonAdjacentForm(k);
    Jacobian<F> result = infinity;
    for (int i = naf.length - 1; i >= 0; i--) {
      result = doubled(result);
      if (naf[i] != 0) {
        result = add(result, naf[i] > 0 ? p : negated);
      }
    }
    return result;
  }

  static int[] nonAdjacentForm(BigInteger k) {
    if (k.signum() < 0) {
      throw new IllegalArgumentException("negative scalar");
    }
    int[] digits = new int[k.bitLength() + 1];
    int n = 0;
    while (k.signum() > 0) {
      int digit = 0;
      if (k.testBit(0)) {
        digit = k.testBit(1) ? -1 : 1; // k ≡ 3 (mod 4) takes -1, leaving the next bit clear
        k = k.subtract(BigInteger.valueOf(digit));
      }
      digits[n++] = digit;
      k = k.shiftRight(1);
    }
    return java.util.Arrays.copyOf(digits, n);
  }

  /** Projective equality: X1·Z2² = X2·Z1² and Y1·Z2³ = Y2·Z1³. */
  boolean equal(Jacobian<F> p, Jacobian<F> q) {
    if (p.isInfinity() || q.isInfinity()) {
      return p.isInfinity() && q.isInfinity();
    }
    F z1z1 = p.z().square();
    F z2z2 = q.z().square();
    return p.x().multiply(z2z2).equals(q.x().multiply(z1z1))
        && p.y().multiply(z2z2).multiply(q.z()).equals(q.y().multiply(z1z1).multiply(p.z()));
  }
}
