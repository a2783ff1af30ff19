package dev.zg.consensus;

import dev.zg.common.Address;
import dev.zg.common.Secp256k1;

/** A signed message between validators: the paper's PROPOSAL, PREVOTE and PRECOMMIT. */
public sealed interface ConsensusMessage permits Proposal, Vote {
  long height();

  int round();

  /** The validator that claims to have signed; checked against the signature. */
  Address signer();

  Secp256k1.Signature signature();

  /** The step at which a validator signs this kind of message. */
  Step step();

  /** The 32-byte digest the signature covers. */
  byte[] signingDigest(long chainId);

  /** True when the signature is by {@link #signer()} over this message on {@code chainId}. */
  default boolean verify(long chainId, SignatureVerifier verifier) {
    return verifier.signedBy(signingDigest(chainId), signature(), signer());
  }
}
