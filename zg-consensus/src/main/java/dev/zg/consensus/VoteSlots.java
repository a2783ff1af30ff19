package dev.zg.consensus;

import dev.zg.common.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * The votes of one type in one round: each validator's first vote, and at most
 * {@link Limits#conflictingVotesMax()} further votes for other values from validators that
 * equivocate (kept because they count, see {@link Tally}, and bounded because an equivocator
 * could otherwise sign without end).
 */
final class VoteSlots {
  enum Added { FIRST, DUPLICATE, CONFLICTING, CONFLICT_DROPPED }

  private final VoteType type;
  private final Vote[] first;
  private final byte[] conflicts;
  private final List<Vote> conflicting = new ArrayList<>();
  private final boolean[] evidenceSent;
  private final Tally tally = new Tally();

  VoteSlots(VoteType type, int validatorCount) {
    this.type = type;
    this.first = new Vote[validatorCount];
    this.conflicts = new byte[validatorCount];
    this.evidenceSent = new boolean[validatorCount];
  }

  Tally tally() {
    return tally;
  }

  /** The validator's first vote, or null. */
  Vote first(int validator) {
    return first[validator];
  }

  /** True when this exact vote (same content and signature) is stored. */
  boolean contains(Vote vote, int validator) {
    if (vote.equals(first[validator])) {
      return true;
    }
    return conflicts[validator] > 0 && conflicting.contains(vote);
  }

  /** Stores a verified vote; the caller reports evidence on CONFLICTING. */
  Added add(Vote vote, int validator, ValidatorSet validators, int conflictsMax) {
    Check.state(vote.type() == type, "vote of another type");
    long power = validators.votingPower(validator);
    if (first[validator] == null) {
      first[validator] = vote;
      tally.addFirst(vote.valueId(), power, validators);
      return Added.FIRST;
    }
    if (sameValueStored(vote, validator)) {
      return Added.DUPLICATE;
    }
    if (conflicts[validator] >= conflictsMax) {
      return Added.CONFLICT_DROPPED;
    }
    conflicts[validator]++;
    conflicting.add(vote);
    tally.addConflicting(vote.valueId(), power, validators);
    return Added.CONFLICTING;
  }

  private boolean sameValueStored(Vote vote, int validator) {
    if (first[validator].sameContent(vote)) {
      return true;
    }
    for (Vote v : conflicting) {
      if (v.signer().equals(vote.signer()) && v.sameContent(vote)) {
        return true;
      }
    }
    return false;
  }

  /** True the first time it is asked for this validator. */
  boolean firstEvidence(int validator) {
    boolean first = !evidenceSent[validator];
    evidenceSent[validator] = true;
    return first;
  }

  /** Every stored vote: first votes in validator order, then the conflicting ones. */
  List<Vote> all() {
    List<Vote> votes = new ArrayList<>(first.length + conflicting.size());
    for (Vote v : first) {
      if (v != null) {
        votes.add(v);
      }
    }
    votes.addAll(conflicting);
    return votes;
  }

  /** The votes for {@code valueId}, at most one per validator: a certificate's votes. */
  List<Vote> forValue(Hash valueId) {
    List<Vote> votes = new ArrayList<>();
    for (Vote v : all()) {
      if (valueId.equals(v.valueId())) {
        votes.add(v);
      }
    }
    return votes;
  }
}
