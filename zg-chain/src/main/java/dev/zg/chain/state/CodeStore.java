package dev.zg.chain.state;

import dev.zg.common.Bytes;
import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import dev.zg.state.kv.Column;
import dev.zg.state.kv.KeyValueStore;
import dev.zg.state.kv.WriteBatch;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Contract code by its Keccak-256, in its own column, with a small LRU cache bounded by bytes.
 * Code is content-addressed, so cached entries never go stale. Every read from the store is
 * checked against its hash. Thread-safe.
 */
final class CodeStore {
  private final KeyValueStore store;
  private final Column column;
  private final long cacheBytesMax;
  private long cacheBytes;
  private final LinkedHashMap<Hash, byte[]> cache = new LinkedHashMap<>(256, 0.75f, true);

  CodeStore(KeyValueStore store, Column column, long cacheBytesMax) {
    this.store = store;
    this.column = column;
    this.cacheBytesMax = cacheBytesMax;
  }

  void put(WriteBatch batch, Hash hash, byte[] code) {
    batch.put(column, hash.bytesUnsafe(), code);
  }

  /** The code with this hash; callers must not modify the array. */
  byte[] get(Hash hash) {
    if (hash.equals(Hash.EMPTY_KECCAK)) {
      return Bytes.EMPTY;
    }
    synchronized (this) {
      byte[] cached = cache.get(hash);
      if (cached != null) {
        return cached;
      }
    }
    byte[] code = store.get(column, hash.bytesUnsafe()).orElseThrow(() ->
        new IllegalStateException("code " + hash + " is missing from the store"));
    if (!Arrays.equals(Keccak256.hash(code), hash.bytesUnsafe())) {
      throw new IllegalStateException("code " + hash + " in the store is corrupt");
    }
    synchronized (this) {
      if (cache.put(hash, code) == null) {
        cacheBytes += code.length;
      }
      var it = cache.entrySet().iterator();
      while (cacheBytes > cacheBytesMax && it.hasNext()) {
        Map.Entry<Hash, byte[]> eldest = it.next();
        cacheBytes -= eldest.getValue().length;
        it.remove();
      }
    }
    return code;
  }
}
