package dev.zg.state.kv;

/**
 * Walks the keys of one column range in ascending unsigned order, over a consistent view taken
 * when the cursor was opened: later writes are not seen. Close it (try-with-resources); closing
 * the store closes its open cursors. Not thread-safe.
 *
 * <pre>{@code
 * try (KeyValueCursor cursor = store.cursor(column, KeyRange.prefix(p))) {
 *   while (cursor.next()) {
 *     use(cursor.key(), cursor.value());
 *   }
 * }
 * }</pre>
 */
public interface KeyValueCursor extends AutoCloseable {
  /** Moves to the next entry; false when the range is exhausted. */
  boolean next();

  /** The current key (a fresh array). */
  byte[] key();

  /** The current value (a fresh array). */
  byte[] value();

  @Override
  void close();
}
