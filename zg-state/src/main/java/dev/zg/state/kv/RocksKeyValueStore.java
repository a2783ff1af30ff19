package dev.zg.state.kv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteOptions;

/**
 * A {@link KeyValueStore} in a RocksDB folder, one column family per {@link Column}.
 *
 * <p>The write-ahead log is always on, so a write that returned survives the process being
 * killed; {@link Durability#FSYNC} batches also survive power loss. All columns share one LRU
 * block cache (index and filter blocks included) and use bloom filters for point reads.
 *
 * <p>RocksJava crashes the JVM when a closed handle is used, so every call holds a read lock
 * and {@link #close()} takes the write lock, closes open cursors, then the database.
 */
public final class RocksKeyValueStore implements KeyValueStore {
  static {
    RocksDB.loadLibrary();
  }

  private final Path folder;
  private final RocksDB db;
  private final Map<Column, ColumnFamilyHandle> handles;
  /** Options, cache and filter, closed in reverse order after the database. */
  private final List<AutoCloseable> resources;
  private final WriteOptions walWrites;
  private final WriteOptions fsyncWrites;
  private final Set<RocksCursor> cursors = ConcurrentHashMap.newKeySet();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private RocksKeyValueStore(Path folder, RocksDB db, Map<Column, ColumnFamilyHandle> handles,
      List<AutoCloseable> resources, WriteOptions walWrites, WriteOptions fsyncWrites) {
    this.folder = folder;
    this.db = db;
    this.handles = handles;
    this.resources = resources;
    this.walWrites = walWrites;
    this.fsyncWrites = fsyncWrites;
  }

  /** Opens (creating if needed) a store with the default tuning. */
  public static RocksKeyValueStore open(Path folder, Column... columns) {
    return open(folder, RocksConfig.defaults(), List.of(columns));
  }

  /**
   * Opens (creating if needed) the store in {@code folder} with {@code columns} plus
   * {@link Column#DEFAULT} plus every column the folder already has (RocksDB must open them
   * all). Fails with a clear message when another process has the folder open.
   */
  public static RocksKeyValueStore open(
      Path folder, RocksConfig config, Collection<Column> columns) {
    Objects.requireNonNull(config, "config");
    Path dir = folder.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new KeyValueStoreException("cannot create the RocksDB folder " + dir + ": " + e, e);
    }
    List<AutoCloseable> owned = new ArrayList<>();
    try {
      LRUCache cache = own(owned, new LRUCache(config.blockCacheBytes()));
      BloomFilter bloom = own(owned, new BloomFilter(config.bloomBitsPerKey(), false));
      ColumnFamilyOptions columnOptions =
          own(owned, RocksSetup.columnOptions(config, cache, bloom));
      DBOptions dbOptions = own(owned, RocksSetup.dbOptions(config));
      WriteOptions wal = own(owned, new WriteOptions());
      WriteOptions fsync = own(owned, new WriteOptions().setSync(true));
      List<Column> all = List.copyOf(RocksSetup.allColumns(dir, columns));
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      for (Column column : all) {
        byte[] name = column.name().getBytes(StandardCharsets.UTF_8);
        descriptors.add(new ColumnFamilyDescriptor(name, columnOptions));
      }
      List<ColumnFamilyHandle> opened = new ArrayList<>();
      RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, opened);
      Map<Column, ColumnFamilyHandle> handles = new HashMap<>();
      for (int i = 0; i < all.size(); i++) {
        handles.put(all.get(i), opened.get(i));
      }
      return new RocksKeyValueStore(dir, db, Map.copyOf(handles), owned, wal, fsync);
    } catch (RocksDBException e) {
      closeAll(owned);
      throw RocksSetup.openFailure(dir, e);
    } catch (RuntimeException | Error e) {
      closeAll(owned);
      throw e;
    }
  }

  public Path folder() {
    return folder;
  }

  @Override
  public Optional<byte[]> get(Column column, byte[] key) {
    StoreArguments.checkKey(column, key);
    lock.readLock().lock();
    try {
      return Optional.ofNullable(db.get(handle(column), key));
    } catch (RocksDBException e) {
      throw failure("read from column " + column, e);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void put(Column column, byte[] key, byte[] value) {
    StoreArguments.checkEntry(column, key, value);
    lock.readLock().lock();
    try {
      db.put(handle(column), walWrites, key, value);
    } catch (RocksDBException e) {
      throw failure("write to column " + column, e);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void delete(Column column, byte[] key) {
    StoreArguments.checkKey(column, key);
    lock.readLock().lock();
    try {
      db.delete(handle(column), walWrites, key);
    } catch (RocksDBException e) {
      throw failure("delete from column " + column, e);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public WriteBatch newBatch() {
    lock.readLock().lock();
    try {
      checkOpen();
      return new RocksBatch();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public KeyValueCursor cursor(Column column, KeyRange range) {
    StoreArguments.checkKey(column, range.fromUnsafe());
    lock.readLock().lock();
    try {
      RocksCursor cursor = new RocksCursor(handle(column), range);
      cursors.add(cursor);
      return cursor;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public Set<Column> columns() {
    return handles.keySet();
  }

  @Override
  public void close() {
    RocksDBException failure = null;
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (RocksCursor cursor : cursors) {
        cursor.release();
      }
      handles.values().forEach(ColumnFamilyHandle::close);
      try {
        db.closeE();
      } catch (RocksDBException e) {
        failure = e;
      }
      closeAll(resources);
    } finally {
      lock.writeLock().unlock();
    }
    if (failure != null) {
      throw failure("close", failure);
    }
  }

  @Override
  public String toString() {
    return "RocksKeyValueStore[" + folder + "]";
  }

  /** The handle of an opened column; the caller holds the read lock. */
  private ColumnFamilyHandle handle(Column column) {
    checkOpen();
    ColumnFamilyHandle handle = handles.get(column);
    if (handle == null) {
      throw new IllegalArgumentException("column '" + column + "' was not opened in " + folder
          + "; pass it to RocksKeyValueStore.open (opened: " + handles.keySet() + ")");
    }
    return handle;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the RocksDB store in " + folder + " is closed");
    }
  }

  private KeyValueStoreException failure(String action, RocksDBException e) {
    return new KeyValueStoreException(
        "RocksDB in " + folder + " failed to " + action + ": " + e.getMessage(), e);
  }

  private static <T extends AutoCloseable> T own(List<AutoCloseable> owned, T resource) {
    owned.add(resource);
    return resource;
  }

  private static void closeAll(List<AutoCloseable> owned) {
    for (int i = owned.size() - 1; i >= 0; i--) {
      try {
        owned.get(i).close();
      } catch (Exception ignored) {
        // Releasing native memory does not fail in practice; keep releasing the rest.
      }
    }
  }

  private final class RocksBatch implements WriteBatch {
    private final org.rocksdb.WriteBatch batch = new org.rocksdb.WriteBatch();
    private boolean done;

    @Override
    public WriteBatch put(Column column, byte[] key, byte[] value) {
      StoreArguments.checkEntry(column, key, value);
      lock.readLock().lock();
      try {
        checkUsable();
        batch.put(handle(column), key, value);
      } catch (RocksDBException e) {
        throw failure("add a put to a batch", e);
      } finally {
        lock.readLock().unlock();
      }
      return this;
    }

    @Override
    public WriteBatch delete(Column column, byte[] key) {
      StoreArguments.checkKey(column, key);
      lock.readLock().lock();
      try {
        checkUsable();
        batch.delete(handle(column), key);
      } catch (RocksDBException e) {
        throw failure("add a delete to a batch", e);
      } finally {
        lock.readLock().unlock();
      }
      return this;
    }

    @Override
    public int count() {
      return done ? 0 : batch.count();
    }

    @Override
    public void commit(Durability durability) {
      Objects.requireNonNull(durability, "durability");
      lock.readLock().lock();
      try {
        checkUsable();
        checkOpen();
        db.write(durability == Durability.FSYNC ? fsyncWrites : walWrites, batch);
      } catch (RocksDBException e) {
        throw failure("write a batch of " + batch.count() + " operations", e);
      } finally {
        lock.readLock().unlock();
        close();
      }
    }

    @Override
    public void close() {
      if (!done) {
        done = true;
        batch.close();
      }
    }

    private void checkUsable() {
      if (done) {
        throw new IllegalStateException("this write batch was already committed or closed");
      }
    }
  }

  private final class RocksCursor implements KeyValueCursor {
    private final ReadOptions options = new ReadOptions();
    private final Slice upperBound;
    private final RocksIterator iterator;
    private final byte[] from;
    private boolean started;
    private boolean valid;
    private boolean released;

    RocksCursor(ColumnFamilyHandle handle, KeyRange range) {
      from = range.fromUnsafe().clone();
      upperBound = range.toUnsafe() == null ? null : new Slice(range.toUnsafe());
      if (upperBound != null) {
        options.setIterateUpperBound(upperBound);
      }
      iterator = db.newIterator(handle, options);
    }

    @Override
    public boolean next() {
      lock.readLock().lock();
      try {
        checkUsable();
        if (!started) {
          started = true;
          iterator.seek(from);
        } else if (valid) {
          iterator.next();
        } else {
          return false;
        }
        valid = iterator.isValid();
        if (!valid) {
          iterator.status();
        }
        return valid;
      } catch (RocksDBException e) {
        throw failure("iterate", e);
      } finally {
        lock.readLock().unlock();
      }
    }

    @Override
    public byte[] key() {
      lock.readLock().lock();
      try {
        checkOnEntry();
        return iterator.key();
      } finally {
        lock.readLock().unlock();
      }
    }

    @Override
    public byte[] value() {
      lock.readLock().lock();
      try {
        checkOnEntry();
        return iterator.value();
      } finally {
        lock.readLock().unlock();
      }
    }

    @Override
    public void close() {
      lock.readLock().lock();
      try {
        release();
      } finally {
        lock.readLock().unlock();
      }
    }

    /** Frees the native iterator; safe to call twice. Synchronized against close() races. */
    synchronized void release() {
      if (!released) {
        released = true;
        cursors.remove(this);
        iterator.close();
        options.close();
        if (upperBound != null) {
          upperBound.close();
        }
      }
    }

    private void checkUsable() {
      checkOpen();
      if (released) {
        throw new IllegalStateException("the cursor is closed");
      }
    }

    private void checkOnEntry() {
      checkUsable();
      if (!valid) {
        throw new IllegalStateException("the cursor is not on an entry (call next() first)");
      }
    }
  }
}
