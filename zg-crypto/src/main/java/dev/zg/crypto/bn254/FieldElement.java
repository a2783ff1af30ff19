package dev.zg.crypto.bn254;

/**
 * The operations the curve formulas need, so that {@link Curve} is written once for G1 (over
 * Fp) and G2 (over Fp2). Elements are immutable.
 */
interface FieldElement<F extends FieldElement<F>> {
  F add(F other);

  F subtract(F other);

  F multiply(F other);

  F square();

  F negate();

  /** The multiplicative inverse; the inverse of zero is zero (callers check first). */
  F inverse();

  boolean isZero();

  default F twice() {
    @SuppressWarnings("unchecked")
    F self = (F) this;
    return add(self);
  }
}
