package dev.zg.consensus;

import dev.zg.common.Hash;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Algorithm 1 of "The latest gossip on BFT consensus" (Buchman, Kwon, Milosevic, 2018,
 * arXiv:1807.04938) for one height. Line numbers in comments are the paper's.
 *
 * <p>The upon-rules are evaluated after every input, in a loop that runs until no rule fires
 * ({@link #evaluate}); each rule either changes the step, the round or the decision, or sets
 * a once-per-round flag, so the loop ends. Inputs arrive one at a time, so each rule runs
 * atomically, as the paper requires.
 *
 * <p>Over 500 lines on purpose: every rule reads and writes the per-height variables of lines
 * 3-9, and keeping the whole algorithm in one place lets it be read against the paper. The
 * bookkeeping around it lives elsewhere ({@link HeightLog}, {@link Intake}, {@link Gossip},
 * {@link Effects}).
 *
 * <p>Deviations, none touching safety (which rests only on what is signed and the lock):
 * <ul>
 *   <li>getValue() (line 18) and valid(v) (lines 23, 29, 36, 50) are asynchronous: the engine
 *       asks the host and the rules that need an answer wait for it.
 *   <li>The proposer also schedules OnTimeoutPropose (line 21 does so only for others), so a
 *       host that never supplies a value cannot stall the height; the timeout only ever
 *       prevotes nil, which is always allowed.
 *   <li>The round skip (line 55) counts each validator's highest round, not only messages of
 *       one round, so skips work beyond the kept round window (see {@link HeightLog}).
 *   <li>Lines 52-54 (next height) are the host's {@link Input.StartHeight}, so it can store
 *       and execute the block and pick the next validator set first.
 *   <li>A decision may also come from a verified {@link CommitCertificate} (block sync).
 *   <li>A validator that makes no progress between two {@link Timeout.Kind#REBROADCAST}
 *       ticks re-sends and relays ({@link Gossip}): the paper's gossip assumption needs it.
 *   <li>The paper has no crash-recovery; here a restarted validator resumes from its
 *       {@link SigningState} (its signed messages and its {@link Lock} with proof).
 * </ul>
 */
final class HeightRunner {
  private static final int EVALUATION_STEPS_MAX = 64;

  private enum Validity { PENDING, VALID, INVALID }

  final long height;
  final ValidatorSet validators;
  private final Effects fx;
  private final Limits limits;
  private final ProposerSchedule proposers;
  private final HeightLog log;
  private final Intake intake;
  private final int self;
  private final Map<Hash, Validity> validity = new HashMap<>();

  // Lines 3-9, per height.
  private int round = -1;
  private Step step = Step.PROPOSE;
  private Lock lock; // lockedValue and lockedRound, with the POL that justified them
  private Value validValue;
  private int validRound = -1;
  private Value decision;

  private boolean awaitingValue;
  private long progress;
  private long progressAtLastTick = -1;

  HeightRunner(long height, ValidatorSet validators, Effects fx) {
    this.height = height;
    this.validators = validators;
    this.fx = fx;
    this.limits = fx.config.limits();
    this.proposers = new ProposerSchedule(validators);
    this.log = new HeightLog(validators);
    this.intake = new Intake(validators, log, proposers, fx, this::pinned);
    this.self = validators.indexOf(fx.signer.address());
  }

  /** Line 10: upon start, StartRound(0); or resume where the signing state left off. */
  void start(SigningState restored) {
    ConsensusMessage last = restored.lastSigned();
    if (last == null || last.height() != height) {
      startRound(0);
    } else {
      resume(restored, last);
    }
    fx.schedule(Timeout.Kind.REBROADCAST, height, 0);
    evaluate();
  }

  /**
   * After a restart at the height of the last signature: back to its round and step, with
   * its lock, and re-send what it signed at this height (the same bytes: nothing new is
   * signed), since messages in flight when it crashed may never have arrived.
   */
  private void resume(SigningState restored, ConsensusMessage last) {
    restoreLock(restored.lock());
    if (last instanceof Proposal) {
      startRound(last.round()); // finds the signed proposal and re-sends it
    } else {
      round = last.round();
      step = last.step();
      progress++;
    }
    for (ConsensusMessage m : restored.signed()) {
      if (m == last && m instanceof Proposal) {
        continue; // re-sent by startRound
      }
      switch (m) {
        case Proposal p -> addOwnProposal(p);
        case Vote v -> log.round(v.round()).votes(v.type()).add(v, self, validators,
            limits.conflictingVotesMax());
      }
      fx.emit(new Output.Broadcast(m));
    }
  }

  /**
   * The persisted lock, checked again after reading (it was checked before writing), with
   * its POL back in the log and its value as the valid value (validRound >= lockedRound, as
   * the paper's rules keep it).
   */
  private void restoreLock(Lock restored) {
    if (restored == null) {
      return;
    }
    Verification check = restored.verify(fx.config.chainId(), validators, fx.verifier);
    Check.argument(check.valid(), "persisted lock does not verify: " + check.problem());
    lock = restored;
    validValue = restored.proposal().value();
    validRound = restored.round();
    validity.put(restored.valueId(), Validity.VALID); // prevoted by us when we locked
    RoundLog r = log.round(restored.round());
    if (r.proposal(restored.valueId()) == null) {
      r.addProposal(restored.proposal());
    }
    for (Vote v : restored.prevotes()) {
      int index = validators.indexOf(v.signer());
      r.votes(VoteType.PREVOTE).add(v, index, validators, limits.conflictingVotesMax());
    }
  }

  private void addOwnProposal(Proposal p) {
    validity.put(p.value().id(), Validity.VALID);
    RoundLog r = log.round(p.round());
    if (r.proposal(p.value().id()) == null) {
      r.addProposal(p);
    }
  }

  long height() {
    return height;
  }

  int round() {
    return round;
  }

  Step step() {
    return step;
  }

  int lockedRound() {
    return lock == null ? -1 : lock.round();
  }

  Hash lockedValueId() {
    return lock == null ? null : lock.valueId();
  }

  int validRound() {
    return validRound;
  }

  boolean decided() {
    return decision != null;
  }

  /**
   * Whether a message of a round below the kept window is still needed: rounds of the lock,
   * the valid value and this round's proposals' POL (line 28 counts their prevotes), and a
   * round above the valid round that may hold a newer polka (a proposal, or prevotes once
   * its proposal is here; see {@link #tryAdoptNewerPolka}).
   */
  private boolean pinned(ConsensusMessage m) {
    int r = m.round();
    if (r == lockedRound() || r == validRound) {
      return true;
    }
    RoundLog current = log.existing(round);
    if (current != null) {
      for (Proposal p : current.proposals()) {
        if (p.polRound() == r) {
          return true;
        }
      }
    }
    if (r > validRound) {
      RoundLog old = log.existing(r);
      return m instanceof Proposal
          || (m instanceof Vote v && v.type() == VoteType.PREVOTE && old != null
              && !old.proposals().isEmpty());
    }
    return false;
  }

  /** A message of this height from the network. */
  void onMessage(ConsensusMessage m) {
    if (intake.admit(m, round)) {
      evaluate();
    }
  }

  /** A committed value from block sync: decides this height if its certificate verifies. */
  void onSyncedCommit(Value value, CommitCertificate certificate) {
    if (decided() || certificate.height() != height) {
      fx.reject(RejectReason.STALE, "synced commit for h=" + certificate.height());
      return;
    }
    if (!value.id().equals(certificate.valueId())
        || !value.id().equals(fx.config.valueIds().idOf(value.bytesUnsafe()))) {
      fx.reject(RejectReason.BAD_CERTIFICATE, "value is not the certified one");
      return;
    }
    Verification check = certificate.verify(fx.config.chainId(), validators, fx.verifier);
    if (!check.valid()) {
      fx.reject(RejectReason.BAD_CERTIFICATE, check.problem());
      return;
    }
    decide(value, certificate);
  }

  // ---------------------------------------------------------------- StartRound, lines 11-21

  private void startRound(int r) {
    Check.state(r > round, "rounds only move forward");
    round = r;
    step = Step.PROPOSE;
    awaitingValue = false;
    progress++;
    log.forgetBelow(r - limits.roundsBehindKeptMax(), lockedRound(), validRound);
    fx.schedule(Timeout.Kind.PROPOSE, height, r); // line 21, for the proposer too
    if (self < 0 || proposers.proposerIndex(r) != self) {
      return;
    }
    ConsensusMessage signed = fx.guard.signedAt(height, r, Step.PROPOSE);
    if (signed instanceof Proposal p) {
      propose(p.value(), p.polRound()); // restarted after proposing: re-send the same
    } else if (validValue != null) {
      propose(validValue, validRound); // lines 15-16, 19
    } else {
      awaitingValue = true; // line 18: getValue(), answered by Input.ValueReady
      fx.emit(new Output.RequestValue(height, r));
    }
  }

  /** Line 19: broadcast ⟨PROPOSAL, h_p, round_p, proposal, validRound_p⟩. */
  private void propose(Value value, int polRound) {
    validity.put(value.id(), Validity.VALID); // built by our host or already validated
    Proposal p = fx.propose(height, round, value, polRound, lock);
    if (p != null) {
      addOwnProposal(p);
    }
  }

  void onValueReady(Input.ValueReady ready) {
    if (ready.height() != height || ready.round() != round || !awaitingValue
        || step != Step.PROPOSE || decided()) {
      fx.reject(RejectReason.STALE, "value for h=" + ready.height() + " r=" + ready.round());
      return;
    }
    if (ready.value().size() > limits.valueBytesMax()) {
      fx.reject(RejectReason.VALUE_TOO_LARGE, "own value of " + ready.value().size() + " bytes");
      return;
    }
    if (!ready.value().id().equals(fx.config.valueIds().idOf(ready.value().bytesUnsafe()))) {
      fx.reject(RejectReason.BAD_VALUE, "own value's id is not its bytes' id");
      return; // peers would refuse it; the propose timeout will prevote nil
    }
    awaitingValue = false;
    propose(ready.value(), -1); // validValue is nil here, so validRound is -1
    evaluate();
  }

  void onVerdict(Input.ValidityVerdict verdict) {
    if (verdict.height() != height || validity.get(verdict.valueId()) != Validity.PENDING) {
      fx.reject(RejectReason.STALE, "verdict for " + verdict.valueId());
      return;
    }
    validity.put(verdict.valueId(), verdict.valid() ? Validity.VALID : Validity.INVALID);
    evaluate();
  }

  /** valid(v), asking the host the first time; PENDING until it answers. */
  private Validity validity(Value value) {
    Validity known = validity.get(value.id());
    if (known != null) {
      return known;
    }
    validity.put(value.id(), Validity.PENDING);
    fx.emit(new Output.ValidateValue(height, value));
    return Validity.PENDING;
  }

  // ------------------------------------------------------------------------------ the rules

  /** Runs the upon-rules until none fires. */
  void evaluate() {
    for (int i = 0; i < EVALUATION_STEPS_MAX; i++) {
      if (decided() || tryDecide()) {
        return;
      }
      boolean fired = trySkipRound()
          || tryPrevoteOnProposal()
          || tryScheduleTimeoutPrevote()
          || tryLockOnQuorum()
          || tryPrecommitNil()
          || tryScheduleTimeoutPrecommit()
          || tryAdoptNewerPolka();
      if (!fired) {
        return;
      }
    }
    throw new IllegalStateException("the rules did not settle at h=" + height + " r=" + round);
  }

  /** Lines 49-54: a proposal and 2f+1 precommits for its id in any round: decide if valid. */
  private boolean tryDecide() {
    for (RoundLog r : log.rounds()) {
      Hash id = r.precommits().quorumValue();
      Proposal p = id == null ? null : r.proposal(id);
      if (p != null && validity(p.value()) == Validity.VALID) {
        List<Vote> precommits = r.votes(VoteType.PRECOMMIT).forValue(id);
        decide(p.value(), new CommitCertificate(height, r.round, id, precommits));
        return true;
      }
    }
    return false;
  }

  private void decide(Value value, CommitCertificate certificate) {
    Check.state(decision == null, "a height is decided once");
    long power = 0;
    for (Vote v : certificate.precommits()) {
      power += validators.votingPower(validators.indexOf(v.signer()));
    }
    Check.state(validators.isQuorum(power), "a commit certificate holds a quorum");
    decision = value; // line 51
    progress++;
    fx.emit(new Output.Commit(height, value, certificate));
  }

  /** Line 55: f+1 messages from a higher round: StartRound there. */
  private boolean trySkipRound() {
    int target = log.skipTarget();
    if (target <= round) {
      return false;
    }
    startRound(target);
    return true;
  }

  /** Lines 22-33: the first acceptable proposal of this round, while step = propose. */
  private boolean tryPrevoteOnProposal() {
    RoundLog current = log.existing(round);
    if (step != Step.PROPOSE || current == null) {
      return false;
    }
    for (Proposal p : current.proposals()) {
      Validity valid = validity(p.value());
      int vr = p.polRound();
      if (valid == Validity.PENDING || (vr >= 0 && !hasPolka(vr, p.value().id()))) {
        continue; // line 28 also needs 2f+1 ⟨PREVOTE, h_p, vr, id(v)⟩
      }
      boolean free = vr < 0 ? lockedRound() == -1 : lockedRound() <= vr; // lines 23, 29
      boolean accept = valid == Validity.VALID
          && (free || p.value().id().equals(lockedValueId()));
      step = Step.PREVOTE; // lines 27, 33
      progress++;
      castVote(VoteType.PREVOTE, accept ? p.value().id() : null); // lines 24/26, 30/32
      return true;
    }
    return false;
  }

  private boolean hasPolka(int polRound, Hash valueId) {
    RoundLog pol = log.existing(polRound);
    return pol != null && validators.isQuorum(pol.prevotes().power(valueId));
  }

  /** Lines 34-35: 2f+1 prevotes of any kind while step = prevote, the first time. */
  private boolean tryScheduleTimeoutPrevote() {
    RoundLog current = log.existing(round);
    if (step != Step.PREVOTE || current == null || current.prevoteTimeoutScheduled
        || !validators.isQuorum(current.prevotes().anyPower())) {
      return false;
    }
    current.prevoteTimeoutScheduled = true;
    fx.schedule(Timeout.Kind.PREVOTE, height, round);
    return true;
  }

  /**
   * Lines 36-43: a valid proposal with 2f+1 prevotes for it in this round, step >= prevote,
   * the first time: lock and precommit if still at prevote; remember it as the valid value.
   */
  private boolean tryLockOnQuorum() {
    RoundLog current = log.existing(round);
    if (step == Step.PROPOSE || current == null || current.lockRuleFired) {
      return false;
    }
    Hash id = current.prevotes().quorumValue();
    Proposal p = id == null ? null : current.proposal(id);
    if (p == null || validity(p.value()) != Validity.VALID) {
      return false;
    }
    current.lockRuleFired = true;
    if (step == Step.PREVOTE) {
      List<Vote> pol = current.votes(VoteType.PREVOTE).forValue(id);
      lock = new Lock(p, pol); // lines 38-39, with the POL as proof
      Check.state(lock.round() == round, "the lock is of this round");
      step = Step.PRECOMMIT; // line 41
      castVote(VoteType.PRECOMMIT, id); // line 40, persisted with the new lock
    }
    validValue = p.value(); // line 42
    validRound = round; // line 43
    progress++;
    return true;
  }

  /**
   * Lines 42-43 for a round already left: a valid proposal with 2f+1 prevotes in a round
   * above validRound becomes the valid value. The paper updates validValue only in the
   * current round; learning of a polka later is safe (it only changes what this validator
   * proposes, and every prevote for a proposal is still guarded by the voter's own lock and
   * the POL it checks) and needed for liveness. The simulation found a height stuck for good
   * without it: a low-power validator, locked in an old round, whose vote every quorum
   * needed, while no one else remembered that round's polka, so no proposer offered its
   * value again; it was relayed to them, and they now adopt it.
   */
  private boolean tryAdoptNewerPolka() {
    for (RoundLog r : log.rounds()) {
      if (r.round <= validRound || r.round >= round) {
        continue;
      }
      Hash id = r.prevotes().quorumValue();
      Proposal p = id == null ? null : r.proposal(id);
      if (p != null && validity(p.value()) == Validity.VALID) {
        validValue = p.value();
        validRound = r.round;
        progress++;
        return true;
      }
    }
    return false;
  }

  /** Lines 44-46: 2f+1 nil prevotes while step = prevote: precommit nil. */
  private boolean tryPrecommitNil() {
    RoundLog current = log.existing(round);
    if (step != Step.PREVOTE || current == null
        || !validators.isQuorum(current.prevotes().nilPower())) {
      return false;
    }
    step = Step.PRECOMMIT;
    progress++;
    castVote(VoteType.PRECOMMIT, null);
    return true;
  }

  /** Lines 47-48: 2f+1 precommits of any kind in this round, the first time. */
  private boolean tryScheduleTimeoutPrecommit() {
    RoundLog current = log.existing(round);
    if (current == null || current.precommitTimeoutScheduled
        || !validators.isQuorum(current.precommits().anyPower())) {
      return false;
    }
    current.precommitTimeoutScheduled = true;
    fx.schedule(Timeout.Kind.PRECOMMIT, height, round);
    return true;
  }

  private void castVote(VoteType type, Hash valueId) {
    if (self < 0) {
      return; // not a validator at this height: follow the rules, sign nothing
    }
    Vote v = fx.vote(type, height, round, valueId, lock);
    if (v != null) {
      log.round(round).votes(type).add(v, self, validators, limits.conflictingVotesMax());
    }
  }

  // ------------------------------------------------------------------- timeouts, 57-67

  void onTimeout(Timeout t) {
    if (t.kind() == Timeout.Kind.REBROADCAST) {
      onRebroadcastTick();
      return;
    }
    if (t.height() != height || t.round() != round || decided()) {
      return; // lines 58, 62, 66: only the current height and round
    }
    switch (t.kind()) {
      case PROPOSE -> {
        if (step == Step.PROPOSE) { // lines 57-60
          step = Step.PREVOTE;
          progress++;
          castVote(VoteType.PREVOTE, null);
        }
      }
      case PREVOTE -> {
        if (step == Step.PREVOTE) { // lines 61-64
          step = Step.PRECOMMIT;
          progress++;
          castVote(VoteType.PRECOMMIT, null);
        }
      }
      case PRECOMMIT -> startRound(round + 1); // lines 65-67
      default -> throw new IllegalStateException("unhandled timeout " + t);
    }
    evaluate();
  }

  /** Re-sends when stuck since the last tick; the tick re-arms itself. */
  private void onRebroadcastTick() {
    if (!decided() && progress == progressAtLastTick) {
      RoundLog current = log.existing(round);
      List<Proposal> proposals = current == null ? List.of() : current.proposals();
      int[] polRounds = {validRound, lockedRound(), -1, -1};
      for (int i = 0; i < Math.min(2, proposals.size()); i++) {
        polRounds[2 + i] = proposals.get(i).polRound();
      }
      Gossip.resend(log, round, polRounds, self, fx);
    }
    progressAtLastTick = progress;
    fx.schedule(Timeout.Kind.REBROADCAST, height, round);
  }
}
