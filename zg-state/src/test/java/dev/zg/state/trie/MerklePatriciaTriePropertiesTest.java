package dev.zg.state.trie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import dev.zg.state.trie.TrieModel.Op;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Properties of the trie against {@link ReferenceTrie} and a sorted map. */
class MerklePatriciaTriePropertiesTest {

  @Provide
  Arbitrary<List<Op>> operations() {
    return TrieModel.operations(TrieModel.crowdedKeys(), 60);
  }

  @Provide
  Arbitrary<byte[]> keys() {
    return TrieModel.crowdedKeys();
  }

  @Provide
  Arbitrary<List<byte[]>> queries() {
    return TrieModel.crowdedKeys().list().ofMaxSize(10);
  }

  @Provide
  Arbitrary<List<Op>> hashedKeyOperations() {
    return TrieModel.operations(
        Arbitraries.bytes().array(byte[].class).ofSize(32), 400);
  }

  /** Keys up to 204 bytes sharing long prefixes, values up to 600 bytes: long RLP headers. */
  @Provide
  Arbitrary<List<Op>> longOperations() {
    byte[] base = new byte[200];
    new Random(1).nextBytes(base);
    Arbitrary<byte[]> keys = Combinators.combine(
            Arbitraries.of(0, 30, 60, 120, 200), TrieModel.crowdedKeys())
        .as((prefix, suffix) -> {
          byte[] key = java.util.Arrays.copyOf(base, prefix + suffix.length);
          System.arraycopy(suffix, 0, key, prefix, suffix.length);
          return key;
        });
    Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
    return Combinators.combine(keys.list().ofMaxSize(40), values.list().ofSize(40))
        .as((keyList, valueList) -> {
          List<Op> ops = new ArrayList<>();
          for (int i = 0; i < keyList.size(); i++) {
            ops.add(new Op(keyList.get(i), valueList.get(i)));
          }
          return ops;
        });
  }

  @Property(tries = 200)
  void longKeysAndValuesMatchTheReference(@ForAll("longOperations") List<Op> ops) {
    NodeStore store = NodeStore.inMemory();
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty(store);
    TreeMap<byte[], byte[]> model = TrieModel.newMap();
    for (Op op : ops) {
      trie.put(op.key(), op.value());
      TrieModel.apply(model, op);
    }
    Hash root = trie.commit();
    assertThat(root).isEqualTo(ReferenceTrie.root(model));
    MerklePatriciaTrie reloaded = MerklePatriciaTrie.load(store, root);
    for (Op op : ops) {
      assertThat(reloaded.get(op.key()).orElse(null)).isEqualTo(model.get(op.key()));
      assertThat(MerklePatriciaTrie.verifyProof(root, op.key(), reloaded.proof(op.key()))
          .orElse(null)).isEqualTo(model.get(op.key()));
    }
  }

  /** The root after every step equals the reference root of the map at that step. */
  @Property(tries = 400)
  void everyIntermediateRootMatchesTheReference(@ForAll("operations") List<Op> ops) {
    MerklePatriciaTrie trie = MerklePatriciaTrie.inMemory();
    TreeMap<byte[], byte[]> model = TrieModel.newMap();
    for (Op op : ops) {
      trie.put(op.key(), op.value());
      TrieModel.apply(model, op);
      assertThat(trie.rootHash()).as("after %s", op).isEqualTo(ReferenceTrie.root(model));
    }
    for (Op op : ops) {
      assertThat(trie.get(op.key()).orElse(null)).isEqualTo(model.get(op.key()));
    }
    assertThat(trie.isEmpty()).isEqualTo(model.isEmpty());
  }

  @Property(tries = 100)
  void insertionOrderDoesNotMatter(
      @ForAll("hashedKeyOperations") List<Op> ops, @ForAll Random random) {
    MerklePatriciaTrie trie = MerklePatriciaTrie.inMemory();
    TreeMap<byte[], byte[]> model = TrieModel.newMap();
    for (Op op : ops) {
      trie.put(op.key(), op.value());
      TrieModel.apply(model, op);
    }
    List<Map.Entry<byte[], byte[]>> shuffled = new ArrayList<>(model.entrySet());
    Collections.shuffle(shuffled, random);
    MerklePatriciaTrie fresh = MerklePatriciaTrie.inMemory();
    shuffled.forEach(e -> fresh.put(e.getKey(), e.getValue()));
    assertThat(trie.rootHash()).isEqualTo(ReferenceTrie.root(model)).isEqualTo(fresh.rootHash());
  }

  @Property(tries = 200)
  void committedTriesReloadAndKeepChanging(
      @ForAll("operations") List<Op> first, @ForAll("operations") List<Op> second) {
    NodeStore store = NodeStore.inMemory();
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty(store);
    TreeMap<byte[], byte[]> model = TrieModel.newMap();
    first.forEach(op -> {
      trie.put(op.key(), op.value());
      TrieModel.apply(model, op);
    });
    Hash firstRoot = trie.commit();
    MerklePatriciaTrie reloaded = MerklePatriciaTrie.load(store, firstRoot);
    assertThat(reloaded.rootHash()).isEqualTo(firstRoot).isEqualTo(ReferenceTrie.root(model));
    model.forEach((k, v) -> assertThat(reloaded.get(k)).contains(v));

    second.forEach(op -> {
      trie.put(op.key(), op.value());
      reloaded.put(op.key(), op.value());
      TrieModel.apply(model, op);
    });
    Hash expected = ReferenceTrie.root(model);
    assertThat(trie.rootHash()).isEqualTo(expected);
    assertThat(reloaded.commit()).isEqualTo(expected);
    MerklePatriciaTrie again = MerklePatriciaTrie.load(store, expected);
    model.forEach((k, v) -> assertThat(again.get(k)).contains(v));
    assertThat(MerklePatriciaTrie.load(store, firstRoot).rootHash()).isEqualTo(firstRoot);
  }

  @Property(tries = 300)
  void proofsProvePresenceAndAbsence(
      @ForAll("operations") List<Op> ops, @ForAll("queries") List<byte[]> queries) {
    NodeStore store = NodeStore.inMemory();
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty(store);
    TreeMap<byte[], byte[]> model = TrieModel.newMap();
    ops.forEach(op -> {
      trie.put(op.key(), op.value());
      TrieModel.apply(model, op);
    });
    Hash root = trie.commit();
    MerklePatriciaTrie reloaded = MerklePatriciaTrie.load(store, root);
    List<byte[]> all = new ArrayList<>(queries);
    all.addAll(model.keySet());
    for (byte[] key : all) {
      List<byte[]> proof = trie.proof(key);
      assertThat(MerklePatriciaTrie.verifyProof(root, key, proof).orElse(null))
          .isEqualTo(model.get(key));
      assertThat(reloaded.proof(key)).containsExactlyElementsOf(proof);
    }
  }

  @Property(tries = 500)
  void tamperedProofsAreRejected(@ForAll("operations") List<Op> ops, @ForAll("keys") byte[] key,
      @ForAll Random random) {
    MerklePatriciaTrie trie = MerklePatriciaTrie.inMemory();
    ops.forEach(op -> trie.put(op.key(), op.value()));
    Hash root = trie.rootHash();
    List<byte[]> proof = trie.proof(key);
    if (proof.isEmpty()) {
      return;
    }
    int index = random.nextInt(proof.size());
    List<byte[]> flipped = new ArrayList<>(proof);
    byte[] node = flipped.get(index).clone();
    node[random.nextInt(node.length)] ^= (byte) (1 + random.nextInt(255));
    flipped.set(index, node);
    assertThatThrownBy(() -> MerklePatriciaTrie.verifyProof(root, key, flipped))
        .isInstanceOf(InvalidProofException.class).hasMessageContaining("invalid proof");

    List<byte[]> missing = new ArrayList<>(proof);
    missing.remove(index);
    assertThatThrownBy(() -> MerklePatriciaTrie.verifyProof(root, key, missing))
        .isInstanceOf(InvalidProofException.class);

    Hash otherRoot = Hash.keccak(root.toArray());
    assertThatThrownBy(() -> MerklePatriciaTrie.verifyProof(otherRoot, key, proof))
        .isInstanceOf(InvalidProofException.class).hasMessageContaining("the root");
  }

  /** Hostile proof bytes either verify or fail with InvalidProofException, nothing else. */
  @Property(tries = 3000)
  void arbitraryProofBytesFailCleanly(
      @ForAll @Size(min = 1, max = 4) List<@Size(max = 120) byte[]> nodes,
      @ForAll("keys") byte[] key) {
    Hash root = Hash.adopt(Keccak256.hash(nodes.get(0)));
    try {
      MerklePatriciaTrie.verifyProof(root, key, nodes);
    } catch (InvalidProofException expected) {
      assertThat(expected.getMessage()).startsWith("invalid proof");
    }
  }

  @Property(tries = 300)
  void iterationFollowsKeyOrder(@ForAll("operations") List<Op> ops, @ForAll("keys") byte[] bound) {
    NodeStore store = NodeStore.inMemory();
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty(store);
    TreeMap<byte[], byte[]> model = TrieModel.newMap();
    ops.forEach(op -> {
      trie.put(op.key(), op.value());
      TrieModel.apply(model, op);
    });
    MerklePatriciaTrie reloaded = MerklePatriciaTrie.load(store, trie.commit());
    for (MerklePatriciaTrie t : List.of(trie, reloaded)) {
      assertThat(entries(t.iterator())).containsExactlyElementsOf(entries(model));
      assertThat(entries(t.iteratorFrom(bound)))
          .containsExactlyElementsOf(entries(model.tailMap(bound, true)));
      assertThat(entries(t.descendingIteratorFrom(bound)))
          .containsExactlyElementsOf(entries(model.headMap(bound, true).descendingMap()));
      assertThat(t.nextKey(bound).orElse(null)).isEqualTo(model.higherKey(bound));
      assertThat(t.previousKey(bound).orElse(null)).isEqualTo(model.lowerKey(bound));
    }
  }

  @Property(tries = 200)
  void copiesAreIndependentSnapshots(
      @ForAll("operations") List<Op> first, @ForAll("operations") List<Op> second) {
    MerklePatriciaTrie trie = MerklePatriciaTrie.inMemory();
    TreeMap<byte[], byte[]> model = TrieModel.newMap();
    first.forEach(op -> {
      trie.put(op.key(), op.value());
      TrieModel.apply(model, op);
    });
    Hash before = trie.rootHash();
    MerklePatriciaTrie snapshot = trie.copy();
    Iterator<TrieEntry> iterator = trie.iterator();
    second.forEach(op -> trie.put(op.key(), op.value()));
    assertThat(snapshot.rootHash()).isEqualTo(before);
    model.forEach((k, v) -> assertThat(snapshot.get(k)).contains(v));
    assertThat(entries(iterator)).containsExactlyElementsOf(entries(model));
  }

  @Property(tries = 100)
  void secureTrieIsTheTrieOfHashedKeys(@ForAll("operations") List<Op> ops) {
    SecureTrie secure = SecureTrie.inMemory();
    MerklePatriciaTrie plain = MerklePatriciaTrie.inMemory();
    TreeMap<byte[], byte[]> model = TrieModel.newMap();
    ops.forEach(op -> {
      secure.put(op.key(), op.value());
      plain.put(Keccak256.hash(op.key()), op.value());
      TrieModel.apply(model, op);
    });
    Hash root = secure.rootHash();
    assertThat(root).isEqualTo(plain.rootHash());
    for (Op op : ops) {
      assertThat(secure.get(op.key()).orElse(null)).isEqualTo(model.get(op.key()));
      List<byte[]> proof = secure.proof(op.key());
      assertThat(SecureTrie.verifyProof(root, op.key(), proof).orElse(null))
          .isEqualTo(model.get(op.key()));
    }
  }

  private static List<TrieEntry> entries(Iterator<TrieEntry> iterator) {
    List<TrieEntry> out = new ArrayList<>();
    iterator.forEachRemaining(out::add);
    return out;
  }

  private static List<TrieEntry> entries(Map<byte[], byte[]> map) {
    List<TrieEntry> out = new ArrayList<>();
    map.forEach((k, v) -> out.add(new TrieEntry(k, v)));
    return out;
  }
}
