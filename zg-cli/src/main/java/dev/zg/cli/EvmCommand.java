package dev.zg.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "evm", mixinStandardHelpOptions = true,
    description = "Run EVM bytecode and Ethereum state tests (Cancun rules).",
    subcommands = {EvmStateTestCommand.class, EvmRunCommand.class})
final class EvmCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
