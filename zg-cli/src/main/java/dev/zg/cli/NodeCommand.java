package dev.zg.cli;

import picocli.CommandLine.Command;

@Command(name = "node", mixinStandardHelpOptions = true,
    description = "Run one chain node from a config file.")
final class NodeCommand implements Runnable {
  @Override
  public void run() {
    throw Unavailable.of("zg node", "the chain node");
  }
}
