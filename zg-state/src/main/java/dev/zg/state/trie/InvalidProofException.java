package dev.zg.state.trie;

/**
 * A Merkle proof does not prove anything about the claimed root: a node it needs is missing or
 * does not hash to what its parent references, or a node is malformed.
 */
public final class InvalidProofException extends RuntimeException {
  public InvalidProofException(String message) {
    super(message);
  }

  public InvalidProofException(String message, Throwable cause) {
    super(message, cause);
  }
}
