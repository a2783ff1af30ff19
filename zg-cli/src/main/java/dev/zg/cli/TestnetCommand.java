package dev.zg.cli;

import picocli.CommandLine.Command;

@Command(name = "testnet", mixinStandardHelpOptions = true,
    description = "Start N local validator processes for fault tests.")
final class TestnetCommand implements Runnable {
  @Override
  public void run() {
    throw Unavailable.of("zg testnet", "the validator network");
  }
}
