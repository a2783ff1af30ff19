package dev.zg.state.trie;

/**
 * A trie node. Nodes are immutable except for two caches, so an update copies the nodes on the
 * changed path and shares everything else: unchanged subtrees keep their cached references and
 * are never re-encoded or re-hashed, and a trie snapshot is just a root pointer.
 *
 * <p>Paths are nibble arrays (one value 0..15 per byte), owned by the node. An empty subtree is
 * {@code null}, never a node.
 */
abstract sealed class Node permits Node.Leaf, Node.Extension, Node.Branch, Node.Stored {
  /**
   * How a parent refers to this node: its RLP when shorter than 32 bytes (embedded), else its
   * Keccak-256. Null until computed; both forms are told apart by length alone.
   */
  byte[] ref;
  /** True until the node has been written to, or was read from, the node store. */
  boolean dirty = true;

  /** The end of a key: the rest of its path and its value. */
  static final class Leaf extends Node {
    final byte[] path;
    final byte[] value;

    Leaf(byte[] path, byte[] value) {
      this.path = path;
      this.value = value;
    }
  }

  /** A shared run of nibbles leading to a branch. The path is never empty. */
  static final class Extension extends Node {
    final byte[] path;
    final Node child;

    Extension(byte[] path, Node child) {
      this.path = path;
      this.child = child;
    }
  }

  /** Sixteen children by next nibble, plus the value of a key that ends here (or null). */
  static final class Branch extends Node {
    final Node[] children;
    final byte[] value;

    Branch(Node[] children, byte[] value) {
      this.children = children;
      this.value = value;
    }

    Branch withChild(int nibble, Node child) {
      Node[] copy = children.clone();
      copy[nibble] = child;
      return new Branch(copy, value);
    }

    Branch withValue(byte[] newValue) {
      return new Branch(children, newValue);
    }

    /** Children plus the value, counting each present one. */
    int entryCount() {
      int count = value == null ? 0 : 1;
      for (Node child : children) {
        if (child != null) {
          count++;
        }
      }
      return count;
    }
  }

  /**
   * A node known only by hash, loaded from the store on first use. The loaded node is kept
   * here so later walks do not load it again.
   */
  static final class Stored extends Node {
    Node resolved;

    Stored(byte[] hash) {
      this.ref = hash;
      this.dirty = false;
    }

    byte[] hash() {
      return ref;
    }
  }
}
