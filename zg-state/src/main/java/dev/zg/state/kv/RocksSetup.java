package dev.zg.state.kv;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** How zg configures and opens RocksDB: options, the column list, and open errors. */
final class RocksSetup {
  private RocksSetup() {}

  static ColumnFamilyOptions columnOptions(
      RocksConfig config, LRUCache cache, BloomFilter bloom) {
    BlockBasedTableConfig table = new BlockBasedTableConfig()
        .setBlockCache(cache)
        .setFilterPolicy(bloom)
        .setCacheIndexAndFilterBlocks(true)
        .setPinL0FilterAndIndexBlocksInCache(true)
        .setBlockSize(16 << 10)
        .setFormatVersion(5);
    // LZ4 is cheap enough to leave on: trie nodes are mostly hashes and barely compress, but
    // blocks, receipts and indexes do.
    return new ColumnFamilyOptions()
        .setTableFormatConfig(table)
        .setWriteBufferSize(config.writeBufferBytes())
        // Room for memtables waiting to flush, so a large commit does not stall on the flush.
        .setMaxWriteBufferNumber(4)
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setLevelCompactionDynamicLevelBytes(true);
  }

  static DBOptions dbOptions(RocksConfig config) {
    return new DBOptions()
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        .setMaxBackgroundJobs(config.backgroundJobs())
        .setBytesPerSync(1 << 20)
        // A rarely written column would otherwise pin old log files forever.
        .setMaxTotalWalSize(Math.max(256L << 20, 4 * config.writeBufferBytes()))
        .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
        .setKeepLogFileNum(4);
  }

  static Set<Column> allColumns(Path dir, Collection<Column> requested)
      throws RocksDBException {
    Set<Column> all = new LinkedHashSet<>();
    all.add(Column.DEFAULT);
    if (Files.exists(dir.resolve("CURRENT"))) {
      try (Options options = new Options()) {
        for (byte[] name : RocksDB.listColumnFamilies(options, dir.toString())) {
          String text = new String(name, StandardCharsets.UTF_8);
          try {
            all.add(new Column(text));
          } catch (IllegalArgumentException e) {
            throw new KeyValueStoreException("the RocksDB folder " + dir + " has a column family '"
                + text + "' that is not a valid zg column name; is this a zg data folder?", e);
          }
        }
      }
    }
    all.addAll(requested);
    return all;
  }

  static KeyValueStoreException openFailure(Path dir, RocksDBException e) {
    String detail = String.valueOf(e.getMessage());
    // RocksDB names its LOCK file in both "held by another process" and "held by this process".
    if (detail.contains("LOCK")) {
      return new KeyValueStoreException("the RocksDB folder " + dir + " is already in use: "
          + "another process (or another store in this process) holds its LOCK file. Stop "
          + "the other node or choose another data folder. RocksDB said: " + detail, e);
    }
    return new KeyValueStoreException("cannot open the RocksDB folder " + dir + ": " + detail, e);
  }
}
