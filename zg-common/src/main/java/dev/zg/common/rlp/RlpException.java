package dev.zg.common.rlp;

/** Input that is not canonical RLP, or not the shape the caller expected. */
public final class RlpException extends RuntimeException {
  public RlpException(String message) {
    super(message);
  }
}
