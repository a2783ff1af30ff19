package dev.zg.state.trie;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Entries in key order (ascending or descending) from a bound, over the nodes reachable from
 * the root given at creation: later updates to the trie are not seen, since they copy nodes.
 *
 * <p>Keys order as nibble sequences, a prefix before its extensions, which is the unsigned
 * byte order of the keys. A stack of pending subtrees replaces recursion; subtrees whose
 * every key lies on the wrong side of the bound are skipped unvisited, so seeking costs one
 * path, not a scan.
 */
final class TrieIterator implements Iterator<TrieEntry> {
  /** A subtree to visit under {@code path}, or (node null) a value whose key is {@code path}. */
  private record Pending(Node node, byte[] path, byte[] value) {}

  private final Deque<Pending> stack = new ArrayDeque<>();
  private final NodeResolver resolver;
  private final byte[] bound;
  private final boolean ascending;
  private TrieEntry next;

  /** {@code bound} is inclusive: the first key (ascending) or last key (descending); or null. */
  TrieIterator(Node root, NodeResolver resolver, byte[] bound, boolean ascending) {
    this.resolver = resolver;
    this.bound = bound == null ? null : Nibbles.ofKey(bound);
    this.ascending = ascending;
    if (root != null) {
      stack.push(new Pending(root, new byte[0], null));
    }
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      next = advance();
    }
    return next != null;
  }

  @Override
  public TrieEntry next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    TrieEntry entry = next;
    next = null;
    return entry;
  }

  private TrieEntry advance() {
    while (!stack.isEmpty()) {
      Pending pending = stack.pop();
      if (pending.node() == null) {
        return entry(pending.path(), pending.value());
      }
      Node node = pending.node();
      if (node instanceof Node.Stored stored) {
        node = resolver.resolve(stored);
      }
      switch (node) {
        case Node.Leaf leaf -> {
          byte[] key = Nibbles.concat(pending.path(), leaf.path);
          if (inRange(key)) {
            return entry(key, leaf.value);
          }
        }
        case Node.Extension extension ->
            pushIfInRange(extension.child, Nibbles.concat(pending.path(), extension.path));
        case Node.Branch branch -> {
          TrieEntry entry = expand(branch, pending.path());
          if (entry != null) {
            return entry;
          }
        }
        case Node.Stored stored -> throw new IllegalStateException("unresolved reference");
      }
    }
    return null;
  }

  /**
   * Pushes a branch's children so the stack pops them in order. Its own value comes before the
   * children when ascending (so it is returned now), after them when descending.
   */
  private TrieEntry expand(Node.Branch branch, byte[] path) {
    boolean value = branch.value != null && inRange(path);
    if (ascending) {
      for (int nibble = 15; nibble >= 0; nibble--) {
        pushChild(branch, path, nibble);
      }
      return value ? entry(path, branch.value) : null;
    }
    if (value) {
      stack.push(new Pending(null, path, branch.value));
    }
    for (int nibble = 0; nibble < 16; nibble++) {
      pushChild(branch, path, nibble);
    }
    return null;
  }

  private void pushChild(Node.Branch branch, byte[] path, int nibble) {
    Node child = branch.children[nibble];
    if (child != null) {
      byte[] childPath = Arrays.copyOf(path, path.length + 1);
      childPath[path.length] = (byte) nibble;
      pushIfInRange(child, childPath);
    }
  }

  private void pushIfInRange(Node node, byte[] path) {
    if (mayHold(path)) {
      stack.push(new Pending(node, path, null));
    }
  }

  /** False when every key under {@code prefix} is on the wrong side of the bound. */
  private boolean mayHold(byte[] prefix) {
    if (bound == null) {
      return true;
    }
    int shared = Math.min(prefix.length, bound.length);
    int order = Arrays.compare(prefix, 0, shared, bound, 0, shared);
    if (ascending) {
      return order >= 0;
    }
    // Keys under a prefix that extends the bound are all longer than it, hence after it.
    return order < 0 || (order == 0 && prefix.length <= bound.length);
  }

  private boolean inRange(byte[] key) {
    if (bound == null) {
      return true;
    }
    int order = Arrays.compare(key, bound);
    return ascending ? order >= 0 : order <= 0;
  }

  private static TrieEntry entry(byte[] path, byte[] value) {
    return new TrieEntry(Nibbles.toKey(path), value.clone());
  }
}
