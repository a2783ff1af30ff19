package dev.zg.cli.devnet;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waiting for a condition by polling. The deadline is only a guard against a hang, never what
 * a test relies on: a condition that holds is seen as soon as it holds.
 */
final class Poll {
  static final Duration GUARD = Duration.ofSeconds(60);

  private Poll() {}

  static void until(BooleanSupplier condition) {
    until(condition, GUARD);
  }

  static void until(BooleanSupplier condition, Duration guard) {
    long deadline = System.nanoTime() + guard.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + guard);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
