package dev.zg.state.kv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link KeyValueStore} in the heap, for tests and throwaway nodes. It accepts any column
 * (RocksDB needs them named at open). A read-write lock makes batches atomic to readers, and
 * cursors copy their range when opened, matching RocksDB's snapshot semantics.
 */
public final class MemoryKeyValueStore implements KeyValueStore {
  private final Map<Column, TreeMap<byte[], byte[]>> columns = new HashMap<>();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  @Override
  public Optional<byte[]> get(Column column, byte[] key) {
    StoreArguments.checkKey(column, key);
    lock.readLock().lock();
    try {
      checkOpen();
      TreeMap<byte[], byte[]> map = columns.get(column);
      byte[] value = map == null ? null : map.get(key);
      return value == null ? Optional.empty() : Optional.of(value.clone());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void put(Column column, byte[] key, byte[] value) {
    StoreArguments.checkEntry(column, key, value);
    lock.writeLock().lock();
    try {
      checkOpen();
      column(column).put(key.clone(), value.clone());
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public void delete(Column column, byte[] key) {
    StoreArguments.checkKey(column, key);
    lock.writeLock().lock();
    try {
      checkOpen();
      column(column).remove(key);
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public WriteBatch newBatch() {
    lock.readLock().lock();
    try {
      checkOpen();
      return new MemoryBatch();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public KeyValueCursor cursor(Column column, KeyRange range) {
    StoreArguments.checkKey(column, range.fromUnsafe());
    lock.readLock().lock();
    try {
      checkOpen();
      TreeMap<byte[], byte[]> map = columns.get(column);
      List<Map.Entry<byte[], byte[]>> copy = new ArrayList<>();
      if (map != null) {
        NavigableMap<byte[], byte[]> view = range.toUnsafe() == null
            ? map.tailMap(range.fromUnsafe(), true)
            : map.subMap(range.fromUnsafe(), true, range.toUnsafe(), false);
        // Fresh entries: TreeMap's own entries would show later puts to the same key.
        view.forEach((key, value) -> copy.add(Map.entry(key, value)));
      }
      return new SnapshotCursor(copy);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Set<Column> columns() {
    lock.readLock().lock();
    try {
      checkOpen();
      return Set.copyOf(columns.keySet());
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      closed = true;
      columns.clear();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Caller holds the write lock. */
  private TreeMap<byte[], byte[]> column(Column column) {
    return columns.computeIfAbsent(column, c -> new TreeMap<>(Arrays::compareUnsigned));
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the memory key-value store is closed");
    }
  }

  /** One buffered write; a null value is a delete. */
  private record Write(Column column, byte[] key, byte[] value) {}

  private final class MemoryBatch implements WriteBatch {
    private final List<Write> writes = new ArrayList<>();
    private boolean done;

    @Override
    public WriteBatch put(Column column, byte[] key, byte[] value) {
      StoreArguments.checkEntry(column, key, value);
      checkUsable();
      writes.add(new Write(column, key.clone(), value.clone()));
      return this;
    }

    @Override
    public WriteBatch delete(Column column, byte[] key) {
      StoreArguments.checkKey(column, key);
      checkUsable();
      writes.add(new Write(column, key.clone(), null));
      return this;
    }

    @Override
    public int count() {
      return writes.size();
    }

    @Override
    public void commit(Durability durability) {
      checkUsable();
      done = true;
      lock.writeLock().lock();
      try {
        checkOpen();
        for (Write write : writes) {
          if (write.value() == null) {
            column(write.column()).remove(write.key());
          } else {
            column(write.column()).put(write.key(), write.value());
          }
        }
      } finally {
        lock.writeLock().unlock();
        writes.clear();
      }
    }

    @Override
    public void close() {
      done = true;
      writes.clear();
    }

    private void checkUsable() {
      if (done) {
        throw new IllegalStateException("this write batch was already committed or closed");
      }
    }
  }

  /** A copy of the range; it stops working when the store closes, as a RocksDB cursor does. */
  private final class SnapshotCursor implements KeyValueCursor {
    private final List<Map.Entry<byte[], byte[]>> entries;
    private int index = -1;
    private boolean released;

    SnapshotCursor(List<Map.Entry<byte[], byte[]>> entries) {
      this.entries = entries;
    }

    @Override
    public boolean next() {
      checkOpen();
      if (released) {
        throw new IllegalStateException("the cursor is closed");
      }
      if (index < entries.size()) {
        index++;
      }
      return index < entries.size();
    }

    @Override
    public byte[] key() {
      return current().getKey().clone();
    }

    @Override
    public byte[] value() {
      return current().getValue().clone();
    }

    @Override
    public void close() {
      released = true;
    }

    private Map.Entry<byte[], byte[]> current() {
      checkOpen();
      if (released || index < 0 || index >= entries.size()) {
        throw new IllegalStateException("the cursor is not on an entry (call next() first)");
      }
      return entries.get(index);
    }
  }
}
