package dev.zg.consensus;

import static dev.zg.consensus.Harness.all;
import static dev.zg.consensus.Harness.timerDelays;
import static dev.zg.consensus.Harness.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.consensus.Timeout.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each rule of Algorithm 1 with hand-built messages, four validators of equal power unless
 * said: a quorum (2f + 1) is 3 of 4, f + 1 is 2.
 */
class TendermintRulesTest {
  private static final Value A = value("value A");
  private static final Value B = value("value B");

  @Test
  void lines14to19TheProposerAsksForAValueThenProposesAndPrevotesIt() {
    Harness h = new Harness(1, 1, 1, 1);
    List<Output> started = h.start(h.proposer(0));
    assertThat(all(started, Output.RequestValue.class))
        .containsExactly(new Output.RequestValue(1, 0));

    List<Output> out = h.handle(new Input.ValueReady(1, 0, A));
    Proposal p = (Proposal) all(out, Output.Broadcast.class).getFirst().message();
    assertThat(p.value()).isEqualTo(A);
    assertThat(p.polRound()).isEqualTo(-1);
    assertThat(h.ownVote(out, VoteType.PREVOTE).valueId()).isEqualTo(A.id());
  }

  @Test
  void eachNewSignatureIsPersistedBeforeItIsBroadcast() {
    Harness h = new Harness(1, 1, 1, 1);
    h.start(h.proposer(0));
    List<Output> out = h.handle(new Input.ValueReady(1, 0, A));
    assertThat(out.subList(0, 4)).extracting(o -> o.getClass().getSimpleName())
        .containsExactly("PersistSigningState", "Broadcast", "PersistSigningState", "Broadcast");
    for (int i = 0; i < 4; i += 2) {
      var persisted = ((Output.PersistSigningState) out.get(i)).state().lastSigned();
      assertThat(((Output.Broadcast) out.get(i + 1)).message()).isEqualTo(persisted);
    }
  }

  @Test
  void lines22to24AValidProposalGetsAPrevoteForIt() {
    Harness h = new Harness(1, 1, 1, 1);
    h.start(h.nonProposer(0));
    List<Output> out = h.receive(h.proposal(h.proposer(0), 0, A, -1));
    assertThat(all(out, Output.ValidateValue.class)).hasSize(1);
    assertThat(h.ownVote(out, VoteType.PREVOTE).valueId()).isEqualTo(A.id());
    assertThat(h.status().step()).isEqualTo(Step.PREVOTE);
  }

  @Test
  void line26AnInvalidProposalGetsANilPrevote() {
    Harness h = new Harness(1, 1, 1, 1);
    h.start(h.nonProposer(0));
    List<Output> out = h.receive(h.proposal(h.proposer(0), 0, value("invalid block"), -1));
    assertThat(h.ownVote(out, VoteType.PREVOTE).isNil()).isTrue();
  }

  @Test
  void noPrevoteBeforeTheHostHasJudgedTheValue() {
    Harness h = new Harness(1, 1, 1, 1);
    h.start(h.nonProposer(0));
    List<Output> out = h.engine.handle(new Input.MessageReceived(h.proposal(h.proposer(0), 0,
        A, -1)));
    assertThat(all(out, Output.ValidateValue.class)).hasSize(1);
    assertThat(h.ownVotes(out, VoteType.PREVOTE)).isEmpty();
    out = h.engine.handle(new Input.ValidityVerdict(1, A.id(), true));
    assertThat(h.ownVote(out, VoteType.PREVOTE).valueId()).isEqualTo(A.id());
  }

  @Test
  void lines57to60NoProposalBeforeTheTimeoutMeansANilPrevote() {
    Harness h = new Harness(1, 1, 1, 1);
    List<Output> started = h.start(h.nonProposer(0));
    assertThat(timerDelays(started, Kind.PROPOSE)).containsExactly(1_000L);
    List<Output> out = h.timeout(Kind.PROPOSE, 0);
    assertThat(h.ownVote(out, VoteType.PREVOTE).isNil()).isTrue();
    assertThat(h.timeout(Kind.PROPOSE, 0)).isEmpty(); // line 58: only while step = propose
  }

  @Test
  void lines36to43AQuorumOfPrevotesLocksAndPrecommits() {
    Harness h = new Harness(1, 1, 1, 1);
    int me = h.nonProposer(0);
    h.start(me);
    int proposer = h.proposer(0);
    h.receive(h.proposal(proposer, 0, A, -1));
    List<Output> out = h.receive(h.prevote(proposer, 0, A));
    assertThat(h.ownVotes(out, VoteType.PRECOMMIT)).isEmpty(); // 2 of 4 is not a quorum
    out = h.receive(h.prevote(otherThan(h, me, proposer), 0, A));
    assertThat(h.ownVote(out, VoteType.PRECOMMIT).valueId()).isEqualTo(A.id());
    var status = h.status();
    assertThat(status.lockedRound()).isZero();
    assertThat(status.lockedValueId()).isEqualTo(A.id());
    assertThat(status.validRound()).isZero();
    var persisted = all(out, Output.PersistSigningState.class).getLast().state();
    assertThat(persisted.lock().valueId()).isEqualTo(A.id());
    assertThat(persisted.lock().verify(Harness.CHAIN_ID, h.set, h.verifier).valid()).isTrue();
  }

  @Test
  void line23ALockedValidatorPrevotesNilForAnotherValueAndItsLockedValueAgain() {
    Harness h = new Harness(1, 1, 1, 1);
    int me = h.nonProposer(0, 1, 2);
    lockOnAInRound0(h, me);
    moveToRound1ByPrecommitTimeout(h, me);
    List<Output> out = h.receive(h.proposal(h.proposer(1), 1, B, -1));
    assertThat(h.ownVote(out, VoteType.PREVOTE).isNil()).isTrue();

    Harness again = new Harness(1, 1, 1, 1);
    lockOnAInRound0(again, me);
    moveToRound1ByPrecommitTimeout(again, me);
    out = again.receive(again.proposal(again.proposer(1), 1, A, -1));
    assertThat(again.ownVote(out, VoteType.PREVOTE).valueId()).isEqualTo(A.id());
  }

  @Test
  void lines28to30APolFromALaterRoundUnlocks() {
    Harness h = new Harness(1, 1, 1, 1);
    int me = h.nonProposer(0, 1, 2);
    lockOnAInRound0(h, me);
    // A polka for B in round 1 (three prevotes; f + 1 of them also move us to round 1).
    h.receive(h.votesFromOthers(VoteType.PREVOTE, 1, B, me));
    assertThat(h.status().round()).isEqualTo(1);
    // Round 2: B again with POL round 1; a second round-2 message moves us there.
    h.receive(h.proposal(h.proposer(2), 2, B, 1));
    List<Output> out = h.receive(h.prevote(otherThan(h, me, h.proposer(2)), 2, null));
    assertThat(h.status().round()).isEqualTo(2);
    assertThat(h.ownVote(out, VoteType.PREVOTE).valueId()).isEqualTo(B.id());
  }

  @Test
  void line29APolFromBeforeTheLockDoesNotUnlock() {
    Harness h = new Harness(1, 1, 1, 1);
    int me = h.nonProposer(0, 1, 2);
    h.start(me);
    // Round 0: a polka for B, but we never saw B proposed, so we do not lock.
    h.receive(h.votesFromOthers(VoteType.PREVOTE, 0, B, me));
    h.timeout(Kind.PROPOSE, 0);
    // Round 1: A proposed, prevoted by all: we lock on A in round 1.
    h.receive(h.proposal(h.proposer(1), 1, A, -1));
    h.receive(h.votesFromOthers(VoteType.PREVOTE, 1, A, me));
    assertThat(h.status().lockedRound()).isEqualTo(1);
    // Round 2: B with POL round 0 < lockedRound 1: nil.
    h.receive(h.proposal(h.proposer(2), 2, B, 0));
    List<Output> out = h.receive(h.prevote(otherThan(h, me, h.proposer(2)), 2, null));
    assertThat(h.status().round()).isEqualTo(2);
    assertThat(h.ownVote(out, VoteType.PREVOTE).isNil()).isTrue();
  }

  @Test
  void line28WaitsForThePolBeforePrevoting() {
    Harness h = new Harness(1, 1, 1, 1);
    int me = h.nonProposer(0, 1);
    h.start(me);
    h.receive(h.prevote(h.proposer(1), 1, null), h.prevote(otherThan(h, me, h.proposer(1)), 1,
        null));
    assertThat(h.status().round()).isEqualTo(1);
    List<Output> out = h.receive(h.proposal(h.proposer(1), 1, B, 0));
    assertThat(h.ownVotes(out, VoteType.PREVOTE)).isEmpty(); // no polka for B in round 0 yet
    out = h.receive(h.votesFromOthers(VoteType.PREVOTE, 0, B, me));
    assertThat(h.ownVote(out, VoteType.PREVOTE).valueId()).isEqualTo(B.id());
  }

  @Test
  void lines34to35And61to64MixedPrevotesStartThePrevoteTimeoutWhichPrecommitsNil() {
    Harness h = new Harness(1, 1, 1, 1);
    int me = h.nonProposer(0);
    int proposer = h.proposer(0);
    h.start(me);
    h.receive(h.proposal(proposer, 0, A, -1));
    List<Output> out = h.receive(h.prevote(proposer, 0, B),
        h.prevote(otherThan(h, me, proposer), 0, null));
    assertThat(timerDelays(out, Kind.PREVOTE)).containsExactly(500L);
    assertThat(h.ownVotes(out, VoteType.PRECOMMIT)).isEmpty();
    out = h.timeout(Kind.PREVOTE, 0);
    assertThat(h.ownVote(out, VoteType.PRECOMMIT).isNil()).isTrue();
    assertThat(h.status().lockedRound()).isEqualTo(-1);
  }

  @Test
  void lines44to46AQuorumOfNilPrevotesPrecommitsNil() {
    Harness h = new Harness(1, 1, 1, 1);
    int me = h.nonProposer(0);
    h.start(me);
    h.timeout(Kind.PROPOSE, 0);
    List<Output> out = h.receive(h.votesFromOthers(VoteType.PREVOTE, 0, null, me,
        h.proposer(0)));
    assertThat(h.ownVote(out, VoteType.PRECOMMIT).isNil()).isTrue();
  }

  @Test
  void lines47to48And65to67PrecommitsOfAnyKindStartTheTimeoutThenTheNextRound() {
    Harness h = new Harness(1, 1, 1, 1);
    int me = h.nonProposer(0);
    h.start(me);
    h.timeout(Kind.PROPOSE, 0);
    h.receive(h.votesFromOthers(VoteType.PREVOTE, 0, null, me, h.proposer(0)));
    List<Output> out = h.receive(h.precommit(h.proposer(0), 0, A),
        h.precommit(otherThan(h, me, h.proposer(0)), 0, null));
    assertThat(timerDelays(out, Kind.PRECOMMIT)).containsExactly(500L);
    out = h.timeout(Kind.PRECOMMIT, 0);
    assertThat(h.status().round()).isEqualTo(1);
    assertThat(h.status().step()).isEqualTo(Step.PROPOSE);
    assertThat(timerDelays(out, Kind.PROPOSE)).containsExactly(1_100L); // grows per round
  }

  @Test
  void lines49to54AProposalAndAQuorumOfPrecommitsCommitWithACertificate() {
    Harness h = new Harness(1, 1, 1, 1);
    int me = h.nonProposer(0);
    lockOnAInRound0(h, me);
    List<Output> out = h.receive(h.votesFromOthers(VoteType.PRECOMMIT, 0, A, me,
        h.proposer(0)));
    Output.Commit commit = all(out, Output.Commit.class).getFirst();
    assertThat(commit.height()).isEqualTo(1);
    assertThat(commit.value()).isEqualTo(A);
    assertThat(commit.certificate().precommits()).hasSize(3);
    assertThat(commit.certificate().verify(Harness.CHAIN_ID, h.set, h.verifier).valid())
        .isTrue();
    assertThat(h.status().decided()).isTrue();
    assertThat(h.receive(h.precommit(h.proposer(0), 0, A))).extracting(Object::getClass)
        .doesNotContain(Output.Commit.class); // final: decided once
  }

  @Test
  void line49CommitsARoundItHasAlreadyLeft() {
    Harness h = new Harness(1, 1, 1, 1);
    int me = h.nonProposer(0, 1);
    h.start(me);
    h.receive(h.prevote(h.proposer(1), 1, null), h.prevote(otherThan(h, me, h.proposer(1)), 1,
        null));
    assertThat(h.status().round()).isEqualTo(1);
    h.receive(h.proposal(h.proposer(0), 0, A, -1));
    List<Output> out = h.receive(h.votesFromOthers(VoteType.PRECOMMIT, 0, A, me));
    Output.Commit commit = all(out, Output.Commit.class).getFirst();
    assertThat(commit.certificate().round()).isZero();
  }

  @Test
  void line55FPlusOneFromAHigherRoundSkipsThereButFOrLessDoesNot() {
    Harness h = new Harness(1, 1, 1, 1);
    int me = h.nonProposer(0);
    h.start(me);
    int x = otherThan(h, me);
    h.receive(h.prevote(x, 3, null));
    assertThat(h.status().round()).isZero(); // power 1 of 4 is not more than 1/3
    h.receive(h.precommit(otherThan(h, me, x), 5, null));
    assertThat(h.status().round()).isEqualTo(3); // 2 of 4 at round 3 or later

    Harness weighted = new Harness(1, 1, 1, 5);
    weighted.start(0);
    weighted.receive(weighted.prevote(3, 4, null));
    assertThat(weighted.status().round()).isEqualTo(4); // 5 of 8 alone
  }

  @Test
  void lines15to16TheProposerReproposesItsValidValueWithItsRound() {
    Harness h = new Harness(1, 1, 1, 1);
    int me = h.proposer(1);
    Check.state(me != h.proposer(0), "rotation gives round 1 to another validator");
    lockOnAInRound0(h, me);
    List<Output> out = moveToRound1ByPrecommitTimeout(h, me);
    assertThat(all(out, Output.RequestValue.class)).isEmpty();
    Proposal p = all(out, Output.Broadcast.class).stream().map(Output.Broadcast::message)
        .filter(Proposal.class::isInstance).map(Proposal.class::cast).findFirst().orElseThrow();
    assertThat(p.value()).isEqualTo(A);
    assertThat(p.polRound()).isZero();
  }

  @Test
  void line36UpdatesTheValidValueEvenAfterPrecommittingNil() {
    Harness h = new Harness(1, 1, 1, 1);
    int me = h.nonProposer(0);
    h.start(me);
    h.timeout(Kind.PROPOSE, 0); // our prevote: nil
    int[] others = othersThan(h, me);
    h.receive(h.prevote(others[0], 0, A), h.prevote(others[1], 0, A));
    List<Output> out = h.timeout(Kind.PREVOTE, 0);
    assertThat(h.ownVote(out, VoteType.PRECOMMIT).isNil()).isTrue();
    h.receive(h.prevote(others[2], 0, A), h.proposal(h.proposer(0), 0, A, -1));
    assertThat(h.status().validRound()).isZero();
    assertThat(h.status().lockedRound()).isEqualTo(-1); // no lock: we did not precommit A
  }

  @Test
  void lines42to43ExtendedAPolkaLearnedAfterLeavingItsRoundBecomesTheValidValue() {
    Harness h = new Harness(1, 1, 1, 1);
    int me = h.proposer(2);
    Check.state(me != h.proposer(0) && me != h.proposer(1), "rotation: three proposers");
    h.start(me);
    h.receive(h.proposal(h.proposer(0), 0, A, -1));
    int[] others = othersThan(h, me);
    h.receive(h.prevote(others[0], 1, null), h.prevote(others[1], 1, null)); // skip to 1
    assertThat(h.status().round()).isEqualTo(1);
    h.receive(h.votesFromOthers(VoteType.PREVOTE, 0, A, me)); // round 0's polka, late
    assertThat(h.status().validRound()).isZero();
    assertThat(h.status().lockedRound()).isEqualTo(-1); // learning a polka never locks
    List<Output> out = h.receive(h.prevote(others[0], 2, null), h.prevote(others[1], 2, null));
    Proposal p = all(out, Output.Broadcast.class).stream().map(Output.Broadcast::message)
        .filter(Proposal.class::isInstance).map(Proposal.class::cast).findFirst().orElseThrow();
    assertThat(p.value()).isEqualTo(A);
    assertThat(p.polRound()).isZero();
  }

  @Test
  void aRelayedPolkaFromBelowTheKeptWindowIsStillLearned() {
    Limits narrow = new Limits(2, 10, 1, 2, 2, 1 << 20, 32);
    Harness h = new Harness(narrow, 1, 1, 1, 1);
    int me = h.nonProposer(0);
    h.start(me);
    int[] others = othersThan(h, me);
    h.receive(h.prevote(others[0], 5, null), h.prevote(others[1], 5, null));
    assertThat(h.status().round()).isEqualTo(5); // round 0 is now below the window
    h.receive(h.votesFromOthers(VoteType.PREVOTE, 0, A, me)); // refused: nothing pins it
    assertThat(h.status().validRound()).isEqualTo(-1);
    h.receive(h.proposal(h.proposer(0), 0, A, -1)); // relayed by a node locked on A
    h.receive(h.votesFromOthers(VoteType.PREVOTE, 0, A, me));
    assertThat(h.status().validRound()).isZero();
  }

  @Test
  void quorumsWeighPowerNotHeads() {
    Harness h = new Harness(1, 1, 1, 5);
    h.start(0);
    int proposer = h.proposer(0);
    if (proposer != 0) {
      h.receive(h.proposal(proposer, 0, A, -1));
    } else {
      h.handle(new Input.ValueReady(1, 0, A));
    }
    // Validators 1 and 2 (and us): power 3 of 8, not a quorum.
    List<Output> out = h.receive(h.prevote(1, 0, A), h.prevote(2, 0, A));
    assertThat(h.ownVotes(out, VoteType.PRECOMMIT)).isEmpty();
    out = h.receive(h.prevote(3, 0, A)); // 8 of 8
    assertThat(h.ownVote(out, VoteType.PRECOMMIT).valueId()).isEqualTo(A.id());
    out = h.receive(h.precommit(3, 0, A)); // 5 + our 1 = 6 of 8 > 2/3
    assertThat(all(out, Output.Commit.class)).hasSize(1);
  }

  // --------------------------------------------------------------------------- helpers

  /** Starts {@code me} and locks it on A in round 0 (proposal and three prevotes). */
  static void lockOnAInRound0(Harness h, int me) {
    h.start(me);
    int proposer = h.proposer(0);
    if (proposer == me) {
      h.handle(new Input.ValueReady(1, 0, A));
    } else {
      h.receive(h.proposal(proposer, 0, A, -1));
    }
    h.receive(h.votesFromOthers(VoteType.PREVOTE, 0, A, me, proposer));
    Check.state(h.status().lockedRound() == 0, "locked in round 0");
  }

  /** Nil precommits from two others (2f + 1 with ours), then the precommit timeout. */
  static List<Output> moveToRound1ByPrecommitTimeout(Harness h, int me) {
    int[] others = othersThan(h, me);
    h.receive(h.precommit(others[0], 0, null), h.precommit(others[1], 0, null));
    List<Output> out = h.timeout(Kind.PRECOMMIT, 0);
    Check.state(h.status().round() == 1, "in round 1");
    return out;
  }

  static int otherThan(Harness h, int... not) {
    return othersThan(h, not)[0];
  }

  static int[] othersThan(Harness h, int... not) {
    return java.util.stream.IntStream.range(0, h.keys.size())
        .filter(i -> java.util.Arrays.stream(not).noneMatch(n -> n == i)).toArray();
  }
}
