package dev.zg.evm.precompile;

import java.math.BigInteger;

/**
 * Reading precompile input the way the EIPs define it: bytes past the end of the input are
 * zero, so a short input reads as if right-padded, and nothing is ever out of range.
 */
final class PrecompileInput {
  private PrecompileInput() {}

  /** {@code length} bytes at {@code offset}, zero where the input has none. */
  static byte[] slice(byte[] input, long offset, int length) {
    byte[] out = new byte[length];
    if (offset < input.length) {
      int available = (int) Math.min(length, input.length - offset);
      System.arraycopy(input, (int) offset, out, 0, available);
    }
    return out;
  }

  /** The first {@code length} bytes, right-padded with zeros (longer input is cut). */
  static byte[] padded(byte[] input, int length) {
    return slice(input, 0, length);
  }

  /** The unsigned 32-byte big-endian word at {@code offset}. */
  static BigInteger word(byte[] input, long offset) {
    return new BigInteger(1, slice(input, offset, 32));
  }

  /** The number of 32-byte words the input spans, rounded up (the unit of per-word gas). */
  static long words(byte[] input) {
    return (input.length + 31L) / 32;
  }
}
