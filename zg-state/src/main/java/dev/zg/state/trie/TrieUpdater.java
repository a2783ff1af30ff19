package dev.zg.state.trie;

import java.util.Arrays;

/**
 * Copy-on-write insert and delete. Each method returns the new subtree, or the very same node
 * when nothing changed, so unchanged paths keep their cached references and stay clean.
 * Deletion restores the canonical shape: no branch with a single entry, no extension followed
 * by anything but a branch. Recursion depth is bounded by the key length limit.
 */
final class TrieUpdater {
  private final NodeResolver resolver;

  TrieUpdater(NodeResolver resolver) {
    this.resolver = resolver;
  }

  /** {@code node} with {@code key} (from nibble {@code depth} on) set to a non-empty value. */
  Node insert(Node node, byte[] key, int depth, byte[] value) {
    return switch (node) {
      case null -> new Node.Leaf(Nibbles.ofKey(key, depth), value);
      case Node.Leaf leaf -> insertAtLeaf(leaf, key, depth, value);
      case Node.Extension extension -> insertAtExtension(extension, key, depth, value);
      case Node.Branch branch -> insertAtBranch(branch, key, depth, value);
      case Node.Stored stored -> {
        Node resolved = resolver.resolve(stored);
        Node updated = insert(resolved, key, depth, value);
        yield updated == resolved ? stored : updated;
      }
    };
  }

  /** {@code node} without {@code key}: null when it empties, the same node when absent. */
  Node delete(Node node, byte[] key, int depth) {
    return switch (node) {
      case null -> null;
      case Node.Leaf leaf -> matchesRest(leaf.path, key, depth) ? null : leaf;
      case Node.Extension extension -> deleteAtExtension(extension, key, depth);
      case Node.Branch branch -> deleteAtBranch(branch, key, depth);
      case Node.Stored stored -> {
        Node resolved = resolver.resolve(stored);
        Node updated = delete(resolved, key, depth);
        yield updated == resolved ? stored : updated;
      }
    };
  }

  private Node insertAtLeaf(Node.Leaf leaf, byte[] key, int depth, byte[] value) {
    int common = Nibbles.commonPrefix(leaf.path, key, depth);
    if (common == leaf.path.length && depth + common == key.length * 2) {
      return Arrays.equals(leaf.value, value) ? leaf : new Node.Leaf(leaf.path, value);
    }
    // The paths part at `common`: a branch takes both, behind an extension for the shared run.
    Node[] children = new Node[16];
    byte[] branchValue = null;
    if (common == leaf.path.length) {
      branchValue = leaf.value;
    } else {
      byte[] rest = Nibbles.slice(leaf.path, common + 1, leaf.path.length);
      children[leaf.path[common]] = new Node.Leaf(rest, leaf.value);
    }
    return splitWith(leaf.path, common, children, branchValue, key, depth, value);
  }

  private Node insertAtExtension(Node.Extension extension, byte[] key, int depth, byte[] value) {
    byte[] path = extension.path;
    int common = Nibbles.commonPrefix(path, key, depth);
    if (common == path.length) {
      Node child = insert(extension.child, key, depth + common, value);
      return child == extension.child ? extension : new Node.Extension(path, child);
    }
    Node[] children = new Node[16];
    children[path[common]] = common + 1 == path.length
        ? extension.child
        : new Node.Extension(Nibbles.slice(path, common + 1, path.length), extension.child);
    return splitWith(path, common, children, null, key, depth, value);
  }

  /**
   * Adds the new key to a branch that already holds the old subtree, then puts the branch
   * behind an extension for the first {@code common} nibbles of {@code path} if there are any.
   */
  private static Node splitWith(byte[] path, int common, Node[] children, byte[] branchValue,
      byte[] key, int depth, byte[] value) {
    int split = depth + common;
    if (split == key.length * 2) {
      branchValue = value;
    } else {
      children[Nibbles.at(key, split)] = new Node.Leaf(Nibbles.ofKey(key, split + 1), value);
    }
    Node.Branch branch = new Node.Branch(children, branchValue);
    return common == 0 ? branch : new Node.Extension(Nibbles.slice(path, 0, common), branch);
  }

  private Node insertAtBranch(Node.Branch branch, byte[] key, int depth, byte[] value) {
    if (depth == key.length * 2) {
      return Arrays.equals(branch.value, value) ? branch : branch.withValue(value);
    }
    int nibble = Nibbles.at(key, depth);
    Node child = branch.children[nibble];
    Node updated = insert(child, key, depth + 1, value);
    return updated == child ? branch : branch.withChild(nibble, updated);
  }

  private Node deleteAtExtension(Node.Extension extension, byte[] key, int depth) {
    if (Nibbles.commonPrefix(extension.path, key, depth) < extension.path.length) {
      return extension;
    }
    Node child = delete(extension.child, key, depth + extension.path.length);
    if (child == extension.child) {
      return extension;
    }
    return prefixed(extension.path, child);
  }

  private Node deleteAtBranch(Node.Branch branch, byte[] key, int depth) {
    Node.Branch updated;
    if (depth == key.length * 2) {
      if (branch.value == null) {
        return branch;
      }
      updated = branch.withValue(null);
    } else {
      int nibble = Nibbles.at(key, depth);
      Node child = branch.children[nibble];
      Node newChild = delete(child, key, depth + 1);
      if (newChild == child) {
        return branch;
      }
      updated = branch.withChild(nibble, newChild);
    }
    return updated.entryCount() >= 2 ? updated : collapse(updated);
  }

  /** A branch left with one entry becomes a leaf, or merges its only child upward. */
  private Node collapse(Node.Branch branch) {
    for (int nibble = 0; nibble < 16; nibble++) {
      Node child = branch.children[nibble];
      if (child != null) {
        return prefixed(new byte[] {(byte) nibble}, child);
      }
    }
    return branch.value == null ? null : new Node.Leaf(new byte[0], branch.value);
  }

  /** {@code child} reached through {@code path}, merged into one node where the shape needs. */
  private Node prefixed(byte[] path, Node child) {
    Node resolved = child instanceof Node.Stored stored ? resolver.resolve(stored) : child;
    return switch (resolved) {
      case null -> null;
      case Node.Leaf leaf -> new Node.Leaf(Nibbles.concat(path, leaf.path), leaf.value);
      case Node.Extension extension ->
          new Node.Extension(Nibbles.concat(path, extension.path), extension.child);
      // Keep the original reference: a stored branch stays clean and is not re-hashed.
      case Node.Branch branch -> new Node.Extension(path, child);
      case Node.Stored stored -> throw new IllegalStateException("resolved to a reference");
    };
  }

  /** True when {@code path} is exactly the rest of {@code key} from nibble {@code depth}. */
  private static boolean matchesRest(byte[] path, byte[] key, int depth) {
    return key.length * 2 - depth == path.length
        && Nibbles.commonPrefix(path, key, depth) == path.length;
  }
}
