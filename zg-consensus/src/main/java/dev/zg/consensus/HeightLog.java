package dev.zg.consensus;

import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The message log of one height: a window of {@link RoundLog}s, and each validator's highest
 * round seen, which drives the round skip (line 55) even for rounds beyond the window.
 */
final class HeightLog {
  private final ValidatorSet validators;
  private final TreeMap<Integer, RoundLog> rounds = new TreeMap<>();
  private final int[] highestRound;
  private int floor;
  private boolean skipStale = true;
  private int skipTarget = -1;

  HeightLog(ValidatorSet validators) {
    this.validators = validators;
    this.highestRound = new int[validators.size()];
    Arrays.fill(highestRound, -1);
  }

  /**
   * The log of round {@code round}, created on first use. Below the floor only for a pinned
   * round (see {@link Intake}).
   */
  RoundLog round(int round) {
    Check.state(round >= 0, "rounds are >= 0");
    return rounds.computeIfAbsent(round, r -> new RoundLog(r, validators.size()));
  }

  /** The log of round {@code round}, or null when nothing was received for it. */
  RoundLog existing(int round) {
    return rounds.get(round);
  }

  Collection<RoundLog> rounds() {
    return rounds.values();
  }

  /** Rounds below this are forgotten, and their messages refused unless the round is pinned. */
  int floor() {
    return floor;
  }

  /** Forgets rounds below {@code newFloor}, except the two given (the locked and valid round). */
  void forgetBelow(int newFloor, int keep1, int keep2) {
    if (newFloor <= floor) {
      return;
    }
    floor = newFloor;
    Iterator<Map.Entry<Integer, RoundLog>> it = rounds.headMap(newFloor).entrySet().iterator();
    while (it.hasNext()) {
      int r = it.next().getKey();
      if (r != keep1 && r != keep2) {
        it.remove();
      }
    }
  }

  /** Records that {@code validator} sent a correctly signed message in {@code round}. */
  void noteRound(int validator, int round) {
    if (round > highestRound[validator]) {
      highestRound[validator] = round;
      skipStale = true;
    }
  }

  /**
   * The highest round r such that validators with more than 1/3 of the power sent a message
   * in round r or later; -1 when none. More than 1/3 contains an honest validator, which only
   * reaches a round by the rules, so skipping to r is what line 55 allows (f + 1 messages of a
   * higher round), generalised to messages spread over rounds at or above r.
   */
  int skipTarget() {
    if (!skipStale) {
      return skipTarget;
    }
    Integer[] order = new Integer[highestRound.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(highestRound[b], highestRound[a]));
    long power = 0;
    skipTarget = -1;
    for (int i : order) {
      if (highestRound[i] < 0) {
        break;
      }
      power += validators.votingPower(i);
      if (validators.isOneThird(power)) {
        skipTarget = highestRound[i];
        break;
      }
    }
    skipStale = false;
    return skipTarget;
  }
}
