package dev.zg.consensus;

/** The outcome of checking a certificate or evidence: valid, or the first problem found. */
public record Verification(boolean valid, String problem) {
  static final Verification OK = new Verification(true, "");

  static Verification fail(String problem) {
    return new Verification(false, problem);
  }
}
