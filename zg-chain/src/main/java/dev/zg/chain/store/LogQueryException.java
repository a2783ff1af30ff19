package dev.zg.chain.store;

/** A log query over the limits: too many blocks or too many results. Says which and by how much. */
public final class LogQueryException extends RuntimeException {
  public LogQueryException(String message) {
    super(message);
  }
}
