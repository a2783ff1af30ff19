package dev.zg.state.trie;

/** The node store does not hold a consistent trie: a node is missing, corrupt or malformed. */
public class TrieException extends RuntimeException {
  public TrieException(String message) {
    super(message);
  }

  public TrieException(String message, Throwable cause) {
    super(message, cause);
  }
}
