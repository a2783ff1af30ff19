package dev.zg.state.trie;

import dev.zg.common.Hex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Test fixtures: random update sequences and the sorted map they should leave behind. */
final class TrieModel {
  private TrieModel() {}

  /** One write; an empty value is a delete. */
  record Op(byte[] key, byte[] value) {
    @Override
    public String toString() {
      return Hex.encode(key) + (value.length == 0 ? " delete" : "=" + Hex.encode(value));
    }
  }

  /** Short keys over a few byte values, so keys often share prefixes or prefix each other. */
  static Arbitrary<byte[]> crowdedKeys() {
    byte[] alphabet = {0x00, 0x01, 0x10, 0x11, (byte) 0xab, (byte) 0xff};
    // Built from a list of indexes: jqwik shrinks lists of integers more reliably than arrays.
    return Arbitraries.integers().between(0, alphabet.length - 1).list().ofMaxSize(4)
        .map(indexes -> {
          byte[] key = new byte[indexes.size()];
          for (int i = 0; i < key.length; i++) {
            key[i] = alphabet[indexes.get(i)];
          }
          return key;
        });
  }

  /** Values, one in seven a delete, both tiny (embedded nodes) and long (hashed nodes). */
  static Arbitrary<byte[]> values() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(new byte[0])),
        Tuple.of(3, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(4)),
        Tuple.of(3, Arbitraries.bytes().array(byte[].class).ofMinSize(20).ofMaxSize(80)));
  }

  /**
   * Up to {@code maxSize} writes. Keys and values are drawn as two lists and zipped: jqwik
   * 1.9.2 fails while shrinking a list of combined values next to another parameter.
   */
  static Arbitrary<List<Op>> operations(Arbitrary<byte[]> keys, int maxSize) {
    return Combinators.combine(keys.list().ofMaxSize(maxSize), values().list().ofSize(maxSize))
        .as((keyList, valueList) -> {
          List<Op> ops = new ArrayList<>();
          for (int i = 0; i < keyList.size(); i++) {
            ops.add(new Op(keyList.get(i), valueList.get(i)));
          }
          return ops;
        });
  }

  static TreeMap<byte[], byte[]> newMap() {
    return new TreeMap<>(Arrays::compareUnsigned);
  }

  static void apply(TreeMap<byte[], byte[]> model, Op op) {
    if (op.value().length == 0) {
      model.remove(op.key());
    } else {
      model.put(op.key(), op.value());
    }
  }
}
