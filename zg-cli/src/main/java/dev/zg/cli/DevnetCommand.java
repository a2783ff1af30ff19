package dev.zg.cli;

import picocli.CommandLine.Command;

@Command(name = "devnet", mixinStandardHelpOptions = true,
    description = "Run the whole stack (chain, storage, DA, compute) in one process on loopback.")
final class DevnetCommand implements Runnable {
  @Override
  public void run() {
    throw Unavailable.of("zg devnet", "the chain node");
  }
}
