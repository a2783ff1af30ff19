package dev.zg.consensus;

import dev.zg.common.Address;

/**
 * Proof of misbehaviour that anyone can check with the validator set of its height, to be
 * carried in blocks and slashed by the chain. Downtime is not evidence: it is read from the
 * commit certificates.
 */
public sealed interface Evidence permits DuplicateVoteEvidence {
  long height();

  Address offender();

  Verification verify(long chainId, ValidatorSet validators, SignatureVerifier verifier);
}
