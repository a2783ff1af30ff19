package dev.zg.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root {@code zg} command: global options and the list of subcommands. */
@Command(
    name = "zg",
    mixinStandardHelpOptions = true,
    versionProvider = ZgCommand.Version.class,
    description = "zg: the 0G decentralized-AI stack (chain, storage, DA, compute) in one binary.",
    subcommands = {
      DevnetCommand.class,
      NodeCommand.class,
      TestnetCommand.class,
      EvmCommand.class,
      StorageCommand.class,
      StorageNodeCommand.class,
      ComputeCommand.class,
      GovCommand.class,
      KeccakCommand.class,
      RlpCommand.class,
    })
public final class ZgCommand implements Runnable {

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Print stack traces and debug detail on errors.")
  private boolean verbose;

  @picocli.CommandLine.Spec
  private picocli.CommandLine.Model.CommandSpec spec;

  boolean verbose() {
    return verbose;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Version from the build (filtered resource) plus the Java runtime it runs on. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = ZgCommand.class.getResourceAsStream("/zg-version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {
        "zg " + p.getProperty("version", "unknown"),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
      };
    }
  }
}
