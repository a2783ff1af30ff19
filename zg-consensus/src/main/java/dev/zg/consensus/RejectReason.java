package dev.zg.consensus;

/** Why an input was dropped. None of these is an error of the engine. */
public enum RejectReason {
  /** The engine has not been given a height yet. */
  NOT_STARTED,
  /** A duplicate of a message already counted (common on gossip networks). */
  DUPLICATE,
  /** The signer is not in the validator set. */
  NOT_A_VALIDATOR,
  /** The signature does not recover to the claimed signer. */
  BAD_SIGNATURE,
  /** A proposal from a validator that is not the round's proposer. */
  WRONG_PROPOSER,
  /** A proposal whose POL round is not in [-1, round). */
  BAD_POL_ROUND,
  /** A height below 1. */
  BAD_HEIGHT,
  /** A round below 0 or above {@link Limits#ROUND_MAX}. */
  BAD_ROUND,
  /** The value's id is not the id of its bytes, or the bytes are not a value. */
  BAD_VALUE,
  /** The value is larger than {@link Limits#valueBytesMax()}. */
  VALUE_TOO_LARGE,
  /** A height already decided or passed. */
  OLD_HEIGHT,
  /** A height further ahead than {@link Limits#heightsAheadMax()}. */
  HEIGHT_TOO_FAR_AHEAD,
  /** A round further ahead than {@link Limits#roundsAheadMax()} (still counted for skips). */
  ROUND_TOO_FAR_AHEAD,
  /** A round older than the kept window. */
  ROUND_TOO_OLD,
  /** The future-height buffer for this signer and height is full. */
  BUFFER_FULL,
  /** More distinct proposals for a round than {@link Limits#proposalsPerRoundMax()}. */
  TOO_MANY_PROPOSALS,
  /** A second, different vote of the same kind and round (reported as evidence). */
  EQUIVOCATION,
  /** A commit certificate or synced value that does not verify. */
  BAD_CERTIFICATE,
  /** An answer (value, verdict, timeout) for a height, round or step that has passed. */
  STALE,
  /** The signing state forbids signing this (it would conflict with a signed message). */
  SIGNING_REFUSED
}
