package dev.zg.cli;

import dev.zg.common.Hash;
import dev.zg.storage.client.StorageClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code zg storage}: 0G Storage tools: file roots, upload, download and info through zg's
 * client. KV is declared so that it fails with a clear line, not with "unknown command".
 */
@Command(name = "storage", mixinStandardHelpOptions = true,
    description = "0G Storage tools: file roots, upload, download and info (kv: not yet).",
    subcommands = {
      StorageRootCommand.class,
      StorageCommand.Upload.class,
      StorageCommand.Download.class,
      StorageCommand.Info.class,
      StorageCommand.Kv.class,
    })
final class StorageCommand implements Runnable {
  private static final String LATER = "0G Storage KV";

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "upload", mixinStandardHelpOptions = true,
      description = {"Upload a file: submit it to Flow (paying the fee), send its segments with",
        "proofs to the storage nodes, wait until they hold it. Prints the root, then the tx",
        "seq. Without flags it uses the zg devnet in ~/.zg/devnet."})
  static final class Upload implements Runnable {
    @Parameters(index = "0", paramLabel = "FILE", description = "The file to upload.")
    Path file;

    @Mixin
    StorageTarget target = new StorageTarget();

    @Option(names = "--key", paramLabel = "HEX", description = "The paying account's private key.")
    String key;

    @Option(names = "--account", paramLabel = "N",
        description = "Pay from devnet account N (default: 0).")
    Integer account;

    @Option(names = "--replicas", paramLabel = "N",
        description = "Nodes that must keep each segment (default: ${DEFAULT-VALUE}).")
    int replicas = 1;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      if (replicas < 1 || replicas > StorageClient.REPLICAS_MAX) {
        throw new UserError("--replicas must be 1.." + StorageClient.REPLICAS_MAX);
      }
      if (!Files.isRegularFile(file)) {
        throw new UserError("no such file: " + file);
      }
      var submitter = target.submitter(target.key(key, account));
      var nodes = target.storageNodes();
      PrintWriter err = spec.commandLine().getErr();
      StorageClient.Uploaded result;
      ProgressBar bar;
      try {
        bar = new ProgressBar(err, "upload", Files.size(file));
        result = new StorageClient().upload(file, submitter, nodes, replicas, bar);
      } catch (IOException | IllegalArgumentException e) {
        throw new UserError("upload failed: " + e.getMessage(), e);
      }
      bar.finish();
      PrintWriter out = spec.commandLine().getOut();
      out.println(result.root().toHex());
      out.println("tx seq " + result.txSeq() + " (" + (result.transactionHash() == null
          ? "already on chain, not submitted again" : "transaction " + result.transactionHash())
          + "; " + ProgressBar.size(result.sizeBytes()) + " in " + result.segments()
          + " segment(s) on " + String.join(", ", result.nodes()) + ")");
      out.flush();
    }
  }

  @Command(name = "download", mixinStandardHelpOptions = true,
      description = {"Download a file by its root into OUT, checking every segment's proof and",
        "the file's root; OUT appears only when complete."})
  static final class Download implements Runnable {
    @Parameters(index = "0", paramLabel = "ROOT", description = "The file's root (0x + 64 hex).")
    String root;

    @Parameters(index = "1", paramLabel = "OUT", description = "Where to write the file.")
    Path out;

    @Mixin
    StorageTarget target = new StorageTarget();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      Hash hash = parseRoot(root);
      var nodes = target.storageNodes();
      StorageClient client = new StorageClient();
      PrintWriter err = spec.commandLine().getErr();
      StorageClient.FileInfo info;
      ProgressBar bar;
      try {
        var known = client.info(hash, nodes).orElseThrow(() ->
            new UserError("no storage node knows root " + hash));
        if (!known.finalized()) {
          throw new UserError("root " + hash + " is not fully stored yet ("
              + known.uploadedSegments() + " segment(s) uploaded)");
        }
        bar = new ProgressBar(err, "download", known.sizeBytes());
        info = client.download(hash, out, nodes, bar);
      } catch (IOException e) {
        throw new UserError("download failed: " + e.getMessage(), e);
      }
      bar.finish();
      PrintWriter o = spec.commandLine().getOut();
      o.println(out + ": " + info.sizeBytes() + " bytes, every proof and the root checked");
      o.flush();
    }
  }

  @Command(name = "info", mixinStandardHelpOptions = true,
      description = "Show what the storage nodes know of a file.")
  static final class Info implements Runnable {
    @Parameters(index = "0", paramLabel = "ROOT", description = "The file's root (0x + 64 hex).")
    String root;

    @Mixin
    StorageTarget target = new StorageTarget();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      Hash hash = parseRoot(root);
      PrintWriter o = spec.commandLine().getOut();
      boolean any = false;
      for (var node : target.storageNodes()) {
        StorageClient.FileInfo info;
        try {
          info = new StorageClient().info(hash, List.of(node)).orElse(null);
        } catch (IOException e) {
          o.println(node.url() + " (shard " + node.shard() + "): unreachable: " + e.getMessage());
          continue;
        }
        if (info == null) {
          o.println(node.url() + " (shard " + node.shard() + "): unknown");
          continue;
        }
        any = true;
        o.println(node.url() + " (shard " + node.shard() + "): tx seq " + info.txSeq() + ", "
            + info.sizeBytes() + " bytes, " + (info.finalized() ? "finalized" : "not finalized")
            + ", " + info.uploadedSegments() + " segment(s) uploaded, flow position "
            + info.startEntryIndex());
      }
      o.flush();
      if (!any) {
        throw new UserError("no storage node knows root " + hash);
      }
    }
  }

  static Hash parseRoot(String text) {
    try {
      return Hash.fromHex(text);
    } catch (IllegalArgumentException e) {
      throw new UserError("not a root (0x and 64 hex digits): " + text);
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
