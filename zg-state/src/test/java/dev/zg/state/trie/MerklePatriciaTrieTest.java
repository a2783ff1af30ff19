package dev.zg.state.trie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.Keccak256;
import dev.zg.state.Limits;
import dev.zg.state.kv.Column;
import dev.zg.state.kv.Durability;
import dev.zg.state.kv.KeyRange;
import dev.zg.state.kv.KeyValueCursor;
import dev.zg.state.kv.KeyValueStore;
import dev.zg.state.kv.MemoryKeyValueStore;
import dev.zg.state.kv.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MerklePatriciaTrieTest {

  @Test
  void emptyTrieHasTheEmptyRootAndProvesAbsence() {
    MerklePatriciaTrie trie = MerklePatriciaTrie.inMemory();
    assertThat(trie.rootHash()).isEqualTo(Hash.EMPTY_TRIE_ROOT);
    assertThat(trie.commit()).isEqualTo(Hash.EMPTY_TRIE_ROOT);
    assertThat(trie.proof(bytes("dog"))).isEmpty();
    assertThat(MerklePatriciaTrie.verifyProof(Hash.EMPTY_TRIE_ROOT, bytes("dog"), List.of()))
        .isEmpty();
    assertThat(trie.iterator().hasNext()).isFalse();
    assertThat(MerklePatriciaTrie.load(trie.nodeStore(), Hash.EMPTY_TRIE_ROOT).isEmpty()).isTrue();
  }

  /** Yellow Paper example keys; the root is the one in ethereum/tests trieanyorder "dogs". */
  @Test
  void knownRoot() {
    MerklePatriciaTrie trie = MerklePatriciaTrie.inMemory();
    trie.put(bytes("doe"), bytes("reindeer"));
    trie.put(bytes("dog"), bytes("puppy"));
    trie.put(bytes("dogglesworth"), bytes("cat"));
    assertThat(trie.rootHash()).isEqualTo(Hash.fromHex(
        "0x8aad789dff2f538bca5d8ea56e8abe10f4c7ba3a5dea95fea4cd6e7c3a1168d3"));
  }

  @Test
  void emptyValueDeletesAndEmptyKeyIsAKey() {
    MerklePatriciaTrie trie = MerklePatriciaTrie.inMemory();
    trie.put(new byte[0], bytes("root value"));
    trie.put(bytes("a"), bytes("x"));
    assertThat(trie.get(new byte[0])).contains(bytes("root value"));
    trie.put(bytes("a"), new byte[0]);
    assertThat(trie.get(bytes("a"))).isEmpty();
    trie.delete(new byte[0]);
    assertThat(trie.isEmpty()).isTrue();
    assertThat(trie.rootHash()).isEqualTo(Hash.EMPTY_TRIE_ROOT);
  }

  @Test
  void valuesAreCopiedInAndOut() {
    MerklePatriciaTrie trie = MerklePatriciaTrie.inMemory();
    byte[] value = bytes("value");
    trie.put(bytes("k"), value);
    value[0] = 'X';
    trie.get(bytes("k")).orElseThrow()[1] = 'Y';
    assertThat(trie.get(bytes("k"))).contains(bytes("value"));
  }

  /** A root under 32 bytes is still stored, by its hash, so it can be loaded and extended. */
  @Test
  void smallRootIsStoredByHash() {
    NodeStore store = NodeStore.inMemory();
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty(store);
    trie.put(new byte[] {1}, new byte[] {2});
    Hash root = trie.commit();
    byte[] encoded = store.get(root).orElseThrow();
    assertThat(encoded).hasSizeLessThan(32);
    assertThat(Hash.keccak(encoded)).isEqualTo(root);

    MerklePatriciaTrie loaded = MerklePatriciaTrie.load(store, root);
    loaded.put(new byte[] {1, 2}, bytes("a value long enough to be hashed on its own"));
    TreeMap<byte[], byte[]> model = TrieModel.newMap();
    model.put(new byte[] {1}, new byte[] {2});
    model.put(new byte[] {1, 2}, bytes("a value long enough to be hashed on its own"));
    assertThat(loaded.rootHash()).isEqualTo(ReferenceTrie.root(model));
    assertThat(MerklePatriciaTrie.verifyProof(root, new byte[] {1}, trie.proof(new byte[] {1})))
        .contains(new byte[] {2});
  }

  @Test
  void unknownRootFailsAtLoad() {
    Hash unknown = Hash.keccak(bytes("nothing"));
    assertThatThrownBy(() -> MerklePatriciaTrie.load(NodeStore.inMemory(), unknown))
        .isInstanceOf(MissingNodeException.class)
        .hasMessageContaining(unknown.toHex())
        .hasMessageContaining("not in the node store");
  }

  @Test
  void corruptNodeIsDetectedOnRead() {
    KeyValueStore kv = new MemoryKeyValueStore();
    NodeStore store = new NodeStore(kv);
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty(store);
    for (int i = 0; i < 100; i++) {
      trie.put(Keccak256.hash(new byte[] {(byte) i}), bytes("value number " + i));
    }
    Hash root = trie.commit();
    byte[] stored = kv.get(NodeStore.COLUMN, root.toArray()).orElseThrow();
    stored[stored.length - 1] ^= 1;
    kv.put(NodeStore.COLUMN, root.toArray(), stored);
    assertThatThrownBy(() -> MerklePatriciaTrie.load(store, root))
        .isInstanceOf(TrieException.class).hasMessageContaining("corrupt");
  }

  @Test
  void malformedNodeIsReportedWithItsHash() {
    NodeStore store = NodeStore.inMemory();
    byte[] notANode = Hex.decode("c3010203");
    Hash hash = Hash.keccak(notANode);
    try (WriteBatch batch = store.newBatch()) {
      store.put(batch, hash, notANode);
      batch.commit();
    }
    assertThatThrownBy(() -> MerklePatriciaTrie.load(store, hash))
        .isInstanceOf(TrieException.class)
        .hasMessageContaining(hash.toHex())
        .hasMessageContaining("a list of 2 or 17 items, found 3");
  }

  @Test
  void nodeStoreRefusesNodesUnderTheWrongHash() {
    NodeStore store = NodeStore.inMemory();
    try (WriteBatch batch = store.newBatch()) {
      assertThatThrownBy(() -> store.put(batch, Hash.ZERO, bytes("x")))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hashes to");
    }
  }

  @Test
  void oversizedKeysAreRejected() {
    MerklePatriciaTrie trie = MerklePatriciaTrie.inMemory();
    byte[] key = new byte[Limits.TRIE_KEY_BYTES_MAX + 1];
    assertThatThrownBy(() -> trie.put(key, bytes("v")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds the limit");
    assertThatThrownBy(() -> MerklePatriciaTrie.verifyProof(Hash.ZERO, key, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    trie.put(new byte[Limits.TRIE_KEY_BYTES_MAX], bytes("v"));
    assertThat(trie.rootHash()).isNotEqualTo(Hash.EMPTY_TRIE_ROOT);
  }

  @Test
  void proofOfAnAbsentKeyProvesAbsenceOnly() {
    MerklePatriciaTrie trie = MerklePatriciaTrie.inMemory();
    for (int i = 0; i < 50; i++) {
      trie.put(Keccak256.hash(new byte[] {(byte) i}), Keccak256.hash(new byte[] {(byte) ~i}));
    }
    Hash root = trie.rootHash();
    byte[] absent = Keccak256.hash(bytes("absent"));
    List<byte[]> proof = trie.proof(absent);
    assertThat(proof).isNotEmpty();
    assertThat(MerklePatriciaTrie.verifyProof(root, absent, proof)).isEmpty();
    // Extra nodes change nothing: proofs are sets of nodes addressed by hash.
    List<byte[]> padded = new java.util.ArrayList<>(proof);
    padded.addAll(trie.proof(Keccak256.hash(new byte[] {7})));
    assertThat(MerklePatriciaTrie.verifyProof(root, absent, padded)).isEmpty();
  }

  @Test
  void failedCommitLeavesNodesToWriteAgain() {
    FlakyStore kv = new FlakyStore();
    NodeStore store = new NodeStore(kv);
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty(store);
    for (int i = 0; i < 200; i++) {
      trie.put(Keccak256.hash(new byte[] {(byte) i}), bytes("value " + i));
    }
    kv.failNextCommit = true;
    assertThatThrownBy(trie::commit).hasMessageContaining("disk full");
    Hash root = trie.commit();
    MerklePatriciaTrie loaded = MerklePatriciaTrie.load(store, root);
    for (int i = 0; i < 200; i++) {
      assertThat(loaded.get(Keccak256.hash(new byte[] {(byte) i}))).contains(bytes("value " + i));
    }
  }

  @Test
  void commitIntoACallersBatchLandsWithItsOtherWrites() {
    KeyValueStore kv = new MemoryKeyValueStore();
    NodeStore store = new NodeStore(kv);
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty(store);
    trie.put(bytes("account"), bytes("balance of a very rich account, 1e30 neurons"));
    Hash root;
    try (WriteBatch batch = kv.newBatch()) {
      root = trie.commit(batch);
      batch.put(Column.DEFAULT, bytes("head"), root.toArray());
      assertThat(kv.get(Column.DEFAULT, bytes("head"))).isEmpty();
      assertThat(store.get(root)).isEmpty();
      batch.commit(Durability.FSYNC);
    }
    assertThat(MerklePatriciaTrie.load(store, root).get(bytes("account"))).isPresent();
  }

  @Test
  void nextAndPreviousKeysFollowByteOrder() {
    MerklePatriciaTrie trie = MerklePatriciaTrie.inMemory();
    for (String key : List.of("cat", "doge", "wallace")) {
      trie.put(bytes(key), bytes(key));
    }
    assertThat(trie.nextKey(bytes("catering"))).contains(bytes("doge"));
    assertThat(trie.previousKey(bytes("catering"))).contains(bytes("cat"));
    assertThat(trie.nextKey(bytes("wallace"))).isEmpty();
    assertThat(trie.previousKey(new byte[0])).isEmpty();
    assertThat(trie.nextKey(new byte[0])).contains(bytes("cat"));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A memory store whose next batch commit can be made to fail, as a full disk would. */
  private static final class FlakyStore implements KeyValueStore {
    private final MemoryKeyValueStore inner = new MemoryKeyValueStore();
    boolean failNextCommit;

    @Override
    public Optional<byte[]> get(Column column, byte[] key) {
      return inner.get(column, key);
    }

    @Override
    public void put(Column column, byte[] key, byte[] value) {
      inner.put(column, key, value);
    }

    @Override
    public void delete(Column column, byte[] key) {
      inner.delete(column, key);
    }

    @Override
    public WriteBatch newBatch() {
      WriteBatch batch = inner.newBatch();
      return new WriteBatch() {
        @Override
        public WriteBatch put(Column column, byte[] key, byte[] value) {
          batch.put(column, key, value);
          return this;
        }

        @Override
        public WriteBatch delete(Column column, byte[] key) {
          batch.delete(column, key);
          return this;
        }

        @Override
        public int count() {
          return batch.count();
        }

        @Override
        public void commit(Durability durability) {
          if (failNextCommit) {
            failNextCommit = false;
            throw new IllegalStateException("disk full");
          }
          batch.commit(durability);
        }

        @Override
        public void close() {
          batch.close();
        }
      };
    }

    @Override
    public KeyValueCursor cursor(Column column, KeyRange range) {
      return inner.cursor(column, range);
    }

    @Override
    public Set<Column> columns() {
      return inner.columns();
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
