package dev.zg.consensus;

import dev.zg.common.Hash;
import java.util.Arrays;

/**
 * A proposed value (a block, opaque to the engine) with its id. The engine recomputes the id
 * with its {@link ValueIdFunction} before trusting it, so a value's id always commits to its
 * bytes and votes can name the id alone.
 */
public record Value(Hash id, byte[] bytes) {
  public Value {
    bytes = bytes.clone();
  }

  /** A value whose id is computed by {@code ids}; throws if the bytes are not a value. */
  public static Value of(byte[] bytes, ValueIdFunction ids) {
    Hash id = ids.idOf(bytes);
    Check.argument(id != null, "not a well-formed value");
    return new Value(id, bytes);
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  int size() {
    return bytes.length;
  }

  byte[] bytesUnsafe() {
    return bytes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Value v && id.equals(v.id) && Arrays.equals(bytes, v.bytes);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "Value[" + id.toHex().substring(0, 10) + ", " + bytes.length + " bytes]";
  }
}
