package dev.zg.chain.block;

/**
 * A well-formed block that breaks a consensus rule: a header field that does not follow from
 * its parent, an invalid transaction, or a computed root that differs from the header's.
 * The message names the rule, and for mismatches both values.
 */
public final class InvalidBlockException extends RuntimeException {
  public InvalidBlockException(String message) {
    super(message);
  }
}
