package dev.zg.contracts.abi;

import dev.zg.common.Address;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Solidity contract ABI encoding (head and tail, 32-byte words, offsets relative to the
 * start of the enclosing tuple) of the types in {@link AbiType}. Decoding checks every
 * offset and length against the input, so a hostile or truncated input gives an {@link
 * IllegalArgumentException}, never an out-of-bounds read or a huge allocation.
 */
public final class Abi {
  /** Elements of a dynamic array or bytes accepted when decoding (input size bounds it too). */
  public static final int DECODE_LENGTH_MAX = 1 << 24;

  private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

  private Abi() {}

  /** Encodes values as the tuple of {@code types} (function arguments, return data). */
  public static byte[] encode(List<AbiType> types, List<?> values) {
    return encodeValue(new AbiType.Tuple(types), values);
  }

  /** Decodes {@code data} as the tuple of {@code types}. */
  public static List<Object> decode(List<AbiType> types, byte[] data) {
    return decodeSequence(types, data, 0);
  }

  /** One value's encoding as if it stood alone (its head and tail together). */
  public static byte[] encodeValue(AbiType type, Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(type, value, out);
    return out.toByteArray();
  }

  private static void write(AbiType type, Object value, ByteArrayOutputStream out) {
    switch (type) {
      case AbiType.Int t -> out.writeBytes(word(integer(t, value)));
      case AbiType.AddressType t -> out.writeBytes(cast(Address.class, value, t).toWord());
      case AbiType.Bool t -> out.writeBytes(word(cast(Boolean.class, value, t) ? BigInteger.ONE
          : BigInteger.ZERO));
      case AbiType.FixedBytes t -> {
        byte[] b = cast(byte[].class, value, t);
        if (b.length != t.length()) {
          throw new IllegalArgumentException(t.canonical() + " needs " + t.length()
              + " bytes, got " + b.length);
        }
        out.writeBytes(Arrays.copyOf(b, 32));
      }
      case AbiType.DynamicBytes t -> {
        byte[] b = t.string() ? cast(String.class, value, t).getBytes(StandardCharsets.UTF_8)
            : cast(byte[].class, value, t);
        out.writeBytes(word(BigInteger.valueOf(b.length)));
        out.writeBytes(Arrays.copyOf(b, (b.length + 31) / 32 * 32));
      }
      case AbiType.Array t -> {
        List<?> items = cast(List.class, value, t);
        if (t.length() >= 0 && items.size() != t.length()) {
          throw new IllegalArgumentException(t.canonical() + " needs " + t.length()
              + " elements, got " + items.size());
        }
        if (t.length() < 0) {
          out.writeBytes(word(BigInteger.valueOf(items.size())));
        }
        writeSequence(java.util.Collections.nCopies(items.size(), t.element()), items, out);
      }
      case AbiType.Tuple t -> {
        List<?> items = cast(List.class, value, t);
        if (items.size() != t.components().size()) {
          throw new IllegalArgumentException(t.canonical() + " has " + t.components().size()
              + " components, got " + items.size() + " values");
        }
        writeSequence(t.components(), items, out);
      }
    }
  }

  /** Heads in order (offsets for dynamic parts), then the dynamic parts' tails. */
  private static void writeSequence(List<AbiType> types, List<?> values,
      ByteArrayOutputStream out) {
    int headSize = 0;
    for (AbiType t : types) {
      headSize += t.headBytes();
    }
    ByteArrayOutputStream tails = new ByteArrayOutputStream();
    for (int i = 0; i < types.size(); i++) {
      AbiType t = types.get(i);
      if (t.dynamic()) {
        out.writeBytes(word(BigInteger.valueOf(headSize + tails.size())));
        write(t, values.get(i), tails);
      } else {
        write(t, values.get(i), out);
      }
    }
    out.writeBytes(tails.toByteArray());
  }

  /**
   * Decodes the value of {@code type} whose head is at {@code at}; offsets inside it are
   * relative to {@code base}.
   */
  private static Object decodeValue(AbiType type, byte[] data, int base, int at) {
    return switch (type) {
      case AbiType.Int t -> decodeInt(t, readWord(data, at));
      case AbiType.AddressType t -> {
        byte[] w = readWord(data, at);
        requireZeroPrefix(w, 12, t);
        yield Address.wrap(Arrays.copyOfRange(w, 12, 32));
      }
      case AbiType.Bool t -> {
        BigInteger v = new BigInteger(1, readWord(data, at));
        if (v.signum() != 0 && !v.equals(BigInteger.ONE)) {
          throw new IllegalArgumentException("bool word is neither 0 nor 1");
        }
        yield v.signum() != 0;
      }
      case AbiType.FixedBytes t -> Arrays.copyOf(readWord(data, at), t.length());
      case AbiType.DynamicBytes t -> {
        int start = offset(data, base, at);
        int length = length(data, start, 1);
        byte[] b = Arrays.copyOfRange(data, start + 32, start + 32 + length);
        yield t.string() ? new String(b, StandardCharsets.UTF_8) : b;
      }
      case AbiType.Array t -> {
        int start = t.dynamic() ? offset(data, base, at) : at;
        int count = t.length();
        int elements = start;
        if (count < 0) {
          count = length(data, start, t.element().headBytes());
          elements = start + 32;
        }
        yield decodeSequence(java.util.Collections.nCopies(count, t.element()), data, elements);
      }
      case AbiType.Tuple t -> decodeSequence(t.components(),
          data, t.dynamic() ? offset(data, base, at) : at);
    };
  }

  private static List<Object> decodeSequence(List<AbiType> types, byte[] data, int start) {
    List<Object> values = new ArrayList<>(types.size());
    int at = start;
    for (AbiType t : types) {
      values.add(decodeValue(t, data, start, at));
      at += t.headBytes();
    }
    return values;
  }

  /** The tail position an offset word at {@code at} points to, checked against the data. */
  private static int offset(byte[] data, int base, int at) {
    BigInteger offset = new BigInteger(1, readWord(data, at));
    if (offset.compareTo(BigInteger.valueOf(data.length - base)) > 0) {
      throw new IllegalArgumentException("ABI offset " + offset + " at byte " + at
          + " points past the end of " + data.length + " bytes");
    }
    return base + offset.intValueExact();
  }

  /** A length word at {@code at} whose items (each itemBytes) must fit in the data. */
  private static int length(byte[] data, int at, int itemBytes) {
    BigInteger length = new BigInteger(1, readWord(data, at));
    long available = (data.length - at - 32L) / itemBytes;
    if (length.compareTo(BigInteger.valueOf(Math.min(available, DECODE_LENGTH_MAX))) > 0) {
      throw new IllegalArgumentException("ABI length " + length + " at byte " + at
          + " does not fit in " + data.length + " bytes");
    }
    return length.intValueExact();
  }

  private static byte[] readWord(byte[] data, int at) {
    if (at < 0 || at > data.length - 32) {
      throw new IllegalArgumentException("ABI data ends at " + data.length
          + " bytes, reading a word at " + at);
    }
    return Arrays.copyOfRange(data, at, at + 32);
  }

  private static BigInteger decodeInt(AbiType.Int t, byte[] w) {
    BigInteger v = t.signed() ? new BigInteger(w) : new BigInteger(1, w);
    checkRange(t, v);
    return v;
  }

  private static BigInteger integer(AbiType.Int t, Object value) {
    BigInteger v = switch (value) {
      case BigInteger b -> b;
      case Long l -> BigInteger.valueOf(l);
      case Integer i -> BigInteger.valueOf(i);
      case null, default -> throw new IllegalArgumentException(t.canonical()
          + " needs a BigInteger, Long or Integer, got " + describe(value));
    };
    checkRange(t, v);
    return v.signum() < 0 ? v.add(TWO_256) : v;
  }

  private static void checkRange(AbiType.Int t, BigInteger v) {
    boolean fits = t.signed() ? v.bitLength() < t.bits() : v.signum() >= 0 && v.bitLength() <= t.bits();
    if (!fits) {
      throw new IllegalArgumentException(v + " does not fit in " + t.canonical());
    }
  }

  private static void requireZeroPrefix(byte[] w, int zeros, AbiType t) {
    for (int i = 0; i < zeros; i++) {
      if (w[i] != 0) {
        throw new IllegalArgumentException(t.canonical() + " word has non-zero high bytes");
      }
    }
  }

  private static byte[] word(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] w = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, w, 32 - n, n);
    return w;
  }

  private static <T> T cast(Class<T> kind, Object value, AbiType type) {
    if (!kind.isInstance(value)) {
      throw new IllegalArgumentException(type.canonical() + " needs a " + kind.getSimpleName()
          + ", got " + describe(value));
    }
    return kind.cast(value);
  }

  private static String describe(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName();
  }
}
