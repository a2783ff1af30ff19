package dev.zg.common;

import java.math.BigInteger;
import java.util.Arrays;

/** Small helpers over {@code byte[]} used across zg; values stay plain arrays on hot paths. */
public final class Bytes {
  public static final byte[] EMPTY = new byte[0];

  private Bytes() {}

  public static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int offset = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, offset, part.length);
      offset += part.length;
    }
    return out;
  }

  /** Removes leading zero bytes (the minimal big-endian form RLP scalars use). */
  public static byte[] trimLeadingZeros(byte[] value) {
    int i = 0;
    while (i < value.length && value[i] == 0) {
      i++;
    }
    return i == 0 ? value : Arrays.copyOfRange(value, i, value.length);
  }

  /** Left-pads with zeros to {@code length}; fails when the value is longer. */
  public static byte[] leftPad(byte[] value, int length) {
    if (value.length == length) {
      return value;
    }
    if (value.length > length) {
      throw new IllegalArgumentException(
          "value of " + value.length + " bytes does not fit in " + length + " bytes");
    }
    byte[] out = new byte[length];
    System.arraycopy(value, 0, out, length - value.length, value.length);
    return out;
  }

  /** Unsigned big-endian bytes of a non-negative integer, without leading zeros. */
  public static byte[] unsigned(BigInteger value) {
    if (value.signum() < 0) {
      throw new IllegalArgumentException("negative value: " + value);
    }
    byte[] raw = value.toByteArray();
    return raw[0] == 0 ? Arrays.copyOfRange(raw, 1, raw.length) : raw;
  }

  /** Unsigned big-endian bytes of a non-negative integer, left-padded to {@code length}. */
  public static byte[] unsigned(BigInteger value, int length) {
    return leftPad(unsigned(value), length);
  }

  /** Minimal big-endian bytes of an unsigned long (empty for zero). */
  public static byte[] unsigned(long value) {
    if (value == 0) {
      return EMPTY;
    }
    int length = 8 - Long.numberOfLeadingZeros(value) / 8;
    byte[] out = new byte[length];
    for (int i = length - 1; i >= 0; i--) {
      out[i] = (byte) value;
      value >>>= 8;
    }
    return out;
  }

  public static BigInteger toUnsignedBigInteger(byte[] value) {
    return new BigInteger(1, value);
  }

  public static boolean isZero(byte[] value) {
    for (byte b : value) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** Big-endian 8 bytes. */
  public static void putLong(byte[] out, int offset, long value) {
    for (int i = 7; i >= 0; i--) {
      out[offset + i] = (byte) value;
      value >>>= 8;
    }
  }

  /** Reads up to 8 big-endian bytes as an unsigned long. */
  public static long getLong(byte[] in, int offset, int length) {
    long v = 0;
    for (int i = 0; i < length; i++) {
      v = (v << 8) | (in[offset + i] & 0xff);
    }
    return v;
  }
}
