package dev.zg.state.trie;

import dev.zg.common.Hex;
import java.util.Arrays;

/** A key and its value, as trie iteration yields them. The arrays belong to the caller. */
public record TrieEntry(byte[] key, byte[] value) {
  @Override
  public boolean equals(Object o) {
    return o instanceof TrieEntry e && Arrays.equals(key, e.key) && Arrays.equals(value, e.value);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return Hex.prefixed(key) + "=" + Hex.prefixed(value);
  }
}
