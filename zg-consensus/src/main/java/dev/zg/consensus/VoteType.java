package dev.zg.consensus;

/** The two votes of a round. The code is part of the signed bytes, distinct per message kind. */
public enum VoteType {
  PREVOTE(2, Step.PREVOTE),
  PRECOMMIT(3, Step.PRECOMMIT);

  private final int code;
  private final Step step;

  VoteType(int code, Step step) {
    this.code = code;
    this.step = step;
  }

  /** The message-kind code in signing digests and encodings (1 is the proposal). */
  public int code() {
    return code;
  }

  public Step step() {
    return step;
  }

  static VoteType fromCode(int code) {
    return switch (code) {
      case 2 -> PREVOTE;
      case 3 -> PRECOMMIT;
      default -> null;
    };
  }
}
