package dev.zg.common;

import java.math.BigInteger;

/**
 * An immutable unsigned 256-bit integer: balances, storage keys and values. Four limbs, least
 * significant first, so it moves to and from an EVM stack slot ({@link Word256}) without
 * conversion. Arithmetic wraps modulo 2^256 unless a method says otherwise.
 */
public final class UInt256 implements Comparable<UInt256> {
  public static final UInt256 ZERO = new UInt256(0, 0, 0, 0);
  public static final UInt256 ONE = new UInt256(1, 0, 0, 0);
  public static final UInt256 MAX = new UInt256(-1, -1, -1, -1);

  private final long u0;
  private final long u1;
  private final long u2;
  private final long u3;

  private UInt256(long u0, long u1, long u2, long u3) {
    this.u0 = u0;
    this.u1 = u1;
    this.u2 = u2;
    this.u3 = u3;
  }

  public static UInt256 of(long u0, long u1, long u2, long u3) {
    return (u0 | u1 | u2 | u3) == 0 ? ZERO : new UInt256(u0, u1, u2, u3);
  }

  /** A non-negative long. */
  public static UInt256 valueOf(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative value: " + value);
    }
    return of(value, 0, 0, 0);
  }

  /** The word at offset {@code a} of a {@link Word256} array. */
  public static UInt256 fromWords(long[] w, int a) {
    return of(w[a], w[a + 1], w[a + 2], w[a + 3]);
  }

  /** Up to 32 big-endian bytes. */
  public static UInt256 fromBytes(byte[] bytes) {
    return fromBytes(bytes, 0, bytes.length);
  }

  public static UInt256 fromBytes(byte[] bytes, int offset, int length) {
    long[] w = new long[4];
    Word256.fromBytes(w, 0, bytes, offset, length);
    return of(w[0], w[1], w[2], w[3]);
  }

  public static UInt256 fromBigInteger(BigInteger value) {
    if (value.signum() < 0 || value.bitLength() > 256) {
      throw new IllegalArgumentException("not an unsigned 256-bit value: " + value);
    }
    return of(value.longValue(), value.shiftRight(64).longValue(),
        value.shiftRight(128).longValue(), value.shiftRight(192).longValue());
  }

  /** Parses {@code 0x}-prefixed hex (any number of digits up to 64) or decimal. */
  public static UInt256 parse(String text) {
    String t = text.trim();
    BigInteger value = Hex.hasPrefix(t)
        ? (t.length() == 2 ? BigInteger.ZERO : new BigInteger(t.substring(2), 16))
        : new BigInteger(t);
    return fromBigInteger(value);
  }

  /** Writes this value into a {@link Word256} array at offset {@code r}. */
  public void toWords(long[] w, int r) {
    w[r] = u0;
    w[r + 1] = u1;
    w[r + 2] = u2;
    w[r + 3] = u3;
  }

  public long limb(int i) {
    return switch (i) {
      case 0 -> u0;
      case 1 -> u1;
      case 2 -> u2;
      case 3 -> u3;
      default -> throw new IndexOutOfBoundsException(i);
    };
  }

  public boolean isZero() {
    return (u0 | u1 | u2 | u3) == 0;
  }

  /** True when the value fits in a non-negative long. */
  public boolean fitsLong() {
    return (u1 | u2 | u3) == 0 && u0 >= 0;
  }

  /** The value as a long; fails when it does not fit. */
  public long toLongExact() {
    if (!fitsLong()) {
      throw new ArithmeticException("value does not fit in a long: " + this);
    }
    return u0;
  }

  public byte[] toBytes32() {
    byte[] out = new byte[32];
    Bytes.putLong(out, 0, u3);
    Bytes.putLong(out, 8, u2);
    Bytes.putLong(out, 16, u1);
    Bytes.putLong(out, 24, u0);
    return out;
  }

  /** Big-endian bytes without leading zeros (empty for zero), as RLP scalars are stored. */
  public byte[] toMinimalBytes() {
    return Bytes.trimLeadingZeros(toBytes32());
  }

  public BigInteger toBigInteger() {
    return new BigInteger(1, toBytes32());
  }

  public UInt256 add(UInt256 o) {
    long[] w = {u0, u1, u2, u3, o.u0, o.u1, o.u2, o.u3};
    Word256.add(w, 0, 4, 0);
    return of(w[0], w[1], w[2], w[3]);
  }

  /** this + o, or null when the sum does not fit in 256 bits. */
  public UInt256 addExact(UInt256 o) {
    UInt256 sum = add(o);
    return sum.compareTo(this) < 0 ? null : sum;
  }

  public UInt256 subtract(UInt256 o) {
    long[] w = {u0, u1, u2, u3, o.u0, o.u1, o.u2, o.u3};
    Word256.sub(w, 0, 4, 0);
    return of(w[0], w[1], w[2], w[3]);
  }

  public UInt256 multiply(UInt256 o) {
    long[] w = {u0, u1, u2, u3, o.u0, o.u1, o.u2, o.u3};
    Word256.mul(w, 0, 4, 0);
    return of(w[0], w[1], w[2], w[3]);
  }

  public UInt256 multiply(long o) {
    return multiply(valueOf(o));
  }

  @Override
  public int compareTo(UInt256 o) {
    int c = Long.compareUnsigned(u3, o.u3);
    if (c == 0) {
      c = Long.compareUnsigned(u2, o.u2);
    }
    if (c == 0) {
      c = Long.compareUnsigned(u1, o.u1);
    }
    if (c == 0) {
      c = Long.compareUnsigned(u0, o.u0);
    }
    return c;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UInt256 v && u0 == v.u0 && u1 == v.u1 && u2 == v.u2 && u3 == v.u3;
  }

  @Override
  public int hashCode() {
    long h = u0 * 31 + u1;
    h = h * 31 + u2;
    h = h * 31 + u3;
    return (int) (h ^ (h >>> 32));
  }

  /** {@code 0x}-prefixed minimal hex ({@code 0x0} for zero), as JSON-RPC quantities are written. */
  public String toHexQuantity() {
    return "0x" + toBigInteger().toString(16);
  }

  @Override
  public String toString() {
    return toHexQuantity();
  }
}
