package dev.zg.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import java.util.Locale;

/**
 * Strict parsing of Ethereum JSON hex values, with go-ethereum's rules and reasons:
 * quantities are {@code 0x}-prefixed, non-empty, without leading zeros ({@code 0x0} for zero);
 * data is {@code 0x}-prefixed with an even number of digits. Every failure is an
 * {@link IllegalArgumentException} whose message says what was wrong and shows the value.
 */
final class HexJson {
  private static final int SHOWN_CHARS_MAX = 70;

  private HexJson() {}

  static String text(JsonNode value, String expected) {
    if (!value.isTextual()) {
      throw new IllegalArgumentException("expected " + expected + ", got " + kind(value));
    }
    return value.textValue();
  }

  /** The hex digits of a strict quantity, checked for prefix, emptiness and leading zeros. */
  static String quantityDigits(JsonNode value) {
    String text = text(value, "a hex quantity string");
    if (!hasPrefix(text)) {
      throw new IllegalArgumentException("hex string without 0x prefix: " + show(text));
    }
    if (text.length() == 2) {
      throw new IllegalArgumentException("empty hex number: " + show(text));
    }
    if (text.charAt(2) == '0' && text.length() > 3) {
      throw new IllegalArgumentException("hex number with leading zero digits: " + show(text));
    }
    return text;
  }

  /** A quantity that fits a non-negative long (block numbers, gas, nonces, chain ids). */
  static long longQuantity(JsonNode value) {
    String text = quantityDigits(value);
    int digits = text.length() - 2;
    if (digits > 16 || (digits == 16 && digit(text, 2) >= 8)) {
      throw new IllegalArgumentException("hex number > 63 bits: " + show(text));
    }
    long result = 0;
    for (int i = 2; i < text.length(); i++) {
      result = (result << 4) | digit(text, i);
    }
    return result;
  }

  static UInt256 uint256(JsonNode value) {
    String text = quantityDigits(value);
    int digits = text.length() - 2;
    if (digits > 64) {
      throw new IllegalArgumentException("hex number > 256 bits: " + show(text));
    }
    long[] limbs = new long[4];
    // The k-th digit from the right lands in limb k / 16 at bit (k % 16) * 4.
    for (int k = 0; k < digits; k++) {
      long nibble = digit(text, text.length() - 1 - k);
      limbs[k >>> 4] |= nibble << ((k & 15) << 2);
    }
    return UInt256.of(limbs[0], limbs[1], limbs[2], limbs[3]);
  }

  static byte[] data(JsonNode value, int maxBytes) {
    String text = text(value, "a 0x-prefixed hex string");
    if (!hasPrefix(text)) {
      throw new IllegalArgumentException("hex string without 0x prefix: " + show(text));
    }
    int digits = text.length() - 2;
    if ((digits & 1) != 0) {
      throw new IllegalArgumentException("hex string of odd length: " + show(text));
    }
    if (digits / 2 > maxBytes) {
      throw new IllegalArgumentException(
          "hex data of " + digits / 2 + " bytes exceeds the limit of " + maxBytes);
    }
    byte[] out = new byte[digits / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) ((digit(text, 2 + 2 * i) << 4) | digit(text, 3 + 2 * i));
    }
    return out;
  }

  static byte[] fixedData(JsonNode value, int length, String what) {
    String text = text(value, "a 0x-prefixed hex string");
    if (hasPrefix(text) && text.length() != 2 + 2 * length) {
      throw new IllegalArgumentException(what + " must be " + length + " bytes ("
          + 2 * length + " hex digits), got " + (text.length() - 2) + " digits: " + show(text));
    }
    return data(value, length);
  }

  /** EIP-55 checksums are not enforced on input, matching go-ethereum. */
  static Address address(JsonNode value) {
    return Address.wrap(fixedData(value, Address.LENGTH, "an address"));
  }

  static Hash hash(JsonNode value) {
    return Hash.adopt(fixedData(value, Hash.LENGTH, "a hash"));
  }

  static boolean hasPrefix(String text) {
    return text.length() >= 2 && text.charAt(0) == '0'
        && (text.charAt(1) == 'x' || text.charAt(1) == 'X');
  }

  static String kind(JsonNode value) {
    return value.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  /** The value quoted for an error message, cut short so errors never echo megabytes. */
  static String show(String text) {
    String shown = text.length() <= SHOWN_CHARS_MAX
        ? text
        : text.substring(0, SHOWN_CHARS_MAX - 3) + "...";
    return '"' + shown + '"';
  }

  private static int digit(String text, int index) {
    char c = text.charAt(index);
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    throw new IllegalArgumentException("invalid hex string: " + show(text));
  }
}
