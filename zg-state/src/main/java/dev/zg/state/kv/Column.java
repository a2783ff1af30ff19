package dev.zg.state.kv;

import java.util.regex.Pattern;

/**
 * A named key space in a {@link KeyValueStore} (a column family in RocksDB). Keys in different
 * columns never collide, and each column can be scanned on its own.
 */
public record Column(String name) {
  // Declared before DEFAULT: static fields initialize in order, and DEFAULT's check needs it.
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  /** The column every store has (RocksDB's {@code default} column family). */
  public static final Column DEFAULT = new Column("default");

  public Column {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a column name is 1 to 64 characters of a-z, 0-9, "
          + "'.', '_' or '-', starting with a letter or digit; got: " + name);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
