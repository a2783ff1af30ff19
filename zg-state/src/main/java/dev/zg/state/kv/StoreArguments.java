package dev.zg.state.kv;

import dev.zg.state.Limits;
import java.util.Objects;

/** Checks on arguments every store applies the same way. */
final class StoreArguments {
  private StoreArguments() {}

  static void checkKey(Column column, byte[] key) {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(key, "key");
    if (key.length > Limits.STORE_KEY_BYTES_MAX) {
      throw new IllegalArgumentException("key of " + key.length + " bytes in column " + column
          + " exceeds the limit of " + Limits.STORE_KEY_BYTES_MAX + " bytes");
    }
  }

  static void checkEntry(Column column, byte[] key, byte[] value) {
    checkKey(column, key);
    Objects.requireNonNull(value, "value");
    if (value.length > Limits.STORE_VALUE_BYTES_MAX) {
      throw new IllegalArgumentException("value of " + value.length + " bytes in column " + column
          + " exceeds the limit of " + Limits.STORE_VALUE_BYTES_MAX + " bytes");
    }
  }
}
