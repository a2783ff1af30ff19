package dev.zg.cli;

import picocli.CommandLine.Command;

@Command(name = "storage", mixinStandardHelpOptions = true,
    description = "0G Storage client and node tools (root, upload, download, info, kv).")
final class StorageCommand implements Runnable {
  @Override
  public void run() {
    throw Unavailable.of("zg storage", "0G Storage");
  }
}
