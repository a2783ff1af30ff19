package dev.zg.cli;

/**
 * A mistake the user can fix (bad argument, missing file, port in use). The CLI prints its
 * message as one line and exits non-zero, without a stack trace unless {@code --verbose}.
 */
public final class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
