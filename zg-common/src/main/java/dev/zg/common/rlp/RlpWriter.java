package dev.zg.common.rlp;

import dev.zg.common.Bytes;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Writes canonical RLP into one growing buffer. Lists are written by reserving a one-byte
 * header at {@link #startList()} and widening it at {@link #endList()} when the payload turns
 * out to be 56 bytes or longer, so nested structures need no intermediate arrays.
 *
 * <p>Not thread-safe; reuse with {@link #reset()}.
 */
public final class RlpWriter {
  private static final int MAX_DEPTH = 1024;

  private byte[] buffer;
  private int size;
  private final int[] listStarts = new int[MAX_DEPTH];
  private int depth;

  public RlpWriter() {
    this(128);
  }

  public RlpWriter(int initialCapacity) {
    buffer = new byte[Math.max(16, initialCapacity)];
  }

  /** Encodes a single byte string. */
  public static byte[] encodeBytes(byte[] value) {
    return new RlpWriter(value.length + 9).writeBytes(value).toByteArray();
  }

  /** Encodes an unsigned integer as its minimal big-endian byte string. */
  public static byte[] encodeLong(long value) {
    return new RlpWriter(10).writeLong(value).toByteArray();
  }

  /** Encodes a list whose elements are already RLP-encoded. */
  public static byte[] encodeList(byte[]... encodedItems) {
    RlpWriter w = new RlpWriter();
    w.startList();
    for (byte[] item : encodedItems) {
      w.writeRaw(item);
    }
    w.endList();
    return w.toByteArray();
  }

  public RlpWriter writeBytes(byte[] value) {
    return writeBytes(value, 0, value.length);
  }

  public RlpWriter writeBytes(byte[] value, int offset, int length) {
    if (length == 1 && (value[offset] & 0xff) < 0x80) {
      ensure(1);
      buffer[size++] = value[offset];
      return this;
    }
    writeHeader(0x80, length);
    ensure(length);
    System.arraycopy(value, offset, buffer, size, length);
    size += length;
    return this;
  }

  /** An unsigned 64-bit integer (Java's sign bit is the top bit of the value). */
  public RlpWriter writeLong(long value) {
    if (value == 0) {
      ensure(1);
      buffer[size++] = (byte) 0x80;
      return this;
    }
    if (value > 0 && value < 0x80) {
      ensure(1);
      buffer[size++] = (byte) value;
      return this;
    }
    int length = 8 - Long.numberOfLeadingZeros(value) / 8;
    ensure(1 + length);
    buffer[size++] = (byte) (0x80 + length);
    for (int i = length - 1; i >= 0; i--) {
      buffer[size + i] = (byte) value;
      value >>>= 8;
    }
    size += length;
    return this;
  }

  /** A non-negative integer of any size. */
  public RlpWriter writeBigInteger(BigInteger value) {
    if (value.signum() < 0) {
      throw new IllegalArgumentException("RLP integers are unsigned: " + value);
    }
    if (value.bitLength() < 64) {
      return writeLong(value.longValue());
    }
    return writeBytes(Bytes.unsigned(value));
  }

  /** Already-encoded RLP, copied as is. */
  public RlpWriter writeRaw(byte[] encoded) {
    ensure(encoded.length);
    System.arraycopy(encoded, 0, buffer, size, encoded.length);
    size += encoded.length;
    return this;
  }

  public RlpWriter writeItem(RlpItem item) {
    switch (item) {
      case RlpItem.RlpString s -> writeBytes(s.value());
      case RlpItem.RlpList l -> {
        startList();
        for (RlpItem child : l.items()) {
          writeItem(child);
        }
        endList();
      }
    }
    return this;
  }

  public RlpWriter startList() {
    if (depth == MAX_DEPTH) {
      throw new IllegalStateException("RLP lists nested deeper than " + MAX_DEPTH);
    }
    ensure(1);
    listStarts[depth++] = size;
    size++;
    return this;
  }

  public RlpWriter endList() {
    if (depth == 0) {
      throw new IllegalStateException("endList without startList");
    }
    int start = listStarts[--depth];
    int payload = size - start - 1;
    if (payload < 56) {
      buffer[start] = (byte) (0xc0 + payload);
      return this;
    }
    int lengthBytes = 4 - Integer.numberOfLeadingZeros(payload) / 8;
    ensure(lengthBytes);
    System.arraycopy(buffer, start + 1, buffer, start + 1 + lengthBytes, payload);
    buffer[start] = (byte) (0xf7 + lengthBytes);
    for (int i = lengthBytes; i >= 1; i--) {
      buffer[start + i] = (byte) payload;
      payload >>>= 8;
    }
    size += lengthBytes;
    return this;
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    if (depth != 0) {
      throw new IllegalStateException(depth + " RLP list(s) still open");
    }
    return Arrays.copyOf(buffer, size);
  }

  public RlpWriter reset() {
    size = 0;
    depth = 0;
    return this;
  }

  private void writeHeader(int base, int length) {
    if (length < 56) {
      ensure(1);
      buffer[size++] = (byte) (base + length);
      return;
    }
    int lengthBytes = 4 - Integer.numberOfLeadingZeros(length) / 8;
    ensure(1 + lengthBytes);
    buffer[size++] = (byte) (base + 55 + lengthBytes);
    for (int i = lengthBytes - 1; i >= 0; i--) {
      buffer[size + i] = (byte) length;
      length >>>= 8;
    }
    size += lengthBytes;
  }

  private void ensure(int extra) {
    if (size + extra > buffer.length) {
      long wanted = Math.max((long) buffer.length * 2, (long) size + extra);
      if (wanted > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("RLP output larger than 2 GiB");
      }
      buffer = Arrays.copyOf(buffer, (int) wanted);
    }
  }
}
