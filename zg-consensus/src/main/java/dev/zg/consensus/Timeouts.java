package dev.zg.consensus;

/**
 * Timeout durations that grow linearly with the round, timeoutX(r) = base + r * delta (paper
 * section on timeouts), so that after the network stabilises some round is long enough for
 * honest validators to hear each other. Virtual or real milliseconds: the engine never reads
 * a clock, it only asks the host to fire a timer after this long.
 */
public record Timeouts(long proposeBaseMillis, long proposeDeltaMillis, long prevoteBaseMillis,
    long prevoteDeltaMillis, long precommitBaseMillis, long precommitDeltaMillis,
    long rebroadcastMillis) {
  /** No timeout is ever set longer than this (one day), whatever the round. */
  public static final long DURATION_MILLIS_MAX = 86_400_000L;

  /** CometBFT-like defaults: 3 s to propose, 1 s for each vote step, +0.5 s per round. */
  public static final Timeouts DEFAULT = new Timeouts(3_000, 500, 1_000, 500, 1_000, 500, 1_000);

  public Timeouts {
    for (long millis : new long[] {proposeBaseMillis, prevoteBaseMillis, precommitBaseMillis,
        rebroadcastMillis}) {
      Check.argument(millis > 0 && millis <= DURATION_MILLIS_MAX, "base timeouts in (0, 1 day]");
    }
    for (long millis : new long[] {proposeDeltaMillis, prevoteDeltaMillis,
        precommitDeltaMillis}) {
      Check.argument(millis >= 0 && millis <= DURATION_MILLIS_MAX, "deltas in [0, 1 day]");
    }
  }

  /** How long to wait for {@code kind} in {@code round}. */
  public long durationMillis(Timeout.Kind kind, int round) {
    Check.argument(round >= 0, "round must be >= 0");
    long base;
    long delta;
    switch (kind) {
      case PROPOSE -> { base = proposeBaseMillis; delta = proposeDeltaMillis; }
      case PREVOTE -> { base = prevoteBaseMillis; delta = prevoteDeltaMillis; }
      case PRECOMMIT -> { base = precommitBaseMillis; delta = precommitDeltaMillis; }
      case REBROADCAST -> { return rebroadcastMillis; }
      default -> throw new IllegalArgumentException("unknown timeout " + kind);
    }
    // round < 2^31 and delta <= one day (< 2^27) keep the product inside a long.
    return Math.min(DURATION_MILLIS_MAX, base + round * delta);
  }
}
