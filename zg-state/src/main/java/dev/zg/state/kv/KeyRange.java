package dev.zg.state.kv;

import dev.zg.common.Hex;
import java.util.Arrays;

/**
 * Keys from {@code from} (inclusive) up to {@code to} (exclusive, or no upper bound), compared
 * as unsigned bytes the way RocksDB's default comparator does.
 */
public final class KeyRange {
  private static final byte[] EMPTY = new byte[0];
  private static final KeyRange ALL = new KeyRange(EMPTY, null);

  private final byte[] from;
  private final byte[] to;

  private KeyRange(byte[] from, byte[] to) {
    this.from = from;
    this.to = to;
  }

  /** Every key of a column. */
  public static KeyRange all() {
    return ALL;
  }

  /** Keys that start with {@code prefix}. */
  public static KeyRange prefix(byte[] prefix) {
    return new KeyRange(prefix.clone(), successorOfPrefix(prefix));
  }

  /** Keys in {@code [from, to)}. */
  public static KeyRange between(byte[] from, byte[] to) {
    if (Arrays.compareUnsigned(from, to) > 0) {
      throw new IllegalArgumentException(
          "range start " + Hex.prefixed(from) + " is after its end " + Hex.prefixed(to));
    }
    return new KeyRange(from.clone(), to.clone());
  }

  /** Keys from {@code from} (inclusive) to the end of the column. */
  public static KeyRange startingAt(byte[] from) {
    return new KeyRange(from.clone(), null);
  }

  /** The inclusive lower bound; callers must not modify it. */
  byte[] fromUnsafe() {
    return from;
  }

  /** The exclusive upper bound, or null when the range runs to the end; not to be modified. */
  byte[] toUnsafe() {
    return to;
  }

  public boolean contains(byte[] key) {
    return Arrays.compareUnsigned(key, from) >= 0
        && (to == null || Arrays.compareUnsigned(key, to) < 0);
  }

  /** The first key after every key with this prefix, or null when there is none (all 0xff). */
  private static byte[] successorOfPrefix(byte[] prefix) {
    int last = prefix.length - 1;
    while (last >= 0 && prefix[last] == (byte) 0xff) {
      last--;
    }
    if (last < 0) {
      return null;
    }
    byte[] next = Arrays.copyOf(prefix, last + 1);
    next[last]++;
    return next;
  }

  @Override
  public String toString() {
    return "[" + Hex.prefixed(from) + ", " + (to == null ? "end" : Hex.prefixed(to)) + ")";
  }
}
