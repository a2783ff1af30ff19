package dev.zg.state.trie;

import java.util.Arrays;

/**
 * Nibble arithmetic over byte keys (high nibble first) and Ethereum's hex-prefix encoding of
 * paths (Yellow Paper, appendix C): a first nibble of flags (2 = leaf, 1 = odd length), a
 * padding zero nibble for even lengths, then the path.
 */
final class Nibbles {
  private static final byte[] EMPTY = new byte[0];

  private Nibbles() {}

  /** Nibble {@code index} of {@code key}. */
  static int at(byte[] key, int index) {
    int b = key[index >>> 1];
    return (index & 1) == 0 ? (b >>> 4) & 0xf : b & 0xf;
  }

  /** Nibbles {@code from..end} of {@code key} as a new path. */
  static byte[] ofKey(byte[] key, int from) {
    int end = key.length * 2;
    if (from == end) {
      return EMPTY;
    }
    byte[] path = new byte[end - from];
    for (int i = from; i < end; i++) {
      path[i - from] = (byte) at(key, i);
    }
    return path;
  }

  /** All nibbles of {@code key}. */
  static byte[] ofKey(byte[] key) {
    return ofKey(key, 0);
  }

  /** Bytes of an even-length nibble sequence. */
  static byte[] toKey(byte[] nibbles) {
    if ((nibbles.length & 1) != 0) {
      throw new IllegalArgumentException("a key has whole bytes; got " + nibbles.length
          + " nibbles");
    }
    byte[] key = new byte[nibbles.length / 2];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) ((nibbles[2 * i] << 4) | nibbles[2 * i + 1]);
    }
    return key;
  }

  /** How many leading nibbles of {@code path} equal nibbles {@code from..} of {@code key}. */
  static int commonPrefix(byte[] path, byte[] key, int from) {
    int limit = Math.min(path.length, key.length * 2 - from);
    int i = 0;
    while (i < limit && path[i] == at(key, from + i)) {
      i++;
    }
    return i;
  }

  static byte[] slice(byte[] path, int from, int to) {
    return from == to ? EMPTY : Arrays.copyOfRange(path, from, to);
  }

  static byte[] concat(byte[] first, byte[] second) {
    byte[] out = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, out, first.length, second.length);
    return out;
  }

  static byte[] prepend(int nibble, byte[] path) {
    byte[] out = new byte[path.length + 1];
    out[0] = (byte) nibble;
    System.arraycopy(path, 0, out, 1, path.length);
    return out;
  }

  /** Length in bytes of the hex-prefix encoding of a path of {@code nibbles}. */
  static int hexPrefixLength(int nibbles) {
    return nibbles / 2 + 1;
  }

  /** Writes the hex-prefix encoding of {@code path} into {@code out} at {@code offset}. */
  static void writeHexPrefix(byte[] path, boolean leaf, byte[] out, int offset) {
    boolean odd = (path.length & 1) != 0;
    int flags = (leaf ? 2 : 0) | (odd ? 1 : 0);
    out[offset] = (byte) ((flags << 4) | (odd ? path[0] : 0));
    int p = odd ? 1 : 0;
    for (int i = offset + 1; p < path.length; i++, p += 2) {
      out[i] = (byte) ((path[p] << 4) | path[p + 1]);
    }
  }

  /** A path and whether it ends in a leaf, decoded from hex-prefix form. */
  record Decoded(byte[] path, boolean leaf) {}

  /** Decodes hex-prefix bytes strictly: unknown flags or a non-zero pad nibble are errors. */
  static Decoded readHexPrefix(byte[] encoded) {
    if (encoded.length == 0) {
      throw new IllegalArgumentException("empty hex-prefix path");
    }
    int flags = (encoded[0] >>> 4) & 0xf;
    if (flags > 3) {
      throw new IllegalArgumentException("hex-prefix flag nibble " + flags + " is not 0..3");
    }
    boolean odd = (flags & 1) != 0;
    if (!odd && (encoded[0] & 0xf) != 0) {
      throw new IllegalArgumentException("hex-prefix padding nibble is not zero");
    }
    byte[] path = new byte[(encoded.length - 1) * 2 + (odd ? 1 : 0)];
    int p = 0;
    if (odd) {
      path[p++] = (byte) (encoded[0] & 0xf);
    }
    for (int i = 1; i < encoded.length; i++) {
      path[p++] = (byte) ((encoded[i] >>> 4) & 0xf);
      path[p++] = (byte) (encoded[i] & 0xf);
    }
    return new Decoded(path, (flags & 2) != 0);
  }
}
