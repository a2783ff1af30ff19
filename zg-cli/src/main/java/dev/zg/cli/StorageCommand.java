package dev.zg.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code zg storage}: 0G Storage tools. The Merkle root works today; the subcommands that need
 * a storage node or the client are declared so that they fail with a clear line, not with
 * "unknown command".
 */
@Command(name = "storage", mixinStandardHelpOptions = true,
    description = "0G Storage tools: file Merkle roots today; upload, download, info and kv"
        + " arrive with the storage node and client.",
    subcommands = {
      StorageRootCommand.class,
      StorageCommand.Upload.class,
      StorageCommand.Download.class,
      StorageCommand.Info.class,
      StorageCommand.Kv.class,
    })
final class StorageCommand implements Runnable {
  private static final String LATER = "the 0G Storage node and client";

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "upload", description = "Upload a file (not available yet).")
  static final class Upload implements Runnable {
    @Override
    public void run() {
      throw Unavailable.of("zg storage upload", LATER);
    }
  }

  @Command(name = "download", description = "Download a file by root (not available yet).")
  static final class Download implements Runnable {
    @Override
    public void run() {
      throw Unavailable.of("zg storage download", LATER);
    }
  }

  @Command(name = "info", description = "Show a file's status on a node (not available yet).")
  static final class Info implements Runnable {
    @Override
    public void run() {
      throw Unavailable.of("zg storage info", LATER);
    }
  }

  @Command(name = "kv", description = "Read and write KV streams (not available yet).")
  static final class Kv implements Runnable {
    @Override
    public void run() {
      throw Unavailable.of("zg storage kv", LATER);
    }
  }
}
