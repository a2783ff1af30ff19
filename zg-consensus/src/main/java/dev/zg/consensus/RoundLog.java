package dev.zg.consensus;

import dev.zg.common.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of one round of one height (the paper's message log, per round), with the
 * "for the first time" flags of lines 34, 36 and 47, which fire once per round.
 */
final class RoundLog {
  final int round;
  private final List<Proposal> proposals = new ArrayList<>(2);
  private final VoteSlots prevotes;
  private final VoteSlots precommits;

  boolean prevoteTimeoutScheduled;
  boolean precommitTimeoutScheduled;
  boolean lockRuleFired;

  RoundLog(int round, int validatorCount) {
    this.round = round;
    this.prevotes = new VoteSlots(VoteType.PREVOTE, validatorCount);
    this.precommits = new VoteSlots(VoteType.PRECOMMIT, validatorCount);
  }

  List<Proposal> proposals() {
    return proposals;
  }

  /** The proposal of value {@code valueId}, or null. */
  Proposal proposal(Hash valueId) {
    for (Proposal p : proposals) {
      if (p.value().id().equals(valueId)) {
        return p;
      }
    }
    return null;
  }

  void addProposal(Proposal proposal) {
    Check.state(proposal.round() == round, "proposal for another round");
    proposals.add(proposal);
  }

  VoteSlots votes(VoteType type) {
    return type == VoteType.PREVOTE ? prevotes : precommits;
  }

  Tally prevotes() {
    return prevotes.tally();
  }

  Tally precommits() {
    return precommits.tally();
  }

  /** This validator's first vote of {@code type}, or null. */
  Vote vote(VoteType type, int validator) {
    return votes(type).first(validator);
  }
}
