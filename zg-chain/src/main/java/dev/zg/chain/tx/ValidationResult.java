package dev.zg.chain.tx;

import dev.zg.common.Address;
import java.util.Objects;

/** The verdict of {@link CancunTransactionValidator}: valid with what execution needs, or not. */
public sealed interface ValidationResult {

  /** A valid transaction, its recovered sender and its intrinsic gas. */
  record Valid(Address sender, long intrinsicGas) implements ValidationResult {
    public Valid {
      Objects.requireNonNull(sender, "sender");
    }
  }

  record Invalid(ValidationError error, String message) implements ValidationResult {
    public Invalid {
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(message, "message");
    }
  }

  default boolean isValid() {
    return this instanceof Valid;
  }
}
