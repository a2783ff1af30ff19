package dev.zg.state.kv;

/**
 * Writes to any columns of one store, applied all together or not at all by {@link #commit}.
 * Nothing is visible to readers before the commit. Use with try-with-resources: closing
 * without committing discards the writes. Not thread-safe.
 */
public interface WriteBatch extends AutoCloseable {
  WriteBatch put(Column column, byte[] key, byte[] value);

  WriteBatch delete(Column column, byte[] key);

  /** Number of puts and deletes so far. */
  int count();

  /** Applies every write atomically; a batch commits at most once. */
  void commit(Durability durability);

  /** Applies every write atomically with {@link Durability#WAL}. */
  default void commit() {
    commit(Durability.WAL);
  }

  /** Releases the batch (native memory for RocksDB); uncommitted writes are dropped. */
  @Override
  void close();
}
