package dev.zg.common.hd;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** Bitcoin's Base58Check text form, as BIP-32 serializes extended keys (xprv, xpub). */
final class Base58 {
  private static final char[] ALPHABET =
      "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
  private static final BigInteger BASE = BigInteger.valueOf(58);

  private Base58() {}

  /** Base58 of {@code payload} followed by the first 4 bytes of its double SHA-256. */
  static String encodeChecked(byte[] payload) {
    byte[] checksum = Arrays.copyOf(sha256(sha256(payload)), 4);
    byte[] data = Arrays.copyOf(payload, payload.length + 4);
    System.arraycopy(checksum, 0, data, payload.length, 4);
    return encode(data);
  }

  static String encode(byte[] data) {
    StringBuilder out = new StringBuilder();
    BigInteger value = new BigInteger(1, data);
    while (value.signum() > 0) {
      BigInteger[] qr = value.divideAndRemainder(BASE);
      out.append(ALPHABET[qr[1].intValue()]);
      value = qr[0];
    }
    // Each leading zero byte is written as the digit for zero, '1'.
    for (int i = 0; i < data.length && data[i] == 0; i++) {
      out.append(ALPHABET[0]);
    }
    return out.reverse().toString();
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
