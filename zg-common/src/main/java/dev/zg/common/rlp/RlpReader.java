package dev.zg.common.rlp;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A strict cursor over RLP. It rejects every non-canonical form Ethereum rejects: a single
 * byte below 0x80 wrapped in a string header, the long form for lengths under 56, length
 * prefixes with leading zeros, lengths running past their container, and (for integers)
 * leading zero bytes. Every failure is an {@link RlpException} naming the problem and the
 * offset; nothing here throws anything else on bad input.
 *
 * <p>Lists are read by {@link #readList()}, which returns a reader over the list payload and
 * moves this reader past it, so decoders mirror the structure they expect.
 */
public final class RlpReader {
  /** Deepest nesting {@link #readItem()} follows, so hostile input cannot exhaust the stack. */
  public static final int MAX_DEPTH = 1024;

  private final byte[] data;
  private final int end;
  private int position;

  // Header of the item at `position`, filled by parseHeader().
  private int headerLength;
  private int payloadLength;
  private boolean headerIsList;

  public RlpReader(byte[] data) {
    this(data, 0, data.length);
  }

  public RlpReader(byte[] data, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, data.length);
    this.data = data;
    this.position = offset;
    this.end = offset + length;
  }

  /** Decodes exactly one item spanning all of {@code encoded}. */
  public static RlpItem decode(byte[] encoded) {
    RlpReader reader = new RlpReader(encoded);
    RlpItem item = reader.readItem();
    reader.expectEnd("RLP input");
    return item;
  }

  public boolean hasNext() {
    return position < end;
  }

  public int position() {
    return position;
  }

  /** True when the next item is a list. */
  public boolean nextIsList() {
    requireNext("item");
    return (data[position] & 0xff) >= 0xc0;
  }

  /** Reads the next item, which must be a list, and returns a reader over its payload. */
  public RlpReader readList() {
    parseHeader("list");
    if (!headerIsList) {
      throw error("expected a list, found a string");
    }
    RlpReader inner = new RlpReader(data, position + headerLength, payloadLength);
    position += headerLength + payloadLength;
    return inner;
  }

  /** Reads the next item, which must be a string, as a fresh array. */
  public byte[] readBytes() {
    parseHeader("string");
    if (headerIsList) {
      throw error("expected a string, found a list");
    }
    int start = position + headerLength;
    position = start + payloadLength;
    return Arrays.copyOfRange(data, start, start + payloadLength);
  }

  /** Reads a string of exactly {@code length} bytes. */
  public byte[] readBytes(int length, String what) {
    int at = position;
    byte[] value = readBytes();
    if (value.length != length) {
      throw new RlpException(
          what + " must be " + length + " bytes, found " + value.length + " at offset " + at);
    }
    return value;
  }

  /** An unsigned integer of at most 8 bytes in canonical form (returned as an unsigned long). */
  public long readLong() {
    return readLong("integer");
  }

  public long readLong(String what) {
    int at = position;
    parseHeader(what);
    if (headerIsList) {
      throw error(what + ": expected an integer, found a list");
    }
    int start = position + headerLength;
    checkScalar(what, start, at);
    if (payloadLength > 8) {
      throw new RlpException(what + " is larger than 64 bits at offset " + at);
    }
    long value = 0;
    for (int i = 0; i < payloadLength; i++) {
      value = (value << 8) | (data[start + i] & 0xff);
    }
    position = start + payloadLength;
    return value;
  }

  /** An unsigned integer of at most 32 bytes in canonical form. */
  public BigInteger readUInt256(String what) {
    return readBigInteger(what, 32);
  }

  /** An unsigned integer of at most {@code maxBytes} bytes in canonical form. */
  public BigInteger readBigInteger(String what, int maxBytes) {
    int at = position;
    parseHeader(what);
    if (headerIsList) {
      throw error(what + ": expected an integer, found a list");
    }
    int start = position + headerLength;
    checkScalar(what, start, at);
    if (payloadLength > maxBytes) {
      throw new RlpException(
          what + " is longer than " + maxBytes + " bytes (" + payloadLength + ") at offset " + at);
    }
    position = start + payloadLength;
    return payloadLength == 0 ? BigInteger.ZERO : new BigInteger(1, data, start, payloadLength);
  }

  /** The complete encoding (header and payload) of the next item, copied. */
  public byte[] readRaw() {
    parseHeader("item");
    int start = position;
    position += headerLength + payloadLength;
    return Arrays.copyOfRange(data, start, position);
  }

  /** Moves past the next item. */
  public void skip() {
    parseHeader("item");
    position += headerLength + payloadLength;
  }

  /** Reads the next item as a tree, following at most {@link #MAX_DEPTH} levels of lists. */
  public RlpItem readItem() {
    return readItem(0);
  }

  private RlpItem readItem(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("lists nested deeper than " + MAX_DEPTH);
    }
    if (nextIsList()) {
      RlpReader inner = readList();
      List<RlpItem> items = new ArrayList<>();
      while (inner.hasNext()) {
        items.add(inner.readItem(depth + 1));
      }
      return new RlpItem.RlpList(items);
    }
    return new RlpItem.RlpString(readBytes());
  }

  /** Fails unless every byte has been read. */
  public void expectEnd(String what) {
    if (position != end) {
      throw new RlpException(
          what + " has " + (end - position) + " unexpected trailing byte(s) at offset " + position);
    }
  }

  private void checkScalar(String what, int start, int at) {
    if (payloadLength > 0 && data[start] == 0) {
      throw new RlpException(what + " has a leading zero byte at offset " + at);
    }
  }

  private void requireNext(String what) {
    if (position >= end) {
      throw new RlpException("expected " + what + " at offset " + position + ", found end of input");
    }
  }

  private void parseHeader(String what) {
    requireNext(what);
    int prefix = data[position] & 0xff;
    if (prefix < 0x80) {
      headerLength = 0;
      payloadLength = 1;
      headerIsList = false;
    } else if (prefix <= 0xb7) {
      headerLength = 1;
      payloadLength = prefix - 0x80;
      headerIsList = false;
      if (payloadLength == 1) {
        requireAvailable(2);
        if ((data[position + 1] & 0xff) < 0x80) {
          throw error("non-canonical single byte: 0x81 prefix before a byte below 0x80");
        }
      }
    } else if (prefix <= 0xbf) {
      parseLongLength(prefix - 0xb7);
      headerIsList = false;
    } else if (prefix <= 0xf7) {
      headerLength = 1;
      payloadLength = prefix - 0xc0;
      headerIsList = true;
    } else {
      parseLongLength(prefix - 0xf7);
      headerIsList = true;
    }
    requireAvailable((long) headerLength + payloadLength);
  }

  private void parseLongLength(int lengthOfLength) {
    requireAvailable(1L + lengthOfLength);
    if (data[position + 1] == 0) {
      throw error("length prefix has a leading zero byte");
    }
    long length = 0;
    for (int i = 1; i <= lengthOfLength; i++) {
      length = (length << 8) | (data[position + i] & 0xff);
      if (length > Integer.MAX_VALUE) {
        throw error("length larger than 2 GiB");
      }
    }
    if (length < 56) {
      throw error("long-form length " + length + " where the short form is required");
    }
    headerLength = 1 + lengthOfLength;
    payloadLength = (int) length;
  }

  private void requireAvailable(long bytes) {
    if (bytes > end - position) {
      throw error("item of " + bytes + " bytes runs past the end of its container ("
          + (end - position) + " bytes left)");
    }
  }

  private RlpException error(String message) {
    return new RlpException(message + " at offset " + position);
  }
}
