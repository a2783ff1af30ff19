package dev.zg.chain.store;

/** The data folder holds another chain than the configured genesis describes. */
public final class ChainMismatchException extends RuntimeException {
  public ChainMismatchException(String message) {
    super(message);
  }
}
