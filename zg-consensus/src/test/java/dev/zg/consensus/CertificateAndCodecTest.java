package dev.zg.consensus;

import static dev.zg.consensus.Harness.value;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CertificateAndCodecTest {
  private static final Value A = value("value A");

  @Test
  void aCertificateNeedsDistinctMembersPrecommittingOneValueWithQuorumPower() {
    Harness h = new Harness(1, 1, 1, 1);
    var ok = new CommitCertificate(1, 0, A.id(), List.of(h.precommit(0, 0, A),
        h.precommit(1, 0, A), h.precommit(2, 0, A)));
    assertThat(ok.verify(Harness.CHAIN_ID, h.set, h.verifier).valid()).isTrue();

    assertProblem(h, new CommitCertificate(1, 0, A.id(), List.of(h.precommit(0, 0, A),
        h.precommit(1, 0, A))), "not more than 2/3");
    assertProblem(h, new CommitCertificate(1, 0, A.id(), List.of(h.precommit(0, 0, A),
        h.precommit(1, 0, A), h.precommit(1, 0, A))), "two precommits");
    assertProblem(h, new CommitCertificate(1, 0, A.id(), List.of(h.precommit(0, 0, A),
        h.precommit(1, 0, A), h.prevote(2, 0, A))), "something else");
    assertProblem(h, new CommitCertificate(1, 0, A.id(), List.of(h.precommit(0, 0, A),
        h.precommit(1, 0, A), h.precommit(2, 1, A))), "something else");
    Harness outsiders = new Harness(1, 1, 1, 1, 1, 1);
    assertProblem(h, new CommitCertificate(1, 0, A.id(), List.of(h.precommit(0, 0, A),
        h.precommit(1, 0, A), outsiders.precommit(5, 0, A))), "not a validator");
    Vote forged = new Vote(VoteType.PRECOMMIT, 1, 0, A.id(), h.keys.get(2).address(),
        h.precommit(1, 0, A).signature());
    assertProblem(h, new CommitCertificate(1, 0, A.id(), List.of(h.precommit(0, 0, A),
        h.precommit(1, 0, A), forged)), "bad signature");
  }

  private static void assertProblem(Harness h, CommitCertificate c, String problem) {
    Verification v = c.verify(Harness.CHAIN_ID, h.set, h.verifier);
    assertThat(v.valid()).isFalse();
    assertThat(v.problem()).contains(problem);
  }

  @Test
  void everythingRoundTripsThroughItsEncoding() {
    Harness h = new Harness(1, 1, 1, 1);
    Proposal p = h.proposal(0, 3, A, 1);
    Vote nil = h.prevote(1, 2, null);
    Vote forA = h.precommit(2, 2, A);
    assertThat(MessageCodec.decodeMessage(MessageCodec.encode(p)).value()).isEqualTo(p);
    assertThat(MessageCodec.decodeMessage(MessageCodec.encode(nil)).value()).isEqualTo(nil);
    assertThat(MessageCodec.decodeMessage(MessageCodec.encode(forA)).value()).isEqualTo(forA);

    var cert = new CommitCertificate(1, 2, A.id(), List.of(forA, h.precommit(0, 2, A)));
    assertThat(MessageCodec.decodeCertificate(MessageCodec.encode(cert)).value())
        .isEqualTo(cert);
    var evidence = DuplicateVoteEvidence.of(h.prevote(1, 2, A), nil);
    assertThat(MessageCodec.decodeEvidence(MessageCodec.encode(evidence)).value())
        .isEqualTo(evidence);

    Proposal locked = h.proposal(h.proposer(0), 0, A, -1);
    Lock lock = new Lock(locked, List.of(h.prevote(0, 0, A), h.prevote(1, 0, A),
        h.prevote(2, 0, A)));
    var state = new SigningState(List.of(h.prevote(0, 0, A), h.precommit(0, 0, A)), lock);
    assertThat(MessageCodec.decodeSigningState(MessageCodec.encode(state)).value())
        .isEqualTo(state);
    assertThat(MessageCodec.decodeSigningState(MessageCodec.encode(SigningState.NONE)).value())
        .isEqualTo(SigningState.NONE);
  }

  @Test
  void signaturesAreDomainSeparated() {
    var id = A.id();
    byte[] prevote = SigningDigests.vote(1, VoteType.PREVOTE, 5, 0, id);
    assertThat(prevote).isNotEqualTo(SigningDigests.vote(1, VoteType.PRECOMMIT, 5, 0, id));
    assertThat(prevote).isNotEqualTo(SigningDigests.vote(2, VoteType.PREVOTE, 5, 0, id));
    assertThat(prevote).isNotEqualTo(SigningDigests.vote(1, VoteType.PREVOTE, 5, 0, null));
    assertThat(prevote).isNotEqualTo(SigningDigests.proposal(1, 5, 0, id, -1));
    assertThat(SigningDigests.proposal(1, 5, 1, id, -1))
        .isNotEqualTo(SigningDigests.proposal(1, 5, 1, id, 0));
  }

  /** Bytes from a peer or a damaged disk decode to a value or a problem, never an exception. */
  @Property(tries = 500)
  void decodingGarbageNeverThrows(@ForAll byte[] garbage) {
    assertThat(MessageCodec.decodeMessage(garbage).ok()).isFalse();
    assertThat(MessageCodec.decodeCertificate(garbage).problem()).isNotNull();
    assertThat(MessageCodec.decodeEvidence(garbage).problem()).isNotNull();
    assertThat(MessageCodec.decodeSigningState(garbage).problem()).isNotNull();
  }

  @Test
  void truncatedAndAlteredEncodingsAreProblemsNotExceptions() {
    Harness h = new Harness(1, 1, 1, 1);
    byte[] encoded = MessageCodec.encode(h.proposal(0, 3, A, 1));
    for (int cut = 0; cut < encoded.length; cut++) {
      assertThat(MessageCodec.decodeMessage(java.util.Arrays.copyOf(encoded, cut)).ok())
          .isFalse();
    }
    for (int i = 0; i < encoded.length; i++) {
      byte[] altered = encoded.clone();
      altered[i] ^= (byte) 0x41;
      MessageCodec.decodeMessage(altered); // any outcome but an exception
    }
  }
}
