package dev.zg.crypto.bn254;

import java.math.BigInteger;

/**
 * An element of the BN254 base field Fp (EIP-196's p), kept in Montgomery form a·2^256 mod p
 * on four little-endian 64-bit limbs and always fully reduced, so equal elements have equal
 * limbs.
 *
 * <p>This is the innermost loop of the pairing: multiplication is CIOS Montgomery
 * multiplication with {@link Math#unsignedMultiplyHigh}, unrolled on locals (a mutable
 * accumulator object ran twice as slow). Benchmark ({@code Bn254PairingBenchmark}) before
 * refactoring. Every constant except p itself is derived from p when the class loads.
 */
final class Fp implements FieldElement<Fp> {
  static final BigInteger MODULUS = new BigInteger(
      "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47", 16);
  static final int BYTES = 32;

  private static final long P0 = limb(MODULUS, 0);
  private static final long P1 = limb(MODULUS, 1);
  private static final long P2 = limb(MODULUS, 2);
  private static final long P3 = limb(MODULUS, 3);
  /** -p^-1 mod 2^64: the multiplier that makes each CIOS round divisible by 2^64. */
  private static final long INV =
      MODULUS.negate().modInverse(BigInteger.ONE.shiftLeft(64)).longValue();
  /** 2^512 mod p as plain limbs: a Montgomery product with it moves a value into the form. */
  private static final Fp R_SQUARED = plain(BigInteger.ONE.shiftLeft(512).mod(MODULUS));
  /** Plain 1: a Montgomery product with it moves a value out of the form. */
  private static final Fp PLAIN_ONE = new Fp(1, 0, 0, 0);
  /** 2^768 mod p as plain limbs: turns the plain inverse of a·R back into Montgomery form. */
  private static final Fp R_CUBED = plain(BigInteger.ONE.shiftLeft(768).mod(MODULUS));
  private static final long[] MODULUS_LIMBS = {P0, P1, P2, P3};

  static final Fp ZERO = new Fp(0, 0, 0, 0);
  static final Fp ONE = of(1);

  // Montgomery limbs, least significant first; the value is below p.
  final long l0;
  final long l1;
  final long l2;
  final long l3;

  private Fp(long l0, long l1, long l2, long l3) {
    this.l0 = l0;
    this.l1 = l1;
    this.l2 = l2;
    this.l3 = l3;
  }

  static Fp of(long value) {
    return fromBigInteger(BigInteger.valueOf(value));
  }

  /** Any integer, reduced mod p. */
  static Fp fromBigInteger(BigInteger value) {
    return plain(value.mod(MODULUS)).multiply(R_SQUARED);
  }

  /**
   * Reads a 32-byte big-endian integer; null when it is not below p (EIP-196 rejects such
   * coordinates instead of reducing them).
   */
  static Fp fromBytes(byte[] in, int offset) {
    long w3 = word(in, offset);
    long w2 = word(in, offset + 8);
    long w1 = word(in, offset + 16);
    long w0 = word(in, offset + 24);
    if (!lessThanModulus(w0, w1, w2, w3)) {
      return null;
    }
    return new Fp(w0, w1, w2, w3).multiply(R_SQUARED);
  }

  /** The element whose Montgomery limbs are a[ao..ao+3] (below p), for {@link Tower}. */
  static Fp fromLimbs(long[] a, int ao) {
    return new Fp(a[ao], a[ao + 1], a[ao + 2], a[ao + 3]);
  }

  /** Stores the Montgomery limbs at z[zo..zo+3], for {@link Tower}. */
  void toLimbs(long[] z, int zo) {
    z[zo] = l0;
    z[zo + 1] = l1;
    z[zo + 2] = l2;
    z[zo + 3] = l3;
  }

  /** Writes the value as 32 big-endian bytes. */
  void toBytes(byte[] out, int offset) {
    Fp v = multiply(PLAIN_ONE);
    putWord(out, offset, v.l3);
    putWord(out, offset + 8, v.l2);
    putWord(out, offset + 16, v.l1);
    putWord(out, offset + 24, v.l0);
  }

  BigInteger toBigInteger() {
    byte[] bytes = new byte[BYTES];
    toBytes(bytes, 0);
    return new BigInteger(1, bytes);
  }

  @Override
  public Fp add(Fp b) {
    // a + b < 2p < 2^255: the top limb cannot overflow.
    long s0 = l0 + b.l0;
    long c = carry(l0, b.l0, s0);
    long s1 = l1 + b.l1 + c;
    c = carry(l1, b.l1, s1);
    long s2 = l2 + b.l2 + c;
    c = carry(l2, b.l2, s2);
    long s3 = l3 + b.l3 + c;
    return reduceOnce(s0, s1, s2, s3);
  }

  @Override
  public Fp subtract(Fp b) {
    long d0 = l0 - b.l0;
    long w = borrow(l0, b.l0, d0);
    long d1 = l1 - b.l1 - w;
    w = borrow(l1, b.l1, d1);
    long d2 = l2 - b.l2 - w;
    w = borrow(l2, b.l2, d2);
    long d3 = l3 - b.l3 - w;
    w = borrow(l3, b.l3, d3);
    if (w == 0) {
      return new Fp(d0, d1, d2, d3);
    }
    // a - b wrapped below zero: add p back (the carry out of the top limb is the wrap).
    // (A branch-free version with masks measured slower in the pairing.)
    long s0 = d0 + P0;
    long c = carry(d0, P0, s0);
    long s1 = d1 + P1 + c;
    c = carry(d1, P1, s1);
    long s2 = d2 + P2 + c;
    c = carry(d2, P2, s2);
    return new Fp(s0, s1, s2, d3 + P3 + c);
  }

  @Override
  public Fp negate() {
    return isZero() ? this : ZERO.subtract(this);
  }

  /**
   * CIOS Montgomery multiplication: four rounds of t ← (t + a·b_i + m·p) / 2^64, with m chosen
   * so that the division is exact. With a below p and t below 2p on entry, t stays below 2p,
   * so four limbs and one carry word hold it. Plain locals keep everything in registers.
   */
  @Override
  public Fp multiply(Fp b) {
    long t0 = 0;
    long t1 = 0;
    long t2 = 0;
    long t3 = 0;
    for (int i = 0; i < 4; i++) {
      long bi = i == 0 ? b.l0 : i == 1 ? b.l1 : i == 2 ? b.l2 : b.l3;
      long lo = l0 * bi;
      long hi = Math.unsignedMultiplyHigh(l0, bi);
      t0 += lo;
      long c = hi + carryOf(t0, lo);
      lo = l1 * bi;
      hi = Math.unsignedMultiplyHigh(l1, bi);
      t1 += lo;
      hi += carryOf(t1, lo);
      t1 += c;
      c = hi + carryOf(t1, c);
      lo = l2 * bi;
      hi = Math.unsignedMultiplyHigh(l2, bi);
      t2 += lo;
      hi += carryOf(t2, lo);
      t2 += c;
      c = hi + carryOf(t2, c);
      lo = l3 * bi;
      hi = Math.unsignedMultiplyHigh(l3, bi);
      t3 += lo;
      hi += carryOf(t3, lo);
      t3 += c;
      long t4 = hi + carryOf(t3, c);
      // Add m·p and shift down one limb; the low limb of t0 + m·P0 is zero by the choice of m.
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
    return reduceOnce(t0, t1, t2, t3);
  }

  @Override
  public Fp square() {
    return multiply(this);
  }

  /**
   * The inverse; zero maps to zero. The limbs hold a·R, whose plain inverse is a^-1·R^-1; one
   * Montgomery product with R³ gives a^-1·R.
   */
  @Override
  public Fp inverse() {
    if (isZero()) {
      return this;
    }
    long[] inverse = BinaryInverse.invert(new long[] {l0, l1, l2, l3}, MODULUS_LIMBS);
    return new Fp(inverse[0], inverse[1], inverse[2], inverse[3]).multiply(R_CUBED);
  }

  Fp pow(BigInteger exponent) {
    Fp result = ONE;
    for (int i = exponent.bitLength() - 1; i >= 0; i--) {
      result = result.square();
      if (exponent.testBit(i)) {
        result = result.multiply(this);
      }
    }
    return result;
  }

  @Override
  public boolean isZero() {
    return (l0 | l1 | l2 | l3) == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fp f && l0 == f.l0 && l1 == f.l1 && l2 == f.l2 && l3 == f.l3;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(l0 ^ l1 ^ l2 ^ l3);
  }

  @Override
  public String toString() {
    return "0x" + toBigInteger().toString(16);
  }

  /** s - p when s is at least p, else s; s is below 2p. */
  private static Fp reduceOnce(long s0, long s1, long s2, long s3) {
    long d0 = s0 - P0;
    long w = borrow(s0, P0, d0);
    long d1 = s1 - P1 - w;
    w = borrow(s1, P1, d1);
    long d2 = s2 - P2 - w;
    w = borrow(s2, P2, d2);
    long d3 = s3 - P3 - w;
    w = borrow(s3, P3, d3);
    return w == 0 ? new Fp(d0, d1, d2, d3) : new Fp(s0, s1, s2, s3);
  }

  /** The carry out of {@code sum = x + addend} (one 64-bit addition without carry in). */
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

  private static boolean lessThanModulus(long w0, long w1, long w2, long w3) {
    long d0 = w0 - P0;
    long w = borrow(w0, P0, d0);
    long d1 = w1 - P1 - w;
    w = borrow(w1, P1, d1);
    long d2 = w2 - P2 - w;
    w = borrow(w2, P2, d2);
    return borrow(w3, P3, w3 - P3 - w) == 1;
  }

  private static Fp plain(BigInteger value) {
    return new Fp(limb(value, 0), limb(value, 1), limb(value, 2), limb(value, 3));
  }

  private static long limb(BigInteger value, int index) {
    return value.shiftRight(64 * index).longValue();
  }

  private static long word(byte[] in, int offset) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (in[offset + i] & 0xff);
    }
    return v;
  }

  private static void putWord(byte[] out, int offset, long v) {
    for (int i = 7; i >= 0; i--) {
      out[offset + i] = (byte) v;
      v >>>= 8;
    }
  }
}
