package dev.zg.cli;

/** Ends a command with an exit status after it has already printed everything it needs to. */
final class QuietExit extends RuntimeException {
  final int status;

  QuietExit(int status) {
    super(null, null, false, false);
    this.status = status;
  }
}
