package dev.zg.bench.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.storage.client.FlowSubmitter;
import dev.zg.storage.client.StorageClient;
import dev.zg.storage.client.StorageNodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * zg's storage client in one warm JVM against the storage node of a running {@code zg devnet}:
 * uploads {@code --file} {@code --runs} times (each a new Flow entry of the same root, so every
 * segment is sent and checked again) and downloads it as many times, checking each download
 * against the file. Prints one JSON object per transfer:
 * {@code {"op":"upload","run":1,"bytes":N,"seconds":S,"mbPerS":R,"clientCpuS":C,"nodeCpuS":D}}
 * (CPU seconds of this JVM and of {@code --node-pid}); MB is 10^6 bytes. The
 * first run of each also warms the JVM; {@code run.sh} reports the best and the first.
 *
 * <p>Run: {@code java -cp benchmarks.jar dev.zg.bench.storage.StorageTransfer --devnet DIR
 * --file FILE [--runs N] [--account I] [--out FILE] [--node-pid PID]}.
 */
public final class StorageTransfer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RUNS_MAX = 20;

  private StorageTransfer() {}

  public static void main(String[] args) throws Exception {
    Path devnet = null;
    Path file = null;
    Path out = null;
    int runs = 2;
    int account = 7;
    long nodePid = -1;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        usage("missing value for " + args[i]);
      }
      switch (args[i]) {
        case "--devnet" -> devnet = Path.of(args[i + 1]);
        case "--file" -> file = Path.of(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        case "--account" -> account = Integer.parseInt(args[i + 1]);
        case "--node-pid" -> nodePid = Long.parseLong(args[i + 1]);
        default -> usage("unknown option " + args[i]);
      }
    }
    if (devnet == null || file == null) {
      usage("--devnet and --file are required");
    }
    if (runs < 1 || runs > RUNS_MAX) {
      usage("--runs must be 1.." + RUNS_MAX);
    }
    if (out == null) {
      out = file.resolveSibling(file.getFileName() + ".jvm-out");
    }
    JsonNode d = JSON.readTree(devnet.resolve("devnet.json").toFile());
    String chainRpc = d.path("rpc").asText();
    Address flow = Address.fromHex(d.at("/contracts/flow").asText());
    Secp256k1.KeyPair key = Secp256k1.KeyPair.fromPrivateKey(
        Hex.decodeLenient(d.path("accounts").get(account).path("privateKey").asText()));
    List<StorageNodes.Node> nodes = StorageNodes.of(List.of(d.path("storageRpc").asText()));
    FlowSubmitter submitter = new FlowSubmitter(chainRpc, flow, key);
    StorageClient client = new StorageClient();
    long bytes = Files.size(file);
    Hash root = null;
    List<String> lines = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      long[] before = cpu(nodePid);
      long t0 = System.nanoTime();
      StorageClient.Uploaded up = client.upload(file, new byte[0], false, submitter, nodes, 1,
          n -> { });
      lines.add(line("upload", run, bytes, System.nanoTime() - t0, before, cpu(nodePid)));
      root = up.root();
      System.out.println(lines.get(lines.size() - 1));
    }
    for (int run = 1; run <= runs; run++) {
      Files.deleteIfExists(out);
      long[] before = cpu(nodePid);
      long t0 = System.nanoTime();
      client.download(root, out, nodes, n -> { });
      lines.add(line("download", run, bytes, System.nanoTime() - t0, before, cpu(nodePid)));
      System.out.println(lines.get(lines.size() - 1));
      if (Files.mismatch(file, out) != -1) {
        throw new IOException("download " + run + " differs from " + file);
      }
    }
    Files.deleteIfExists(out);
    System.err.println("root " + root);
  }

  private static String line(String op, int run, long bytes, long nanos, long[] before,
      long[] after) {
    double seconds = nanos / 1e9;
    return String.format(Locale.ROOT,
        "{\"op\":\"%s\",\"run\":%d,\"bytes\":%d,\"seconds\":%.3f,\"mbPerS\":%.1f,"
            + "\"clientCpuS\":%.2f,\"nodeCpuS\":%.2f}", op, run, bytes, seconds,
        bytes / seconds / 1e6, (after[0] - before[0]) / 1e9, (after[1] - before[1]) / 1e9);
  }

  /**
   * CPU time used so far, in nanoseconds, by this JVM and by process {@code nodePid} (from
   * {@code /proc/PID/stat}, 100 ticks a second; 0 when not given): on a shared machine the
   * CPU seconds a transfer costs say more than its wall-clock time.
   */
  private static long[] cpu(long nodePid) throws IOException {
    long self = ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    long node = 0;
    if (nodePid > 0) {
      String stat = Files.readString(Path.of("/proc/" + nodePid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      node = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    }
    return new long[] {self, node};
  }

  private static void usage(String problem) {
    System.err.println(problem + "\nusage: StorageTransfer --devnet DIR --file FILE [--runs N]"
        + " [--account I] [--out FILE]");
    System.exit(2);
  }
}
