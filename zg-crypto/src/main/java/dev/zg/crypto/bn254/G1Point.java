package dev.zg.crypto.bn254;

import java.math.BigInteger;

/**
 * A point of BN254's G1, the curve y² = x³ + 3 over Fp (EIP-196). The whole curve group has
 * prime order r, so every point on the curve is in G1 and no subgroup check is needed. Held in
 * affine form; the point at infinity is encoded as (0, 0), which is not on the curve.
 */
public final class G1Point {
  static final Curve<Fp> CURVE = new Curve<>(Fp.of(3), Fp.ZERO, Fp.ONE);
  public static final int ENCODED_BYTES = 64;
  public static final G1Point INFINITY = new G1Point(null);
  public static final G1Point GENERATOR = new G1Point(new Curve.Affine<>(Fp.ONE, Fp.of(2)));

  private final Curve.Affine<Fp> affine; // null for the point at infinity

  private G1Point(Curve.Affine<Fp> affine) {
    this.affine = affine;
  }

  /**
   * Reads x || y (two 32-byte big-endian integers) at {@code offset}; null when a coordinate
   * is not below p or the point is not on the curve. (0, 0) is the point at infinity.
   */
  public static G1Point decode(byte[] in, int offset) {
    Fp x = Fp.fromBytes(in, offset);
    Fp y = Fp.fromBytes(in, offset + Fp.BYTES);
    if (x == null || y == null) {
      return null;
    }
    if (x.isZero() && y.isZero()) {
      return INFINITY;
    }
    return CURVE.isOnCurve(x, y) ? new G1Point(new Curve.Affine<>(x, y)) : null;
  }

  /** x || y, 64 bytes; (0, 0) for the point at infinity. */
  public byte[] encode() {
    byte[] out = new byte[ENCODED_BYTES];
    if (affine != null) {
      affine.x().toBytes(out, 0);
      affine.y().toBytes(out, Fp.BYTES);
    }
    return out;
  }

  public boolean isInfinity() {
    return affine == null;
  }

  public G1Point add(G1Point other) {
    return of(CURVE.add(jacobian(), other.jacobian()));
  }

  /** [k]P for any k ≥ 0 (EIP-196 takes the full 256-bit scalar, unreduced). */
  public G1Point multiply(BigInteger k) {
    if (k.signum() < 0) {
      throw new IllegalArgumentException("negative scalar");
    }
    return of(CURVE.multiply(affine, k));
  }

  public G1Point negate() {
    return affine == null ? this : new G1Point(new Curve.Affine<>(affine.x(), affine.y().negate()));
  }

  Curve.Affine<Fp> affine() {
    return affine;
  }

  Curve.Jacobian<Fp> jacobian() {
    return CURVE.fromAffine(affine);
  }

  static G1Point of(Curve.Jacobian<Fp> p) {
    return new G1Point(CURVE.toAffine(p));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof G1Point g && java.util.Objects.equals(affine, g.affine);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hashCode(affine);
  }

  @Override
  public String toString() {
    return affine == null ? "G1(infinity)" : "G1(" + affine.x() + ", " + affine.y() + ")";
  }
}
