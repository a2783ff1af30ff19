package dev.zg.consensus;

/**
 * Always-on assertions (Java's {@code assert} is off by default). A failed check is a bug in
 * this module or a broken host contract, never bad input from the network: input problems are
 * answered with {@link Output.Rejected} instead.
 */
final class Check {
  private Check() {}

  static void state(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }

  static void argument(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
