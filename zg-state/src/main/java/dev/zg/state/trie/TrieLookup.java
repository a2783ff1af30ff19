package dev.zg.state.trie;

import dev.zg.state.Limits;
import java.util.function.Consumer;

/** Walks from a root along one key, without recursion: the shared core of get and proofs. */
final class TrieLookup {
  // Each step consumes at least one nibble, or resolves a reference (which the next step
  // consumes from), so a walk takes at most two steps per nibble, plus the final node.
  private static final int STEPS_MAX = 4 * Limits.TRIE_KEY_BYTES_MAX + 2;

  private TrieLookup() {}

  /**
   * The value at {@code key}, or null, showing each node on the way (references resolved,
   * root first) to {@code visitor}.
   */
  static byte[] find(Node root, byte[] key, NodeResolver resolver, Consumer<Node> visitor) {
    Node node = root;
    int depth = 0;
    int end = key.length * 2;
    for (int step = 0; step <= STEPS_MAX; step++) {
      if (node instanceof Node.Stored stored) {
        node = resolver.resolve(stored);
      }
      if (node == null) {
        return null;
      }
      visitor.accept(node);
      switch (node) {
        case Node.Leaf leaf -> {
          boolean match = end - depth == leaf.path.length
              && Nibbles.commonPrefix(leaf.path, key, depth) == leaf.path.length;
          return match ? leaf.value : null;
        }
        case Node.Extension extension -> {
          if (Nibbles.commonPrefix(extension.path, key, depth) < extension.path.length) {
            return null;
          }
          depth += extension.path.length;
          node = extension.child;
        }
        case Node.Branch branch -> {
          if (depth == end) {
            return branch.value;
          }
          node = branch.children[Nibbles.at(key, depth++)];
        }
        case Node.Stored stored -> throw new IllegalStateException("unresolved reference");
      }
    }
    throw new IllegalStateException("trie walk longer than " + STEPS_MAX + " steps");
  }

  static byte[] find(Node root, byte[] key, NodeResolver resolver) {
    return find(root, key, resolver, node -> { });
  }
}
