package dev.zg.consensus;

import dev.zg.common.Hash;
import java.util.List;
import java.util.Objects;

/**
 * A lock with its proof (lines 36-39): the proposal locked on, and the prevotes for it in its
 * round, more than 2/3 of the power (its POL). It is persisted in the {@link SigningState}, so
 * a restarted validator keeps not only the lock but also the means to lift it: it can again
 * propose the value with this POL round (lines 15-16) and relay the POL, which the others need
 * to accept that proposal (line 28). Without the proof, the simulation found heights stuck
 * for good: a validator locked on a value whose POL nobody alive still had.
 */
public record Lock(Proposal proposal, List<Vote> prevotes) {
  public Lock {
    Objects.requireNonNull(proposal, "proposal");
    prevotes = List.copyOf(prevotes);
    for (Vote v : prevotes) {
      Check.argument(v.type() == VoteType.PREVOTE && v.height() == proposal.height()
          && v.round() == proposal.round() && proposal.value().id().equals(v.valueId()),
          "a lock's prevotes are for its proposal: " + v);
    }
  }

  /** lockedRound. */
  public int round() {
    return proposal.round();
  }

  /** id(lockedValue). */
  public Hash valueId() {
    return proposal.value().id();
  }

  public long height() {
    return proposal.height();
  }

  /** Checks the proposal's and the prevotes' signatures and that the prevotes are a quorum. */
  public Verification verify(long chainId, ValidatorSet validators, SignatureVerifier verifier) {
    if (!validators.contains(proposal.signer()) || !proposal.verify(chainId, verifier)) {
      return Verification.fail("the locked proposal is not signed by a validator");
    }
    boolean[] seen = new boolean[validators.size()];
    long power = 0;
    for (Vote v : prevotes) {
      int index = validators.indexOf(v.signer());
      if (index < 0 || seen[index] || !v.verify(chainId, verifier)) {
        return Verification.fail("a prevote of the lock is not a validator's, once: " + v);
      }
      seen[index] = true;
      power += validators.votingPower(index);
    }
    return validators.isQuorum(power) ? Verification.OK
        : Verification.fail("the lock's prevotes are not more than 2/3 of the power");
  }
}
