package dev.zg.chain.tx;

import java.util.Objects;

/** Bytes that are not a well-formed transaction; {@link #field()} says where it went wrong. */
public final class TransactionDecodingException extends RuntimeException {
  private final TransactionField field;

  public TransactionDecodingException(TransactionField field, String detail) {
    super("invalid transaction " + field.label() + ": " + detail);
    this.field = Objects.requireNonNull(field, "field");
  }

  public TransactionField field() {
    return field;
  }
}
