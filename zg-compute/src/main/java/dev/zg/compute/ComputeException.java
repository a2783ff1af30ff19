package dev.zg.compute;

/**
 * A refusal the broker reports to its caller: an HTTP status, a stable machine-readable code
 * and a sentence for people. Thrown before anything is charged, so a rejected request never
 * costs the user anything.
 */
public final class ComputeException extends RuntimeException {
  private final int status;
  private final String code;

  public ComputeException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public ComputeException(int status, String code, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.code = code;
  }

  /** The HTTP status the broker answers with. */
  public int status() {
    return status;
  }

  /** A short snake_case code, e.g. {@code token_expired}. */
  public String code() {
    return code;
  }
}
