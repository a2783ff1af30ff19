package dev.zg.consensus;

import java.util.Arrays;

/**
 * proposer(h, r) for one height: the height's validator set rotated r times, computed
 * incrementally and remembered, since rounds only move forward.
 */
final class ProposerSchedule {
  private ValidatorSet cursor;
  private int[] byRound = new int[8];
  private int known;

  ProposerSchedule(ValidatorSet validators) {
    this.cursor = validators;
    byRound[0] = validators.proposerIndex();
    known = 1;
  }

  /** The index of the proposer of {@code round}; rounds are bounded by the caller. */
  int proposerIndex(int round) {
    Check.argument(round >= 0 && round <= Limits.ROUND_MAX, "round out of range: " + round);
    while (known <= round) {
      cursor = cursor.advanceProposer(1);
      if (known == byRound.length) {
        byRound = Arrays.copyOf(byRound, byRound.length * 2);
      }
      byRound[known++] = cursor.proposerIndex();
    }
    return byRound[round];
  }
}
