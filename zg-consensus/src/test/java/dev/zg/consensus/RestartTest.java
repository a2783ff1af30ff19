package dev.zg.consensus;

import static dev.zg.consensus.Harness.all;
import static dev.zg.consensus.Harness.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.consensus.Timeout.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A restarted validator resumes from its persisted signing state and never double-signs. */
class RestartTest {
  private static final Value A = value("value A");
  private static final Value B = value("value B");

  /** The state the host persisted last, as the engine asked. */
  private static SigningState persisted(List<Output> outputs, SigningState before) {
    List<Output.PersistSigningState> p = all(outputs, Output.PersistSigningState.class);
    return p.isEmpty() ? before : p.getLast().state();
  }

  @Test
  void afterARestartItResendsItsPrevoteAndNeverSignsAnotherInThatRound() {
    Harness h = new Harness(1, 1, 1, 1);
    int me = h.nonProposer(0);
    h.start(me);
    SigningState disk = persisted(h.timeout(Kind.PROPOSE, 0), SigningState.NONE); // nil
    assertThat(disk.step()).isEqualTo(Step.PREVOTE);

    List<Output> restarted = h.start(me, MessageCodec.decodeSigningState(
        MessageCodec.encode(disk)).value());
    assertThat(h.ownVote(restarted, VoteType.PREVOTE)).isEqualTo(disk.lastSigned());
    assertThat(all(restarted, Output.PersistSigningState.class)).isEmpty();
    assertThat(h.status().step()).isEqualTo(Step.PREVOTE);
    // The proposal now arrives: a fresh validator would prevote A; this one must not.
    List<Output> out = h.receive(h.proposal(h.proposer(0), 0, A, -1));
    assertThat(h.ownVotes(out, VoteType.PREVOTE)).isEmpty();
  }

  @Test
  void aRestartedValidatorKeepsItsLockAndItsProof() {
    Harness h = new Harness(1, 1, 1, 1);
    int me = h.nonProposer(0, 1);
    TendermintRulesTest.lockOnAInRound0(h, me);
    SigningState disk = h.engine.signingState();
    assertThat(disk.lockedRound()).isZero();

    List<Output> restarted = h.start(me, disk);
    assertThat(h.status().lockedRound()).isZero();
    assertThat(h.status().validRound()).isZero();
    assertThat(h.ownVote(restarted, VoteType.PRECOMMIT).valueId()).isEqualTo(A.id());
    TendermintRulesTest.moveToRound1ByPrecommitTimeout(h, me);
    List<Output> out = h.receive(h.proposal(h.proposer(1), 1, B, -1));
    assertThat(h.ownVote(out, VoteType.PREVOTE).isNil()).isTrue();
  }

  @Test
  void aRestartedProposerResendsItsProposalInsteadOfMakingAnother() {
    Harness h = new Harness(1, 1, 1, 1);
    int me = h.proposer(0);
    h.start(me);
    List<Output> proposed = h.engine.handle(new Input.ValueReady(1, 0, A));
    SigningState afterProposal = all(proposed, Output.PersistSigningState.class).getFirst()
        .state(); // crashed before the prevote's persist completed
    List<Output> restarted = h.start(me, afterProposal);
    assertThat(all(restarted, Output.RequestValue.class)).isEmpty();
    Proposal resent = (Proposal) all(restarted, Output.Broadcast.class).getFirst().message();
    assertThat(resent).isEqualTo(afterProposal.lastSigned());
    assertThat(h.ownVote(restarted, VoteType.PREVOTE).valueId()).isEqualTo(A.id());
  }

  @Test
  void aHostAppliesOutputsInOrderSoPersistPrecedesBroadcast() {
    Harness h = new Harness(1, 1, 1, 1);
    h.start(h.proposer(0));
    List<String> calls = new java.util.ArrayList<>();
    ConsensusHost host = new ConsensusHost() {
      @Override
      public void persist(SigningState state) {
        calls.add("persist " + state.step());
      }

      @Override
      public void broadcast(ConsensusMessage message) {
        calls.add("broadcast " + message.step());
      }

      @Override
      public void schedule(Timeout timeout, long delayMillis) {}

      @Override
      public void requestValue(long height, int round) {}

      @Override
      public void validate(long height, Value value) {}

      @Override
      public void commit(long height, Value value, CommitCertificate certificate) {}
    };
    ConsensusHost.apply(h.engine.handle(new Input.ValueReady(1, 0, A)), host);
    assertThat(calls).containsExactly("persist PROPOSE", "broadcast PROPOSE",
        "persist PREVOTE", "broadcast PREVOTE");
  }

  @Test
  void theSigningStateOfAnotherValidatorOrAnotherChainIsRefused() {
    Harness h = new Harness(1, 1, 1, 1);
    h.start(0);
    SigningState disk = persisted(h.timeout(Kind.PROPOSE, 0), SigningState.NONE);
    assertThatThrownBy(() -> new ConsensusEngine(h.config, h.signers.get(1), h.verifier, disk))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another validator");
    EngineConfig otherChain = new EngineConfig(Harness.CHAIN_ID + 1, Harness.TIMEOUTS,
        Limits.DEFAULT, ValueIdFunction.keccak());
    assertThatThrownBy(() -> new ConsensusEngine(otherChain, h.signers.get(0), h.verifier,
        disk)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theGuardRefusesAnythingAtOrBeforeTheLastSignedPosition() {
    Harness h = new Harness(1, 1, 1, 1);
    Vote precommitRound2 = h.precommit(0, 2, null);
    SignGuard guard = new SignGuard(new SigningState(List.of(precommitRound2), null), 10);
    assertThat(guard.mayNewlySign(1, 2, Step.PRECOMMIT)).isFalse();
    assertThat(guard.mayNewlySign(1, 2, Step.PREVOTE)).isFalse();
    assertThat(guard.mayNewlySign(1, 1, Step.PRECOMMIT)).isFalse();
    assertThat(guard.mayNewlySign(1, 3, Step.PROPOSE)).isTrue();
    assertThat(guard.mayNewlySign(2, 0, Step.PROPOSE)).isTrue();
    assertThat(guard.signedAt(1, 2, Step.PRECOMMIT)).isEqualTo(precommitRound2);
  }

  @Test
  void theKeptMessagesAreOfOneHeightAndRecentRounds() {
    Harness h = new Harness(1, 1, 1, 1);
    SignGuard guard = new SignGuard(SigningState.NONE, 2);
    for (int r = 0; r < 6; r++) {
      guard.record(h.prevote(0, r, null), null);
      guard.record(h.precommit(0, r, null), null);
    }
    assertThat(guard.state().signed()).extracting(ConsensusMessage::round)
        .containsExactly(3, 3, 4, 4, 5, 5);
    guard.record(h.vote(0, VoteType.PREVOTE, 2, 0, null), null);
    assertThat(guard.state().signed()).hasSize(1);
  }
}
