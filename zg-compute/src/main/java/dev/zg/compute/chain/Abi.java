package dev.zg.compute.chain;

import dev.zg.common.Address;
import dev.zg.common.Bytes;
import dev.zg.common.Hex;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The little of the Solidity ABI the broker's calls need: 32-byte words, dynamic {@code string}
 * and {@code bytes} tails, and a reader that follows offsets inside return data. Every read is
 * bounds-checked, so malformed return data fails with a clear message instead of garbage.
 */
final class Abi {
  static final int WORD = 32;

  private Abi() {}

  static byte[] selector(String hex) {
    byte[] selector = Hex.decode(hex);
    if (selector.length != 4) {
      throw new IllegalArgumentException("a selector is 4 bytes: " + hex);
    }
    return selector;
  }

  static byte[] word(BigInteger value) {
    if (value.signum() < 0 || value.bitLength() > 256) {
      throw new IllegalArgumentException("not a uint256: " + value);
    }
    return Bytes.unsigned(value, WORD);
  }

  static byte[] word(long value) {
    return word(BigInteger.valueOf(value));
  }

  static byte[] word(Address address) {
    return address.toWord();
  }

  static byte[] word(boolean value) {
    return word(value ? 1 : 0);
  }

  /** Length word plus the bytes right-padded to a whole number of words. */
  static byte[] dynamicBytes(byte[] value) {
    int padded = (value.length + WORD - 1) / WORD * WORD;
    return Bytes.concat(word(value.length), Arrays.copyOf(value, padded));
  }

  static byte[] string(String value) {
    return dynamicBytes(value.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A tuple (or argument list) of head slots: each part is either a static word (byte[32]
   * wrapped by {@link #head}) or a dynamic tail (wrapped by {@link #tail}), placed by offset.
   */
  static byte[] tuple(Part... parts) {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    ByteArrayOutputStream tails = new ByteArrayOutputStream();
    int headSize = parts.length * WORD;
    for (Part part : parts) {
      if (part.dynamic()) {
        head.writeBytes(word(headSize + tails.size()));
        tails.writeBytes(part.bytes());
      } else {
        head.writeBytes(part.bytes());
      }
    }
    head.writeBytes(tails.toByteArray());
    return head.toByteArray();
  }

  record Part(byte[] bytes, boolean dynamic) {}

  static Part head(byte[] word) {
    if (word.length != WORD) {
      throw new IllegalArgumentException("a head part is one word");
    }
    return new Part(word, false);
  }

  static Part tail(byte[] encoded) {
    return new Part(encoded, true);
  }

  /** A dynamic array of dynamic elements: length, offsets (from after the length), elements. */
  static byte[] dynamicArray(java.util.List<byte[]> elements) {
    Part[] parts = new Part[elements.size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = tail(elements.get(i));
    }
    return Bytes.concat(word(elements.size()), tuple(parts));
  }

  /** Reads return data; positions are absolute byte offsets into it. */
  static final class Reader {
    private final byte[] data;

    Reader(byte[] data) {
      this.data = data;
    }

    byte[] wordAt(int position) {
      if (position < 0 || position + WORD > data.length) {
        throw new IllegalArgumentException("ABI data too short: need a word at " + position
            + ", have " + data.length + " bytes");
      }
      return Arrays.copyOfRange(data, position, position + WORD);
    }

    BigInteger uint(int position) {
      return new BigInteger(1, wordAt(position));
    }

    int offset(int position) {
      BigInteger value = uint(position);
      if (value.bitLength() > 31 || value.intValue() > data.length) {
        throw new IllegalArgumentException("ABI offset out of range at " + position);
      }
      return value.intValue();
    }

    Address address(int position) {
      return Address.fromWord(wordAt(position));
    }

    boolean bool(int position) {
      return uint(position).signum() != 0;
    }

    /** A string whose offset word sits at {@code slot}, relative to {@code base}. */
    String string(int base, int slot) {
      int start = base + offset(slot);
      int length = offset(start);
      if (start + WORD + length > data.length) {
        throw new IllegalArgumentException("ABI string runs past the data");
      }
      return new String(data, start + WORD, length, StandardCharsets.UTF_8);
    }

    /** Dynamic {@code bytes} whose offset word sits at {@code slot}, relative to {@code base}. */
    byte[] bytes(int base, int slot) {
      int start = base + offset(slot);
      int length = offset(start);
      if (start + WORD + length > data.length) {
        throw new IllegalArgumentException("ABI bytes run past the data");
      }
      return Arrays.copyOfRange(data, start + WORD, start + WORD + length);
    }

    /** A {@code string[]} whose offset word sits at {@code slot}, relative to {@code base}. */
    java.util.List<String> strings(int base, int slot) {
      int start = base + offset(slot);
      int count = offset(start);
      java.util.List<String> out = new java.util.ArrayList<>();
      for (int i = 0; i < count; i++) {
        out.add(string(start + WORD, start + WORD + WORD * i));
      }
      return out;
    }
  }
}
