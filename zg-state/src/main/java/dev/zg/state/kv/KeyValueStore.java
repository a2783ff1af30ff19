package dev.zg.state.kv;

import java.util.Optional;
import java.util.Set;

/**
 * Byte keys to byte values in named columns, with atomic batches across columns and ordered
 * range scans. Implementations are thread-safe; arrays passed in are copied or consumed before
 * the call returns, and arrays handed out are fresh. After {@link #close()} every call fails
 * with {@link IllegalStateException}.
 *
 * <p>Single {@link #put}s and {@link #delete}s use {@link Durability#WAL}; writes that must land
 * together (a block with its receipts, indexes and trie nodes) go in one {@link WriteBatch}.
 */
public interface KeyValueStore extends AutoCloseable {
  Optional<byte[]> get(Column column, byte[] key);

  default boolean contains(Column column, byte[] key) {
    return get(column, key).isPresent();
  }

  void put(Column column, byte[] key, byte[] value);

  void delete(Column column, byte[] key);

  /** A new, empty batch for this store. */
  WriteBatch newBatch();

  /** Entries of {@code range} in {@code column}, ascending. */
  KeyValueCursor cursor(Column column, KeyRange range);

  /** Columns this store accepts. */
  Set<Column> columns();

  /** Releases everything the store holds (files, locks, native memory, open cursors). */
  @Override
  void close();
}
