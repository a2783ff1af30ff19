package dev.zg.common;

/**
 * Hex text to bytes and back, the way Ethereum tools write it: lower case, optional {@code 0x}.
 *
 * <p>Decoding is strict (every character must be a hex digit, the length even) because hex
 * arrives from users and RPC clients; each failure names what was wrong.
 */
public final class Hex {
  private static final char[] DIGITS = "0123456789abcdef".toCharArray();
  private static final byte[] VALUES = new byte[128];

  static {
    java.util.Arrays.fill(VALUES, (byte) -1);
    for (int i = 0; i < 10; i++) {
      VALUES['0' + i] = (byte) i;
    }
    for (int i = 0; i < 6; i++) {
      VALUES['a' + i] = (byte) (10 + i);
      VALUES['A' + i] = (byte) (10 + i);
    }
  }

  private Hex() {}

  /** Lower-case hex without a prefix. */
  public static String encode(byte[] bytes) {
    return encode(bytes, 0, bytes.length);
  }

  public static String encode(byte[] bytes, int offset, int length) {
    char[] out = new char[length * 2];
    for (int i = 0; i < length; i++) {
      int b = bytes[offset + i] & 0xff;
      out[2 * i] = DIGITS[b >>> 4];
      out[2 * i + 1] = DIGITS[b & 0xf];
    }
    return new String(out);
  }

  /** Lower-case hex with the {@code 0x} prefix. */
  public static String prefixed(byte[] bytes) {
    return "0x" + encode(bytes);
  }

  /** True when the text starts with {@code 0x} or {@code 0X}. */
  public static boolean hasPrefix(CharSequence text) {
    return text.length() >= 2 && text.charAt(0) == '0' && (text.charAt(1) == 'x' || text.charAt(1) == 'X');
  }

  /** Decodes hex with or without {@code 0x}; an odd length or a non-hex character is an error. */
  public static byte[] decode(CharSequence text) {
    int start = hasPrefix(text) ? 2 : 0;
    int digits = text.length() - start;
    if ((digits & 1) != 0) {
      throw new IllegalArgumentException("hex string has an odd number of digits: " + abbreviate(text));
    }
    byte[] out = new byte[digits / 2];
    for (int i = 0; i < out.length; i++) {
      int hi = digit(text, start + 2 * i);
      int lo = digit(text, start + 2 * i + 1);
      out[i] = (byte) ((hi << 4) | lo);
    }
    return out;
  }

  /** Like {@link #decode} but also accepts an odd digit count by assuming a leading zero. */
  public static byte[] decodeLenient(CharSequence text) {
    int start = hasPrefix(text) ? 2 : 0;
    if (((text.length() - start) & 1) != 0) {
      return decode("0" + text.subSequence(start, text.length()));
    }
    return decode(text);
  }

  private static int digit(CharSequence text, int index) {
    char c = text.charAt(index);
    int v = c < 128 ? VALUES[c] : -1;
    if (v < 0) {
      throw new IllegalArgumentException(
          "invalid hex character '" + c + "' at position " + index + ": " + abbreviate(text));
    }
    return v;
  }

  private static String abbreviate(CharSequence text) {
    return text.length() <= 80 ? text.toString() : text.subSequence(0, 77) + "...";
  }
}
