package dev.zg.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point of the {@code zg} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with the given streams and returns the exit code (tests call this). */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    ZgCommand root = new ZgCommand();
    CommandLine cli = new CommandLine(root);
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> report(e, root.verbose(), err));
    cli.setParameterExceptionHandler((e, args2) -> {
      err.println("zg: " + e.getMessage());
      CommandLine failed = e.getCommandLine();
      err.println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for usage.");
      return CommandLine.ExitCode.USAGE;
    });
    return cli.execute(args);
  }

  /** One clear line for the user; the stack trace only under --verbose. */
  static int report(Throwable e, boolean verbose, PrintWriter err) {
    if (e instanceof QuietExit quiet) {
      return quiet.status;
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof UserError || e instanceof IllegalArgumentException) {
      err.println("zg: " + message);
    } else {
      err.println("zg: internal error: " + e.getClass().getSimpleName() + ": " + message
          + (verbose ? "" : " (run with --verbose for details)"));
    }
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return CommandLine.ExitCode.SOFTWARE;
  }
}
