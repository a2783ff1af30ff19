package dev.zg.state.trie;

import dev.zg.common.Hash;

/**
 * A node the trie needs is not in the node store: the root is unknown, or the store lost data
 * (for example, it was pruned or a commit's batch was never written).
 */
public final class MissingNodeException extends TrieException {
  private final transient Hash hash;

  public MissingNodeException(Hash hash) {
    super("trie node " + hash + " is not in the node store (unknown root, or the store lost "
        + "data)");
    this.hash = hash;
  }

  public Hash hash() {
    return hash;
  }
}
