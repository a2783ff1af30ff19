package dev.zg.consensus;

/**
 * The paper's step_p within a round, in protocol order. It doubles as the kind of message a
 * validator signs at that step (a proposal, a prevote, a precommit), which is how the signing
 * state orders what has been signed.
 */
public enum Step {
  PROPOSE,
  PREVOTE,
  PRECOMMIT
}
