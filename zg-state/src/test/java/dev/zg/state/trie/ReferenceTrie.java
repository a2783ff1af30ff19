package dev.zg.state.trie;

import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import dev.zg.common.rlp.RlpItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An oracle for trie roots, written independently of the production code: it builds the
 * canonical trie of a whole key set top-down (no incremental updates, no deletes, no caches),
 * with zg-common's generic RLP items, straight from the Yellow Paper's definition.
 */
final class ReferenceTrie {
  private ReferenceTrie() {}

  /** The root hash of the trie holding exactly {@code entries} (values non-empty). */
  static Hash root(Map<byte[], byte[]> entries) {
    List<int[]> keys = new ArrayList<>();
    List<byte[]> values = new ArrayList<>();
    entries.forEach((key, value) -> {
      keys.add(nibbles(key));
      values.add(value);
    });
    if (keys.isEmpty()) {
      return Hash.EMPTY_TRIE_ROOT;
    }
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      all.add(i);
    }
    return Hash.keccak(node(keys, values, all, 0).encode());
  }

  private static RlpItem node(List<int[]> keys, List<byte[]> values, List<Integer> members,
      int depth) {
    if (members.size() == 1) {
      int[] key = keys.get(members.get(0));
      return RlpItem.list(hexPrefix(key, depth, key.length, true),
          RlpItem.string(values.get(members.get(0))));
    }
    int shared = sharedLength(keys, members, depth);
    if (shared > depth) {
      int[] key = keys.get(members.get(0));
      return RlpItem.list(hexPrefix(key, depth, shared, false),
          reference(node(keys, values, members, shared)));
    }
    List<RlpItem> items = new ArrayList<>();
    byte[] value = new byte[0];
    List<List<Integer>> groups = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      groups.add(new ArrayList<>());
    }
    for (int member : members) {
      int[] key = keys.get(member);
      if (key.length == depth) {
        value = values.get(member);
      } else {
        groups.get(key[depth]).add(member);
      }
    }
    for (List<Integer> group : groups) {
      items.add(group.isEmpty()
          ? RlpItem.string(new byte[0])
          : reference(node(keys, values, group, depth + 1)));
    }
    items.add(RlpItem.string(value));
    return RlpItem.list(items);
  }

  /** Length of the nibble prefix all members share (at least {@code depth}). */
  private static int sharedLength(List<int[]> keys, List<Integer> members, int depth) {
    int shared = Integer.MAX_VALUE;
    int[] first = keys.get(members.get(0));
    for (int member : members) {
      int[] key = keys.get(member);
      int i = depth;
      while (i < first.length && i < key.length && first[i] == key[i]) {
        i++;
      }
      shared = Math.min(shared, i);
    }
    return shared;
  }

  private static RlpItem reference(RlpItem node) {
    byte[] encoded = node.encode();
    return encoded.length < 32 ? node : RlpItem.string(Keccak256.hash(encoded));
  }

  private static RlpItem hexPrefix(int[] key, int from, int to, boolean leaf) {
    int length = to - from;
    int flag = (leaf ? 2 : 0) + (length % 2);
    List<Integer> digits = new ArrayList<>();
    digits.add(flag);
    if (length % 2 == 0) {
      digits.add(0);
    }
    for (int i = from; i < to; i++) {
      digits.add(key[i]);
    }
    byte[] out = new byte[digits.size() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (digits.get(2 * i) * 16 + digits.get(2 * i + 1));
    }
    return RlpItem.string(out);
  }

  private static int[] nibbles(byte[] key) {
    int[] out = new int[key.length * 2];
    for (int i = 0; i < key.length; i++) {
      out[2 * i] = (key[i] & 0xff) >> 4;
      out[2 * i + 1] = key[i] & 0x0f;
    }
    return out;
  }
}
