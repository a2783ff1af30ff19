package dev.zg.state.trie;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.testing.SharedVectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of ethereum/tests TrieTests, one dynamic test each.
 *
 * <ul>
 *   <li>{@code trietest*.json}: {@code in} is a list of [key, value] applied in order; a null
 *       value deletes.
 *   <li>{@code trieanyorder*.json}, {@code hex_encoded_securetrie_test.json}: {@code in} is a
 *       map; it is applied in file order and in {@link #SHUFFLES} seeded shuffles.
 *   <li>{@code trietestnextprev.json}: keys, then [key, previous, next] queries answered by
 *       {@link MerklePatriciaTrie#previousKey} and {@link MerklePatriciaTrie#nextKey}.
 * </ul>
 *
 * Files whose name contains "securetrie" (any case) use {@link SecureTrie}. Strings starting
 * with 0x are hex, others UTF-8, and with {@code "hexEncoded": true} all are hex.
 */
class TrieConformanceTest {
  private static final int SHUFFLES = 8;

  @TestFactory
  Stream<DynamicTest> trieTests() {
    Path folder = SharedVectors.require("ethereum-tests/TrieTests");
    List<DynamicTest> tests = new ArrayList<>();
    for (Path file : SharedVectors.jsonFiles(folder)) {
      boolean secure = file.getFileName().toString().toLowerCase(Locale.ROOT)
          .contains("securetrie");
      for (Map.Entry<String, JsonNode> entry : SharedVectors.readJson(file).properties()) {
        String name = SharedVectors.displayName(file) + " " + entry.getKey();
        tests.addAll(casesOf(name, entry.getValue(), secure));
      }
    }
    assertThat(tests).hasSizeGreaterThan(20);
    return tests.stream();
  }

  private static List<DynamicTest> casesOf(String name, JsonNode test, boolean secure) {
    boolean hex = test.path("hexEncoded").asBoolean(false);
    JsonNode in = test.get("in");
    if (test.has("tests")) {
      return List.of(DynamicTest.dynamicTest(name, () -> runNextPrevious(in, test.get("tests"))));
    }
    String root = test.get("root").asText();
    List<byte[][]> writes = new ArrayList<>();
    if (in.isArray()) {
      in.forEach(pair ->
          writes.add(new byte[][] {bytes(pair.get(0), hex), bytes(pair.get(1), hex)}));
      return List.of(DynamicTest.dynamicTest(name, () -> runWrites(writes, root, secure)));
    }
    in.properties().forEach(e ->
        writes.add(new byte[][] {text(e.getKey(), hex), bytes(e.getValue(), hex)}));
    List<DynamicTest> tests = new ArrayList<>();
    tests.add(DynamicTest.dynamicTest(name, () -> runWrites(writes, root, secure)));
    for (int seed = 1; seed <= SHUFFLES; seed++) {
      List<byte[][]> shuffled = new ArrayList<>(writes);
      Collections.shuffle(shuffled, new Random(seed));
      tests.add(DynamicTest.dynamicTest(name + " (shuffle " + seed + ")",
          () -> runWrites(shuffled, root, secure)));
    }
    return tests;
  }

  /** Applies the writes, checks the root, then commits, reloads and checks again. */
  private static void runWrites(List<byte[][]> writes, String root, boolean secure) {
    NodeStore store = NodeStore.inMemory();
    Map<String, byte[]> expected = new java.util.LinkedHashMap<>();
    if (secure) {
      SecureTrie trie = SecureTrie.empty(store);
      writes.forEach(w -> trie.put(w[0], w[1] == null ? new byte[0] : w[1]));
      assertThat(trie.rootHash().toHex()).isEqualTo(root);
      assertThat(trie.commit().toHex()).isEqualTo(root);
      SecureTrie reloaded = SecureTrie.load(store, Hash.fromHex(root));
      writes.forEach(w -> expected.put(Hex.encode(w[0]), w[1]));
      expected.forEach((key, value) -> assertThat(reloaded.get(Hex.decode(key)).orElse(null))
          .isEqualTo(value == null || value.length == 0 ? null : value));
      return;
    }
    MerklePatriciaTrie trie = MerklePatriciaTrie.empty(store);
    writes.forEach(w -> trie.put(w[0], w[1] == null ? new byte[0] : w[1]));
    assertThat(trie.rootHash().toHex()).isEqualTo(root);
    assertThat(trie.commit().toHex()).isEqualTo(root);
    MerklePatriciaTrie reloaded = MerklePatriciaTrie.load(store, Hash.fromHex(root));
    assertThat(reloaded.rootHash().toHex()).isEqualTo(root);
    writes.forEach(w -> expected.put(Hex.encode(w[0]), w[1]));
    expected.forEach((key, value) -> assertThat(reloaded.get(Hex.decode(key)).orElse(null))
        .isEqualTo(value == null || value.length == 0 ? null : value));
  }

  private static void runNextPrevious(JsonNode keys, JsonNode queries) {
    MerklePatriciaTrie trie = MerklePatriciaTrie.inMemory();
    keys.forEach(key -> trie.put(bytes(key, false), bytes(key, false)));
    for (JsonNode query : queries) {
      byte[] key = bytes(query.get(0), false);
      assertThat(text(trie.previousKey(key))).as("previous of %s", query.get(0))
          .isEqualTo(query.get(1).asText());
      assertThat(text(trie.nextKey(key))).as("next of %s", query.get(0))
          .isEqualTo(query.get(2).asText());
    }
  }

  private static String text(Optional<byte[]> key) {
    return key.map(k -> new String(k, StandardCharsets.UTF_8)).orElse("");
  }

  private static byte[] bytes(JsonNode node, boolean hex) {
    return node == null || node.isNull() ? null : text(node.asText(), hex);
  }

  private static byte[] text(String text, boolean hex) {
    if (hex || text.startsWith("0x")) {
      return Hex.decode(text);
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
