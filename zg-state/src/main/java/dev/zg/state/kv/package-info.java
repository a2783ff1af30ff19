/**
 * The key-value layer under the chain's data: a {@link dev.zg.state.kv.KeyValueStore} of named
 * {@link dev.zg.state.kv.Column}s with atomic multi-column batches, in memory or on RocksDB.
 * Keys compare as unsigned bytes in both. Nothing here is null unless documented.
 */
package dev.zg.state.kv;
