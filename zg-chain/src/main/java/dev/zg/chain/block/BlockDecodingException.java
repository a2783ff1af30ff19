package dev.zg.chain.block;

/** Bytes that are not a valid encoding of a header, block, body or receipt; names the field. */
public final class BlockDecodingException extends RuntimeException {
  private final String field;

  public BlockDecodingException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  /** The field being read when decoding failed, e.g. {@code header.stateRoot}. */
  public String field() {
    return field;
  }
}
