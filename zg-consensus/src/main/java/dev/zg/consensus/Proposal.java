package dev.zg.consensus;

import dev.zg.common.Address;
import dev.zg.common.Secp256k1;
import java.util.Objects;

/**
 * ⟨PROPOSAL, h, r, v, vr⟩ (paper lines 19, 22, 28): the proposer's value for a round and its
 * POL round {@code polRound} (vr), the round in which the value got a quorum of prevotes, or
 * -1. The signature covers the value's id, which commits to its bytes.
 */
public record Proposal(long height, int round, Value value, int polRound, Address signer,
    Secp256k1.Signature signature) implements ConsensusMessage {
  public Proposal {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(signature, "signature");
  }

  public static Proposal sign(long chainId, long height, int round, Value value, int polRound,
      Signer signer) {
    byte[] digest = SigningDigests.proposal(chainId, height, round, value.id(), polRound);
    return new Proposal(height, round, value, polRound, signer.address(), signer.sign(digest));
  }

  @Override
  public Step step() {
    return Step.PROPOSE;
  }

  @Override
  public byte[] signingDigest(long chainId) {
    return SigningDigests.proposal(chainId, height, round, value.id(), polRound);
  }

  @Override
  public String toString() {
    return "Proposal[h=" + height + " r=" + round + " " + value + " pol=" + polRound + " by "
        + signer + "]";
  }
}
