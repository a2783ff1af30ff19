package dev.zg.common.hd;

import java.util.Arrays;

/**
 * A BIP-32 path such as {@code m/44'/60'/0'/0/5}: child indexes from the master key, where a
 * trailing {@code '} (or {@code h}, {@code H}) marks a hardened index (i + 2^31).
 */
public record DerivationPath(int[] indexes) {
  /** BIP-32 serializes the depth in one byte. */
  public static final int DEPTH_MAX = 255;
  /** Child indexes at or above this are hardened. */
  public static final int HARDENED = 0x8000_0000;

  public DerivationPath {
    if (indexes.length > DEPTH_MAX) {
      throw new IllegalArgumentException(
          "a derivation path has at most " + DEPTH_MAX + " levels, got " + indexes.length);
    }
    indexes = indexes.clone();
  }

  /** BIP-44 Ethereum account {@code m/44'/60'/0'/0/index}, as wallets and Hardhat use. */
  public static DerivationPath ethereum(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("account index must be in [0, 2^31), got " + index);
    }
    return new DerivationPath(new int[] {44 | HARDENED, 60 | HARDENED, HARDENED, 0, index});
  }

  public static DerivationPath parse(String text) {
    String[] parts = text.trim().split("/", -1);
    if (!parts[0].equals("m")) {
      throw new IllegalArgumentException("a derivation path starts with 'm', got: " + text);
    }
    if (parts.length - 1 > DEPTH_MAX) {
      throw new IllegalArgumentException("a derivation path has at most " + DEPTH_MAX + " levels");
    }
    int[] indexes = new int[parts.length - 1];
    for (int i = 1; i < parts.length; i++) {
      indexes[i - 1] = parseIndex(parts[i], text);
    }
    return new DerivationPath(indexes);
  }

  private static int parseIndex(String part, String text) {
    boolean hardened = part.endsWith("'") || part.endsWith("h") || part.endsWith("H");
    String digits = hardened ? part.substring(0, part.length() - 1) : part;
    if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("bad index '" + part + "' in derivation path " + text);
    }
    long value = Long.parseLong(digits);
    if (value >= HARDENED_LONG) {
      throw new IllegalArgumentException("index " + value + " in derivation path " + text
          + " must be below 2^31 (mark hardened indexes with ')");
    }
    return (int) value | (hardened ? HARDENED : 0);
  }

  private static final long HARDENED_LONG = 1L << 31;

  @Override
  public int[] indexes() {
    return indexes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DerivationPath p && Arrays.equals(indexes, p.indexes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(indexes);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("m");
    for (int index : indexes) {
      out.append('/').append(index & 0x7fff_ffff);
      if ((index & HARDENED) != 0) {
        out.append('\'');
      }
    }
    return out.toString();
  }
}
