package dev.zg.storage.merkle;

/**
 * The outcome of checking a {@link MerkleProof}. A proof comes from a peer, so a bad one is an
 * ordinary outcome, not an exception. The messages are the ones the TS SDK, the Go client and
 * the storage node use, so logs read the same across implementations.
 */
public enum ProofCheck {
  VALID("valid"),
  FILE_SIZE_INVALID("invalid file size"),
  INDEX_OUT_OF_RANGE("index out of bound"),
  DATA_LENGTH_MISMATCH("invalid data length"),
  WRONG_FORMAT("invalid merkle proof format"),
  CONTENT_MISMATCH("merkle proof content mismatch"),
  ROOT_MISMATCH("merkle proof root mismatch"),
  POSITION_MISMATCH("merkle proof position mismatch"),
  HASH_MISMATCH("failed to validate merkle proof"),
  PADDING_MISMATCH("invalid proof node value in the padding range");

  private final String message;

  ProofCheck(String message) {
    this.message = message;
  }

  public boolean isValid() {
    return this == VALID;
  }

  public String message() {
    return message;
  }
}
