package dev.zg.common;

import java.util.Arrays;

/**
 * A 20-byte Ethereum account address. Text forms follow EIP-55: {@link #toString()} is the
 * mixed-case checksum form, and {@link #fromHex} rejects mixed-case input whose checksum is
 * wrong (all-lower and all-upper input carry no checksum and are accepted).
 */
public final class Address implements Comparable<Address> {
  public static final int LENGTH = 20;
  public static final Address ZERO = new Address(new byte[LENGTH]);

  private final byte[] bytes;
  private final int hash;

  private Address(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /** Wraps a copy of 20 bytes. */
  public static Address wrap(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("an address is 20 bytes, got " + bytes.length);
    }
    return new Address(bytes.clone());
  }

  public static Address wrap(byte[] bytes, int offset) {
    return new Address(Arrays.copyOfRange(bytes, offset, offset + LENGTH));
  }

  /** The address of the low 20 bytes of a 32-byte word (how the EVM turns words into addresses). */
  public static Address fromWord(byte[] word32) {
    return new Address(Arrays.copyOfRange(word32, 12, 32));
  }

  /** The address of an uncompressed public key (64 bytes, without the 0x04 prefix). */
  public static Address fromPublicKey(byte[] publicKey64) {
    if (publicKey64.length != 64) {
      throw new IllegalArgumentException("expected a 64-byte public key, got " + publicKey64.length);
    }
    byte[] hash = Keccak256.hash(publicKey64);
    return new Address(Arrays.copyOfRange(hash, 12, 32));
  }

  /** Parses {@code 0x}-prefixed or bare hex; mixed case must carry a valid EIP-55 checksum. */
  public static Address fromHex(String text) {
    String digits = Hex.hasPrefix(text) ? text.substring(2) : text;
    if (digits.length() != 2 * LENGTH) {
      throw new IllegalArgumentException(
          "an address is 40 hex digits, got " + digits.length() + ": " + text);
    }
    Address address = new Address(Hex.decode(digits));
    boolean hasLower = !digits.equals(digits.toUpperCase(java.util.Locale.ROOT));
    boolean hasUpper = !digits.equals(digits.toLowerCase(java.util.Locale.ROOT));
    if (hasLower && hasUpper && !address.toChecksumHex().substring(2).equals(digits)) {
      throw new IllegalArgumentException("bad EIP-55 checksum in address " + text);
    }
    return address;
  }

  /** A copy of the 20 bytes. */
  public byte[] toArray() {
    return bytes.clone();
  }

  /** The 20 bytes without copying; callers must not modify them. */
  public byte[] bytesUnsafe() {
    return bytes;
  }

  /** The address left-padded to a 32-byte word. */
  public byte[] toWord() {
    byte[] word = new byte[32];
    System.arraycopy(bytes, 0, word, 12, LENGTH);
    return word;
  }

  /** Lower-case hex with {@code 0x}. */
  public String toHex() {
    return Hex.prefixed(bytes);
  }

  /** EIP-55 mixed-case checksum form with {@code 0x}. */
  public String toChecksumHex() {
    String lower = Hex.encode(bytes);
    byte[] hash = Keccak256.hash(lower.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    StringBuilder out = new StringBuilder(42).append("0x");
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
      out.append(c >= 'a' && nibble >= 8 ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Address a && Arrays.equals(bytes, a.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public int compareTo(Address other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public String toString() {
    return toChecksumHex();
  }
}
