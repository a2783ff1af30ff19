package dev.zg.chain.block;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.rlp.RlpException;
import dev.zg.common.rlp.RlpReader;
import java.math.BigInteger;

/**
 * Reads named fields from a strict {@link RlpReader} and reports any failure against the field
 * being read, as a {@link BlockDecodingException}. One instance per decode.
 */
final class FieldReader {
  private final RlpReader reader;
  private final String prefix;

  FieldReader(RlpReader reader, String prefix) {
    this.reader = reader;
    this.prefix = prefix;
  }

  /** A reader over the single list that must span all of {@code encoded}. */
  static FieldReader ofList(byte[] encoded, String what) {
    try {
      RlpReader outer = new RlpReader(encoded);
      RlpReader inner = outer.readList();
      outer.expectEnd(what);
      return new FieldReader(inner, what);
    } catch (RlpException e) {
      throw new BlockDecodingException(what, e.getMessage());
    }
  }

  RlpReader raw() {
    return reader;
  }

  String name(String field) {
    return prefix + "." + field;
  }

  Hash hash(String field) {
    return Hash.wrap(bytes(field, 32));
  }

  Address address(String field) {
    return Address.wrap(bytes(field, 20));
  }

  byte[] bytes(String field, int length) {
    try {
      return reader.readBytes(length, name(field));
    } catch (RlpException e) {
      throw new BlockDecodingException(name(field), e.getMessage());
    }
  }

  byte[] bytesUpTo(String field, int maxLength) {
    byte[] value;
    try {
      value = reader.readBytes();
    } catch (RlpException e) {
      throw new BlockDecodingException(name(field), e.getMessage());
    }
    if (value.length > maxLength) {
      throw new BlockDecodingException(name(field),
          value.length + " bytes, more than the " + maxLength + " allowed");
    }
    return value;
  }

  /** A canonical unsigned integer that must fit in a non-negative long. */
  long longValue(String field) {
    long value;
    try {
      value = reader.readLong(name(field));
    } catch (RlpException e) {
      throw new BlockDecodingException(name(field), e.getMessage());
    }
    if (value < 0) {
      throw new BlockDecodingException(name(field), "larger than 2^63 - 1");
    }
    return value;
  }

  BigInteger uint256(String field) {
    try {
      return reader.readUInt256(name(field));
    } catch (RlpException e) {
      throw new BlockDecodingException(name(field), e.getMessage());
    }
  }

  RlpReader list(String field) {
    try {
      return reader.readList();
    } catch (RlpException e) {
      throw new BlockDecodingException(name(field), e.getMessage());
    }
  }

  void expectEnd(int fields) {
    if (reader.hasNext()) {
      throw new BlockDecodingException(prefix, "more than the " + fields + " fields expected");
    }
  }

  void requireNext(String field, int index, int fields) {
    if (!reader.hasNext()) {
      throw new BlockDecodingException(name(field), "missing: the list ends after " + index
          + " of " + fields + " fields");
    }
  }
}
