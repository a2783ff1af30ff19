package dev.zg.state.trie;

/** Turns a hash reference into the node it names (from a store, or from a proof). */
@FunctionalInterface
interface NodeResolver {
  Node resolve(Node.Stored stored);
}
