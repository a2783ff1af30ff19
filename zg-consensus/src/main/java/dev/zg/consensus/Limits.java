package dev.zg.consensus;

/**
 * Every bound on what the engine keeps, so that no peer can make it grow without limit.
 * Messages past a bound are dropped with an {@link Output.Rejected} naming the reason.
 *
 * <p>Memory of one engine is at most about: rounds kept (roundsAheadMax + roundsBehindKeptMax
 * + 5: the current round, the locked and valid rounds, two proposals' POL rounds) x
 * validators x 2 vote types x (1 + conflictingVotesMax) votes, plus
 * proposalsPerRoundMax proposals of at most valueBytesMax each per round, plus the future
 * buffer: heightsAheadMax x validators x bufferedPerSignerMax messages.
 *
 * @param heightsAheadMax messages for heights up to this far above the current one are
 *     buffered (verified) until the engine starts that height; further ones are dropped
 * @param roundsAheadMax messages for rounds up to this far above the current round are kept;
 *     further ones only count towards the round skip (line 55), through each validator's
 *     highest round seen
 * @param roundsBehindKeptMax rounds older than this below the current round are forgotten
 *     at each new round, except the locked, valid and POL rounds in play
 * @param proposalsPerRoundMax distinct proposals kept per round (an honest proposer makes
 *     one; an equivocating one may make more, and the decision needs the committed one)
 * @param conflictingVotesMax votes kept per validator, round and type beyond its first, for
 *     other values (only equivocators make them; they still count, see Tally)
 * @param valueBytesMax largest proposed value accepted
 * @param bufferedPerSignerMax future-height messages buffered per signer and height
 */
public record Limits(int heightsAheadMax, int roundsAheadMax, int roundsBehindKeptMax,
    int proposalsPerRoundMax, int conflictingVotesMax, int valueBytesMax,
    int bufferedPerSignerMax) {
  /** Rounds above this are rejected outright: bounds the arithmetic on rounds. */
  public static final int ROUND_MAX = 1_000_000;
  /** Largest round window ahead or behind: bounds what is kept and persisted. */
  public static final int ROUND_WINDOW_MAX = 10_000;

  public static final Limits DEFAULT = new Limits(2, 10, 10, 2, 2, 16 << 20, 32);

  public Limits {
    Check.argument(heightsAheadMax >= 1, "heightsAheadMax >= 1: a peer that decided first "
        + "sends for the next height");
    Check.argument(roundsAheadMax >= 1, "roundsAheadMax >= 1");
    Check.argument(roundsBehindKeptMax >= 1, "roundsBehindKeptMax >= 1: the previous round's "
        + "votes are still being re-sent");
    Check.argument(proposalsPerRoundMax >= 1, "proposalsPerRoundMax >= 1");
    // An equivocator splitting the others in two needs one conflicting vote to be counted.
    Check.argument(conflictingVotesMax >= 1 && conflictingVotesMax <= 100,
        "conflictingVotesMax in [1, 100]");
    Check.argument(valueBytesMax >= 1, "valueBytesMax >= 1");
    // One proposal, prevote and precommit per round, for a couple of rounds.
    Check.argument(bufferedPerSignerMax >= 3, "bufferedPerSignerMax >= 3");
    Check.argument(roundsAheadMax <= ROUND_WINDOW_MAX && roundsBehindKeptMax <= ROUND_WINDOW_MAX,
        "round windows at most ROUND_WINDOW_MAX");
  }
}
