package dev.zg.cli;

import picocli.CommandLine.Command;

@Command(name = "compute", mixinStandardHelpOptions = true,
    description = "0G Compute marketplace: providers, deposits, chat, fine-tuning.",
    subcommands = {ComputeGenerateCommand.class, ComputeFinetuneCommand.class})
final class ComputeCommand implements Runnable {
  @Override
  public void run() {
    throw Unavailable.of("zg compute", " providers, deposits, chat, fine-tuning.:0G Compute");
  }
}
