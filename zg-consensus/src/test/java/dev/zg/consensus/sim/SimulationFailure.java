package dev.zg.consensus.sim;

/** A property the checker asserts did not hold. */
final class SimulationFailure extends RuntimeException {
  SimulationFailure(String message) {
    super(message, null, false, false);
  }
}
