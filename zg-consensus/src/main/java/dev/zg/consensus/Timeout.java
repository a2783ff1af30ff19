package dev.zg.consensus;

/**
 * A timer the engine asks the host to set (paper lines 21, 35, 48) and that comes back as
 * {@link Input.TimeoutFired}. Stale timers are harmless: the engine ignores a timeout whose
 * height, round or step has passed (lines 58, 62, 66).
 */
public record Timeout(Kind kind, long height, int round) {
  public enum Kind {
    /** OnTimeoutPropose (lines 57-60): prevote nil if no acceptable proposal came. */
    PROPOSE,
    /** OnTimeoutPrevote (lines 61-64): precommit nil if prevotes did not agree. */
    PREVOTE,
    /** OnTimeoutPrecommit (lines 65-67): start the next round. */
    PRECOMMIT,
    /**
     * Not in the paper: re-sends this validator's messages for the height when it made no
     * progress since the last tick. The paper assumes gossip eventually delivers every
     * message; on a lossy network the sender must repeat itself for that to hold.
     */
    REBROADCAST
  }
}
