package dev.zg.consensus;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Secp256k1;
import java.util.Objects;

/**
 * ⟨PREVOTE, h, r, id(v)⟩ or ⟨PRECOMMIT, h, r, id(v)⟩; {@code valueId} null is the paper's nil
 * (a vote for no value).
 */
public record Vote(VoteType type, long height, int round, Hash valueId, Address signer,
    Secp256k1.Signature signature) implements ConsensusMessage {
  public Vote {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(signer, "signer");
    Objects.requireNonNull(signature, "signature");
  }

  public static Vote sign(long chainId, VoteType type, long height, int round, Hash valueId,
      Signer signer) {
    byte[] digest = SigningDigests.vote(chainId, type, height, round, valueId);
    return new Vote(type, height, round, valueId, signer.address(), signer.sign(digest));
  }

  public boolean isNil() {
    return valueId == null;
  }

  @Override
  public Step step() {
    return type.step();
  }

  @Override
  public byte[] signingDigest(long chainId) {
    return SigningDigests.vote(chainId, type, height, round, valueId);
  }

  /** Same signed content (type, height, round, value), whatever the signature bytes. */
  boolean sameContent(Vote other) {
    return type == other.type && height == other.height && round == other.round
        && Objects.equals(valueId, other.valueId);
  }

  @Override
  public String toString() {
    String value = valueId == null ? "nil" : valueId.toHex().substring(0, 10);
    return type + "[h=" + height + " r=" + round + " " + value + " by " + signer + "]";
  }
}
