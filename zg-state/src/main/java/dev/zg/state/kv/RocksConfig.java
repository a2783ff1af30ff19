package dev.zg.state.kv;

/**
 * Tuning for a {@link RocksKeyValueStore}. The defaults suit a node on a small machine; the
 * block cache is shared by all columns.
 *
 * @param blockCacheBytes LRU cache of uncompressed blocks, including index and filter blocks
 * @param writeBufferBytes memtable size per column before it is flushed to a file
 * @param backgroundJobs threads for flushes and compactions
 * @param bloomBitsPerKey bloom filter bits per key (10 gives about 1% false positives), which
 *     lets point reads of absent keys (trie nodes, tx hashes) skip most files
 */
public record RocksConfig(
    long blockCacheBytes, long writeBufferBytes, int backgroundJobs, double bloomBitsPerKey) {

  public RocksConfig {
    require(blockCacheBytes >= 1 << 20, "blockCacheBytes must be at least 1 MiB");
    require(writeBufferBytes >= 1 << 20, "writeBufferBytes must be at least 1 MiB");
    require(backgroundJobs >= 1 && backgroundJobs <= 64, "backgroundJobs must be 1..64");
    require(bloomBitsPerKey >= 1 && bloomBitsPerKey <= 32, "bloomBitsPerKey must be 1..32");
  }

  /** 256 MiB block cache, 64 MiB memtables, 2 background jobs, 10-bit bloom filters. */
  public static RocksConfig defaults() {
    return new RocksConfig(256L << 20, 64L << 20, 2, 10);
  }

  public RocksConfig withBlockCacheBytes(long bytes) {
    return new RocksConfig(bytes, writeBufferBytes, backgroundJobs, bloomBitsPerKey);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
