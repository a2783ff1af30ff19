package dev.zg.state.kv;

/** A store failed (I/O, corruption, a locked folder); the message says which store and why. */
public final class KeyValueStoreException extends RuntimeException {
  public KeyValueStoreException(String message) {
    super(message);
  }

  public KeyValueStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
