package dev.zg.consensus;

import java.util.function.Predicate;

/**
 * Admission of a message of the current height into the {@link HeightLog}: membership,
 * proposer, field ranges, duplicates, then the signature (checked last because it is the
 * costly part, and only once per distinct message), then equivocation. Every refusal is an
 * {@link Output.Rejected}; nothing here throws on bad input.
 */
final class Intake {
  private final ValidatorSet validators;
  private final HeightLog log;
  private final ProposerSchedule proposers;
  private final Effects fx;
  private final Limits limits;
  private final Predicate<ConsensusMessage> pinned;

  /**
   * @param pinned which messages of rounds below the window are still needed (see
   *     HeightRunner#pinned)
   */
  Intake(ValidatorSet validators, HeightLog log, ProposerSchedule proposers, Effects fx,
      Predicate<ConsensusMessage> pinned) {
    this.pinned = pinned;
    this.validators = validators;
    this.log = log;
    this.proposers = proposers;
    this.fx = fx;
    this.limits = fx.config.limits();
  }

  /** Admits {@code m} while at {@code currentRound}; true when the log changed. */
  boolean admit(ConsensusMessage m, int currentRound) {
    int r = m.round(); // ranges of height, round and POL round checked by the engine
    int signer = validators.indexOf(m.signer());
    if (signer < 0) {
      return refuse(RejectReason.NOT_A_VALIDATOR, m);
    }
    if (r < log.floor() && !pinned.test(m)) {
      return refuse(RejectReason.ROUND_TOO_OLD, m);
    }
    if (r > (long) currentRound + limits.roundsAheadMax()) {
      // Too far to keep, but a signed message still says where its sender is (line 55).
      if (!verified(m)) {
        return false;
      }
      log.noteRound(signer, r);
      fx.reject(RejectReason.ROUND_TOO_FAR_AHEAD, Describe.of(m));
      return true;
    }
    return switch (m) {
      case Proposal p -> admitProposal(p, signer);
      case Vote v -> admitVote(v, signer);
    };
  }

  private boolean admitProposal(Proposal p, int signer) {
    int r = p.round();
    if (proposers.proposerIndex(r) != signer) {
      return refuse(RejectReason.WRONG_PROPOSER, p);
    }
    if (p.value().size() > limits.valueBytesMax()) {
      return refuse(RejectReason.VALUE_TOO_LARGE, p);
    }
    RoundLog existing = log.existing(r);
    Proposal known = existing == null ? null : existing.proposal(p.value().id());
    if (known != null && known.equals(p)) {
      return refuse(RejectReason.DUPLICATE, p);
    }
    if (!p.value().id().equals(fx.config.valueIds().idOf(p.value().bytesUnsafe()))) {
      return refuse(RejectReason.BAD_VALUE, p);
    }
    if (!verified(p)) {
      return false;
    }
    log.noteRound(signer, r);
    if (known != null) {
      // Same value signed twice with another POL round: keep the first.
      return noted(RejectReason.EQUIVOCATION, p);
    }
    RoundLog round = log.round(r);
    if (round.proposals().size() >= limits.proposalsPerRoundMax()) {
      return noted(RejectReason.TOO_MANY_PROPOSALS, p);
    }
    round.addProposal(p);
    return true;
  }

  private boolean admitVote(Vote v, int signer) {
    RoundLog existing = log.existing(v.round());
    VoteSlots slots = existing == null ? null : existing.votes(v.type());
    if (slots != null && slots.contains(v, signer)) {
      return refuse(RejectReason.DUPLICATE, v);
    }
    if (!verified(v)) {
      return false;
    }
    log.noteRound(signer, v.round());
    slots = log.round(v.round()).votes(v.type());
    VoteSlots.Added added = slots.add(v, signer, validators, limits.conflictingVotesMax());
    return switch (added) {
      case FIRST -> true;
      case DUPLICATE -> noted(RejectReason.DUPLICATE, v); // same content, other signature
      case CONFLICTING, CONFLICT_DROPPED -> {
        if (slots.firstEvidence(signer)) {
          fx.emit(new Output.EvidenceFound(DuplicateVoteEvidence.of(slots.first(signer), v)));
        }
        if (added == VoteSlots.Added.CONFLICT_DROPPED) {
          yield noted(RejectReason.EQUIVOCATION, v);
        }
        yield true; // counted for its value (see Tally), and reported once
      }
    };
  }

  private boolean verified(ConsensusMessage m) {
    if (m.verify(fx.config.chainId(), fx.verifier)) {
      return true;
    }
    return refuse(RejectReason.BAD_SIGNATURE, m);
  }

  /** Emits the rejection of a message that was still signed (its round was noted). */
  private boolean noted(RejectReason reason, ConsensusMessage m) {
    fx.reject(reason, Describe.of(m));
    return true;
  }

  /** Emits the rejection; returns false so callers can {@code return refuse(...)}. */
  private boolean refuse(RejectReason reason, ConsensusMessage m) {
    fx.reject(reason, Describe.of(m));
    return false;
  }
}
