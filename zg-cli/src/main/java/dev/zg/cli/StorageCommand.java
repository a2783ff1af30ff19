package dev.zg.cli;

import dev.zg.common.Hash;
import dev.zg.storage.client.StorageClient;
import dev.zg.storage.kv.KvClient;
import dev.zg.storage.kv.StreamData;
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
 * client, and KV put/get.
 */
@Command(name = "storage", mixinStandardHelpOptions = true,
    description = "0G Storage tools: file roots, upload, download, info and KV streams.",
    subcommands = {
      StorageRootCommand.class,
      StorageCommand.Upload.class,
      StorageCommand.Download.class,
      StorageCommand.Info.class,
      StorageCommand.Kv.class,
    })
final class StorageCommand implements Runnable {
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

  @Command(name = "kv", mixinStandardHelpOptions = true,
      description = "Write and read 0G KV streams (the devnet's KV node by default).",
      subcommands = {StorageCommand.KvPut.class, StorageCommand.KvGet.class})
  static final class Kv implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  @Command(name = "put", mixinStandardHelpOptions = true,
      description = {"Write KEY = VALUE into a stream: uploads a one-write batch as a file",
        "tagged with the stream (Flow submit, then its segments). Prints the tx seq, which is",
        "the version the write commits at. KEY and VALUE are UTF-8 text, or hex with --hex."})
  static final class KvPut implements Runnable {
    @Option(names = "--stream", paramLabel = "ID", required = true,
        description = "The stream id (0x + 64 hex digits).")
    String stream;

    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Parameters(index = "1", paramLabel = "VALUE")
    String value;

    @Option(names = "--hex", description = "KEY and VALUE are 0x-hex bytes.")
    boolean hex;

    @Option(names = "--version", paramLabel = "V",
        description = "Abort unless the key is unchanged since version V (default: latest).")
    String version;

    @Mixin
    StorageTarget target = new StorageTarget();

    @Option(names = "--key", paramLabel = "HEX", description = "The paying account's private key.")
    String payKey;

    @Option(names = "--account", paramLabel = "N",
        description = "Pay from devnet account N (default: 0).")
    Integer account;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      Hash streamId = parseRoot(stream);
      long v = version == null ? StreamData.LATEST : parseVersion(version);
      StreamData batch;
      try {
        batch = new StreamData(v, List.of(), List.of(new StreamData.Write(streamId,
            bytes(key, hex), bytes(value, hex))), List.of());
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage(), e);
      }
      var submitter = target.submitter(target.key(payKey, account));
      var nodes = target.storageNodes();
      StorageClient.Uploaded up;
      try {
        up = new KvClient(new StorageClient()).put(batch, submitter, nodes);
      } catch (IOException | IllegalArgumentException e) {
        throw new UserError("kv put failed: " + e.getMessage(), e);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println("tx seq " + up.txSeq() + " (batch root " + up.root().toHex() + ")");
      out.flush();
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true,
      description = {"Print the value of KEY in a stream from a KV node (kv_getValue).",
        "KEY is UTF-8 text, or hex with --hex (the value is then printed in hex)."})
  static final class KvGet implements Runnable {
    @Option(names = "--stream", paramLabel = "ID", required = true,
        description = "The stream id (0x + 64 hex digits).")
    String stream;

    @Parameters(index = "0", paramLabel = "KEY")
    String key;

    @Option(names = "--hex", description = "KEY is 0x-hex; print the value in hex.")
    boolean hex;

    @Option(names = "--at", paramLabel = "V",
        description = "Read the stream as of version (tx seq) V (default: latest).")
    String at;

    @Option(names = "--kv", paramLabel = "URL",
        description = "The KV node's URL (default: kvRpc of devnet.json).")
    String kvUrl;

    @Mixin
    StorageTarget target = new StorageTarget();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      Hash streamId = parseRoot(stream);
      byte[] k = bytes(key, hex);
      long v = at == null ? -1L : parseVersion(at);
      java.util.Optional<KvClient.Value> value;
      try {
        value = KvClient.get(target.kvUrl(kvUrl), streamId, k, v);
      } catch (IOException e) {
        throw new UserError("kv get failed: " + e.getMessage(), e);
      }
      if (value.isEmpty()) {
        throw new UserError("no value for that key in stream " + streamId.toHex());
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(hex ? dev.zg.common.Hex.prefixed(value.get().data())
          : new String(value.get().data(), java.nio.charset.StandardCharsets.UTF_8));
      out.flush();
    }
  }

  private static byte[] bytes(String text, boolean hex) {
    if (!hex) {
      return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    try {
      return dev.zg.common.Hex.decode(text);
    } catch (IllegalArgumentException e) {
      throw new UserError("not hex: " + text);
    }
  }

  private static long parseVersion(String text) {
    try {
      return Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      throw new UserError("a version is an unsigned 64-bit integer, got " + text);
    }
  }
}
