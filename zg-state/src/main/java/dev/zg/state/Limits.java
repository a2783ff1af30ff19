package dev.zg.state;

/**
 * Every bound zg-state puts on its inputs, in one place so their relationships can be checked.
 * Units come last in the names.
 */
public final class Limits {
  /**
   * Longest trie key. Ethereum's tries use 32-byte (secure) or short RLP-index keys; 256 bytes
   * is 512 nibbles, which bounds every walk (and the recursion in trie updates) to
   * {@link #TRIE_PATH_NODES_MAX} nodes.
   */
  public static final int TRIE_KEY_BYTES_MAX = 256;
  /** A path alternates at worst extension, branch, ..., leaf: two nodes per nibble, plus one. */
  public static final int TRIE_PATH_NODES_MAX = 2 * 2 * TRIE_KEY_BYTES_MAX + 1;
  /** Largest trie value. A receipt with a block's worth of log data must fit. */
  public static final int TRIE_VALUE_BYTES_MAX = 64 << 20;
  /** Largest encoded trie node: a branch of 16 hashes plus the largest value and headers. */
  public static final int TRIE_NODE_BYTES_MAX = TRIE_VALUE_BYTES_MAX + 1024;
  /** Most nodes a proof may carry; a valid proof needs at most one per node on the path. */
  public static final int PROOF_NODES_MAX = TRIE_PATH_NODES_MAX;

  /** Longest key in a key-value store (block, receipt and index keys are under 100 bytes). */
  public static final int STORE_KEY_BYTES_MAX = 4096;
  /** Largest value in a key-value store. */
  public static final int STORE_VALUE_BYTES_MAX = 256 << 20;

  static {
    check(TRIE_NODE_BYTES_MAX > TRIE_VALUE_BYTES_MAX + 17 * 33, "a branch with a value must fit");
    check(STORE_VALUE_BYTES_MAX >= TRIE_NODE_BYTES_MAX, "every trie node must fit in a store");
    check(STORE_KEY_BYTES_MAX >= 32, "node hashes must fit as store keys");
  }

  private Limits() {}

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new ExceptionInInitializerError("inconsistent limits: " + what);
    }
  }
}
