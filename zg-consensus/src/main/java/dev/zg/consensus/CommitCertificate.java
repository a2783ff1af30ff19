package dev.zg.consensus;

import dev.zg.common.Hash;
import java.util.List;
import java.util.Objects;

/**
 * Proof that a value was committed at a height: precommits for its id in one round from
 * validators holding more than 2/3 of the power (paper line 49). Block sync checks it with
 * {@link #verify} against the validator set of that height, so a node can accept a committed
 * block it did not see decided; downtime accounting can read who signed.
 */
public record CommitCertificate(long height, int round, Hash valueId, List<Vote> precommits) {
  public CommitCertificate {
    Objects.requireNonNull(valueId, "valueId");
    precommits = List.copyOf(precommits);
  }

  /**
   * Checks every precommit (kind, height, round, value, distinct member, signature) and that
   * their power is a quorum of {@code validators}. Never throws on bad content.
   */
  public Verification verify(long chainId, ValidatorSet validators, SignatureVerifier verifier) {
    if (precommits.size() > validators.size()) {
      return Verification.fail("more precommits than validators");
    }
    boolean[] seen = new boolean[validators.size()];
    long power = 0;
    for (Vote vote : precommits) {
      if (vote.type() != VoteType.PRECOMMIT || vote.height() != height
          || vote.round() != round || !valueId.equals(vote.valueId())) {
        return Verification.fail("precommit for something else: " + vote);
      }
      int index = validators.indexOf(vote.signer());
      if (index < 0) {
        return Verification.fail("not a validator: " + vote.signer());
      }
      if (seen[index]) {
        return Verification.fail("two precommits from " + vote.signer());
      }
      seen[index] = true;
      if (!vote.verify(chainId, verifier)) {
        return Verification.fail("bad signature from " + vote.signer());
      }
      power += validators.votingPower(index);
    }
    if (!validators.isQuorum(power)) {
      return Verification.fail("precommit power " + power + " of "
          + validators.totalVotingPower() + " is not more than 2/3");
    }
    return Verification.OK;
  }
}
