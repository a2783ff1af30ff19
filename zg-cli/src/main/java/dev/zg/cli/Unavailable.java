package dev.zg.cli;

/** Subcommands that are declared but whose service has not landed yet fail honestly. */
final class Unavailable {
  private Unavailable() {}

  static UserError of(String command, String arrivesWith) {
    return new UserError(command + " is not available in this build yet (it arrives with "
        + arrivesWith + "); see README.md for what works today");
  }
}
