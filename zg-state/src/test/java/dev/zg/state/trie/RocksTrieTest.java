package dev.zg.state.trie;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Hash;
import dev.zg.state.kv.Column;
import dev.zg.state.kv.RocksKeyValueStore;
import dev.zg.state.trie.TrieModel.Op;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trie over a real RocksDB folder: commit, close, reopen, continue; and a killed writer. */
class RocksTrieTest {
  @TempDir
  Path folder;

  @Test
  void commitReopenContinueMatchesTheReference() {
    Random random = new Random(7);
    TreeMap<byte[], byte[]> model = TrieModel.newMap();
    Hash root = Hash.EMPTY_TRIE_ROOT;
    for (int round = 0; round < 6; round++) {
      try (RocksKeyValueStore kv = RocksKeyValueStore.open(folder, NodeStore.COLUMN)) {
        NodeStore store = new NodeStore(kv);
        MerklePatriciaTrie trie = MerklePatriciaTrie.load(store, root);
        assertThat(trie.rootHash()).isEqualTo(root);
        for (int i = 0; i < 300; i++) {
          Op op = randomOp(random, model);
          trie.put(op.key(), op.value());
          TrieModel.apply(model, op);
        }
        root = trie.commit();
        assertThat(root).isEqualTo(ReferenceTrie.root(model));
        MerklePatriciaTrie reloaded = MerklePatriciaTrie.load(store, root);
        model.forEach((k, v) -> assertThat(reloaded.get(k)).contains(v));
      }
    }
    try (RocksKeyValueStore kv = RocksKeyValueStore.open(folder)) {
      MerklePatriciaTrie trie = MerklePatriciaTrie.load(new NodeStore(kv), root);
      model.forEach((k, v) -> assertThat(trie.get(k)).contains(v));
      model.forEach((k, v) -> assertThat(
          MerklePatriciaTrie.verifyProof(Hash.wrap(trie.rootHash().toArray()), k, trie.proof(k)))
          .contains(v));
    }
  }

  /** A batch written with the WAL survives the process being killed (SIGKILL) right after. */
  @Test
  void aKilledWriterLosesNothingItCommitted() throws Exception {
    Path db = folder.resolve("db");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CrashingWriter.class.getName(), db.toString())
        .redirectErrorStream(true).start();
    String line;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      do {
        line = out.readLine();
      } while (line != null && !line.startsWith("committed "));
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(line).as("child output").isNotNull();
    Hash printed = Hash.fromHex(line.substring("committed ".length()));
    try (RocksKeyValueStore kv = RocksKeyValueStore.open(db)) {
      Hash head = Hash.wrap(kv.get(Column.DEFAULT, CrashingWriter.HEAD).orElseThrow());
      assertThat(head).isEqualTo(printed);
      SecureTrie trie = SecureTrie.load(new NodeStore(kv), head);
      for (int i = 0; i < CrashingWriter.ENTRIES; i++) {
        assertThat(trie.get(CrashingWriter.key(i))).contains(CrashingWriter.value(i));
      }
      assertThat(trie.rootHash()).isEqualTo(head);
    }
  }

  private static Op randomOp(Random random, TreeMap<byte[], byte[]> model) {
    if (!model.isEmpty() && random.nextInt(4) == 0) {
      byte[][] keys = model.keySet().toArray(new byte[0][]);
      return new Op(keys[random.nextInt(keys.length)], new byte[0]);
    }
    byte[] key = new byte[1 + random.nextInt(random.nextBoolean() ? 3 : 32)];
    random.nextBytes(key);
    byte[] value = new byte[1 + random.nextInt(random.nextBoolean() ? 4 : 90)];
    random.nextBytes(value);
    return new Op(key, value);
  }
}
