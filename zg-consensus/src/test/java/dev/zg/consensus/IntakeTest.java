package dev.zg.consensus;

import static dev.zg.consensus.Harness.all;
import static dev.zg.consensus.Harness.rejections;
import static dev.zg.consensus.Harness.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Hash;
import dev.zg.common.Secp256k1;
import dev.zg.consensus.sim.MemoCrypto;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Junk is rejected with a reason and never throws; equivocation becomes evidence. */
class IntakeTest {
  private static final Value A = value("value A");
  private static final Value B = value("value B");

  @Test
  void junkIsRejectedWithAReasonAndChangesNothing() {
    Harness h = new Harness(1, 1, 1, 1);
    int me = h.nonProposer(0);
    h.start(me);
    int proposer = h.proposer(0);
    Proposal good = h.proposal(proposer, 0, A, -1);
    Signer outsider = Signer.of(MemoCrypto.key(99));

    assertThat(rejections(h.receive(new Proposal(1, 0, A, -1, good.signer(),
        new Secp256k1.Signature(BigInteger.TEN, BigInteger.TWO, 0)))))
        .containsExactly(RejectReason.BAD_SIGNATURE);
    assertThat(rejections(h.receive(Vote.sign(Harness.CHAIN_ID, VoteType.PREVOTE, 1, 0, null,
        outsider)))).containsExactly(RejectReason.NOT_A_VALIDATOR);
    assertThat(rejections(h.receive(h.proposal(otherThan(h, me, proposer), 0, A, -1))))
        .containsExactly(RejectReason.WRONG_PROPOSER);
    assertThat(rejections(h.receive(h.proposal(proposer, 0, A, 0))))
        .containsExactly(RejectReason.BAD_POL_ROUND);
    assertThat(rejections(h.receive(Proposal.sign(Harness.CHAIN_ID, 1, 0,
        new Value(B.id(), A.bytes()), -1, h.signers.get(proposer)))))
        .containsExactly(RejectReason.BAD_VALUE);
    Vote signedForA = h.prevote(proposer, 0, A);
    assertThat(rejections(h.receive(new Vote(VoteType.PREVOTE, 1, 0, null,
        signedForA.signer(), signedForA.signature())))) // the signature is for A, not nil
        .containsExactly(RejectReason.BAD_SIGNATURE);
    assertThat(rejections(h.receive(Vote.sign(Harness.CHAIN_ID + 1, VoteType.PREVOTE, 1, 0,
        null, h.signers.get(proposer))))).containsExactly(RejectReason.BAD_SIGNATURE);
    assertThat(h.status().step()).isEqualTo(Step.PROPOSE);
    assertThat(h.status().round()).isZero();
  }

  @Test
  void roundsAndHeightsOutOfRangeAreRejected() {
    Harness h = new Harness(1, 1, 1, 1);
    int me = h.nonProposer(0);
    h.start(me);
    int x = otherThan(h, me);
    assertThat(rejections(h.receive(h.prevote(x, Limits.DEFAULT.roundsAheadMax() + 1, null))))
        .containsExactly(RejectReason.ROUND_TOO_FAR_AHEAD);
    assertThat(rejections(h.receive(new Vote(VoteType.PREVOTE, 1, -1, null,
        h.keys.get(x).address(), h.prevote(x, 0, null).signature()))))
        .containsExactly(RejectReason.BAD_ROUND);
    assertThat(rejections(h.receive(h.vote(x, VoteType.PREVOTE,
        2 + Limits.DEFAULT.heightsAheadMax(), 0, null))))
        .containsExactly(RejectReason.HEIGHT_TOO_FAR_AHEAD);
  }

  @Test
  void duplicatesAreRecognisedBeforeTheSignatureIsChecked() {
    Harness h = new Harness(1, 1, 1, 1);
    int me = h.nonProposer(0);
    h.start(me);
    Vote v = h.prevote(otherThan(h, me), 0, null);
    assertThat(rejections(h.receive(v))).isEmpty();
    assertThat(rejections(h.receive(v))).containsExactly(RejectReason.DUPLICATE);
  }

  @Test
  void inputsBeforeTheFirstHeightAreRejected() {
    Harness h = new Harness(1, 1, 1, 1);
    ConsensusEngine engine = new ConsensusEngine(h.config, h.signers.get(0), h.verifier,
        SigningState.NONE);
    assertThat(rejections(engine.handle(new Input.MessageReceived(h.prevote(1, 0, null)))))
        .containsExactly(RejectReason.NOT_STARTED);
    assertThat(rejections(engine.handle(new Input.ValidityVerdict(1, A.id(), true))))
        .containsExactly(RejectReason.NOT_STARTED);
  }

  @Test
  void equivocationBecomesEvidenceThatAnyoneCanVerify() {
    Harness h = new Harness(1, 1, 1, 1);
    int me = h.nonProposer(0);
    h.start(me);
    int x = otherThan(h, me);
    h.receive(h.prevote(x, 0, A));
    List<Output> out = h.receive(h.prevote(x, 0, B));
    List<Output.EvidenceFound> found = all(out, Output.EvidenceFound.class);
    assertThat(found).hasSize(1);
    Evidence evidence = found.getFirst().evidence();
    assertThat(evidence.offender()).isEqualTo(h.keys.get(x).address());
    assertThat(evidence.verify(Harness.CHAIN_ID, h.set, h.verifier).valid()).isTrue();
    assertThat(evidence.verify(Harness.CHAIN_ID + 1, h.set, h.verifier).valid()).isFalse();
    // The same pair, in either order, is the same evidence; a third vote reports nothing new.
    assertThat(DuplicateVoteEvidence.of(h.prevote(x, 0, B), h.prevote(x, 0, A)))
        .isEqualTo(evidence);
    assertThat(all(h.receive(h.prevote(x, 0, null)), Output.EvidenceFound.class)).isEmpty();
  }

  @Test
  void evidenceOfTwoValidatorsOrOfOneValueDoesNotVerify() {
    Harness h = new Harness(1, 1, 1, 1);
    var twoSigners = new DuplicateVoteEvidence(h.prevote(0, 0, null), h.prevote(1, 0, A));
    assertThat(twoSigners.verify(Harness.CHAIN_ID, h.set, h.verifier).valid()).isFalse();
    var oneValue = new DuplicateVoteEvidence(h.prevote(0, 0, A), h.prevote(0, 0, A));
    assertThat(oneValue.verify(Harness.CHAIN_ID, h.set, h.verifier).valid()).isFalse();
    var twoRounds = DuplicateVoteEvidence.of(h.prevote(0, 0, A), h.prevote(0, 1, B));
    assertThat(twoRounds.verify(Harness.CHAIN_ID, h.set, h.verifier).valid()).isFalse();
  }

  @Test
  void messagesForTheNextHeightWaitForIt() {
    Harness h = new Harness(1, 1, 1, 1);
    int me = h.nonProposer(0);
    h.start(me);
    int x = otherThan(h, me);
    assertThat(rejections(h.receive(h.vote(x, VoteType.PREVOTE, 2, 3, null)))).isEmpty();
    assertThat(h.status().bufferedMessages()).isEqualTo(1);
    int y = otherThan(h, me, x);
    h.receive(h.vote(y, VoteType.PREVOTE, 2, 3, null));
    h.handle(new Input.StartHeight(2, h.set.nextHeight()));
    assertThat(h.status().height()).isEqualTo(2);
    assertThat(h.status().round()).isEqualTo(3); // the replayed votes are f + 1: skip
    assertThat(h.status().bufferedMessages()).isZero();
  }

  @Test
  void aSignedMessageFromAnEarlierHeightTellsThatItsSenderIsBehind() {
    Harness h = new Harness(1, 1, 1, 1);
    h.start(0);
    h.handle(new Input.StartHeight(2, h.set.nextHeight()));
    List<Output> out = h.receive(h.vote(1, VoteType.PREVOTE, 1, 0, null));
    assertThat(all(out, Output.PeerBehind.class))
        .containsExactly(new Output.PeerBehind(h.keys.get(1).address(), 1));
  }

  @Test
  void aCertificateFromBlockSyncDecidesTheHeight() {
    Harness h = new Harness(1, 1, 1, 1);
    int me = h.nonProposer(0);
    h.start(me);
    List<Vote> precommits = List.of(h.precommit(0, 2, A), h.precommit(1, 2, A),
        h.precommit(2, 2, A));
    var certificate = new CommitCertificate(1, 2, A.id(), precommits);
    assertThat(rejections(h.handle(new Input.SyncedCommit(B, certificate))))
        .containsExactly(RejectReason.BAD_CERTIFICATE);
    var tooFew = new CommitCertificate(1, 2, A.id(), precommits.subList(0, 2));
    assertThat(rejections(h.handle(new Input.SyncedCommit(A, tooFew))))
        .containsExactly(RejectReason.BAD_CERTIFICATE);
    List<Output> out = h.handle(new Input.SyncedCommit(A, certificate));
    assertThat(all(out, Output.Commit.class)).singleElement()
        .satisfies(c -> assertThat(c.value()).isEqualTo(A));
  }

  /** Whatever arrives, in any order, the engine answers and never throws. */
  @Property(tries = 200)
  void neverThrowsOnArbitraryMessages(@ForAll @IntRange(min = 0, max = 7) int signer,
      @ForAll @IntRange(min = -2, max = 4) int height, @ForAll @IntRange(min = -3, max = 40)
      int round, @ForAll @IntRange(min = -3, max = 40) int polRound,
      @ForAll @IntRange(min = 0, max = 5) int kind, @ForAll boolean forgeSignature) {
    Harness h = new Harness(1, 2, 3, 4);
    h.start(0);
    Signer s = Signer.of(MemoCrypto.key(signer));
    Value v = value("fuzz " + round);
    long hgt = Math.max(1, height);
    ConsensusMessage m = switch (kind) {
      case 0, 1 -> Proposal.sign(Harness.CHAIN_ID, hgt, Math.max(0, round), v,
          Math.max(-1, polRound), s);
      case 2 -> Vote.sign(Harness.CHAIN_ID, VoteType.PREVOTE, hgt, Math.max(0, round),
          kind == 2 ? v.id() : null, s);
      default -> Vote.sign(Harness.CHAIN_ID, VoteType.PRECOMMIT, hgt, Math.max(0, round),
          null, s);
    };
    if (forgeSignature || round < 0 || height < 1) {
      m = switch (m) {
        case Proposal p -> new Proposal(height, round, v, polRound, p.signer(),
            new Secp256k1.Signature(BigInteger.ONE, BigInteger.ONE, 1));
        case Vote vote -> new Vote(vote.type(), height, round, Hash.keccak(new byte[] {1}),
            vote.signer(), vote.signature());
      };
    }
    h.receive(m);
    h.receive(m);
    h.timeout(Timeout.Kind.PROPOSE, 0);
    assertThat(h.status().height()).isEqualTo(1);
  }

  private static int otherThan(Harness h, int... not) {
    return TendermintRulesTest.otherThan(h, not);
  }
}
