package dev.zg.consensus;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import java.util.Comparator;
import java.util.Objects;

/**
 * Two votes of one type, height and round from one validator for different values (one may be
 * nil): the double-signing that the chain slashes. The pair is stored in a canonical order
 * (nil first, then by value id) so every node reporting the same equivocation builds equal
 * evidence, which lets a block carry it once.
 */
public record DuplicateVoteEvidence(Vote first, Vote second) implements Evidence {
  private static final Comparator<Hash> NIL_FIRST =
      Comparator.nullsFirst(Comparator.naturalOrder());

  public DuplicateVoteEvidence {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(second, "second");
  }

  /** The canonical pair of two conflicting votes. */
  public static DuplicateVoteEvidence of(Vote a, Vote b) {
    return NIL_FIRST.compare(a.valueId(), b.valueId()) <= 0
        ? new DuplicateVoteEvidence(a, b)
        : new DuplicateVoteEvidence(b, a);
  }

  @Override
  public long height() {
    return first.height();
  }

  @Override
  public Address offender() {
    return first.signer();
  }

  @Override
  public Verification verify(long chainId, ValidatorSet validators, SignatureVerifier verifier) {
    if (first.type() != second.type() || first.height() != second.height()
        || first.round() != second.round()) {
      return Verification.fail("votes are for different type, height or round");
    }
    if (!first.signer().equals(second.signer())) {
      return Verification.fail("votes are from different validators");
    }
    if (NIL_FIRST.compare(first.valueId(), second.valueId()) >= 0) {
      return Verification.fail("votes are not for two values in canonical order");
    }
    if (!validators.contains(first.signer())) {
      return Verification.fail("not a validator: " + first.signer());
    }
    if (!first.verify(chainId, verifier) || !second.verify(chainId, verifier)) {
      return Verification.fail("a signature is not by " + first.signer());
    }
    return Verification.OK;
  }
}
