package dev.zg.state.trie;

import dev.zg.common.Hash;
import dev.zg.state.kv.Column;
import dev.zg.state.kv.Durability;
import dev.zg.state.kv.RocksKeyValueStore;
import dev.zg.state.kv.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link RocksTrieTest}: commits a trie and a head pointer in one batch
 * with {@link Durability#WAL}, says so, and waits to be killed without closing anything.
 */
public final class CrashingWriter {
  static final int ENTRIES = 2000;
  static final byte[] HEAD = "head".getBytes(StandardCharsets.US_ASCII);

  private CrashingWriter() {}

  public static void main(String[] args) throws InterruptedException {
    RocksKeyValueStore kv = RocksKeyValueStore.open(Path.of(args[0]), NodeStore.COLUMN);
    SecureTrie trie = SecureTrie.empty(new NodeStore(kv));
    for (int i = 0; i < ENTRIES; i++) {
      trie.put(key(i), value(i));
    }
    Hash root;
    try (WriteBatch batch = kv.newBatch()) {
      root = trie.commit(batch);
      batch.put(Column.DEFAULT, HEAD, root.toArray());
      batch.commit(Durability.WAL);
    }
    System.out.println("committed " + root);
    System.out.flush();
    Thread.sleep(60_000);
  }

  static byte[] key(int i) {
    return ("account-" + i).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] value(int i) {
    return ("balance of account " + i + ", long enough to be hashed").getBytes(
        StandardCharsets.US_ASCII);
  }
}
