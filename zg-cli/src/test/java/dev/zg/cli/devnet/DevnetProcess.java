package dev.zg.cli.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code zg devnet} as its own OS process, started exactly as the {@code zg} script starts it
 * ({@code java ... dev.zg.cli.Main devnet}) with the test class path, on an ephemeral port and
 * mining on demand. It is ready once it has written {@code devnet.json}, which names the URLs.
 * Its output goes to {@code devnet.log} in the data folder.
 */
final class DevnetProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  /** Started and not yet stopped; killed when this JVM exits, should a test not get to it. */
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> RUNNING.forEach(Process::destroyForcibly), "devnet-reaper"));
  }

  private final Process process;
  private final Path dataDir;
  final URI rpc;
  final URI ws;
  /** devnet.json's {@code storageRpc} and {@code indexerRpc}. */
  final URI storageRpc;
  final URI indexerRpc;
  /** devnet.json as the devnet wrote it. */
  final JsonNode descriptor;
  /** The funded accounts' private keys (0x-hex), as devnet.json lists them. */
  final List<String> privateKeys;

  private DevnetProcess(Process process, Path dataDir, JsonNode json, List<String> keys) {
    this.process = process;
    this.dataDir = dataDir;
    this.rpc = URI.create(json.get("rpc").asText());
    this.ws = URI.create(json.get("ws").asText());
    this.storageRpc = URI.create(json.get("storageRpc").asText());
    this.indexerRpc = URI.create(json.get("indexerRpc").asText());
    this.descriptor = json;
    this.privateKeys = keys;
  }

  /**
   * Starts {@code zg devnet --block-time 0} on {@code dataDir} (a new or an existing chain),
   * without its compute providers (whose set-up transactions would move account 0's nonce)
   * unless {@code extraArgs} configure fine-tuning, and without its PoRA miner (whose
   * transactions would add blocks), unless {@code extraArgs} set {@code --miner-cpu}.
   */
  static DevnetProcess start(Path dataDir, String... extraArgs) {
    List<String> args = new ArrayList<>(List.of(extraArgs));
    if (!args.contains("--finetune-trainer")) {
      args.add("--no-compute");
    }
    if (!args.contains("--miner-cpu")) {
      args.add("--no-miner");
    }
    return startExactly(dataDir, args.toArray(String[]::new));
  }

  /** Starts {@code zg devnet --block-time 0} with its compute providers (and no miner). */
  static DevnetProcess startWithCompute(Path dataDir, String... extraArgs) {
    List<String> args = new ArrayList<>(List.of(extraArgs));
    args.add("--no-miner");
    return startExactly(dataDir, args.toArray(String[]::new));
  }

  private static DevnetProcess startExactly(Path dataDir, String... extraArgs) {
    Path descriptor = dataDir.resolve("devnet.json");
    try {
      Files.createDirectories(dataDir);
      Files.deleteIfExists(descriptor); // a restart must not read the previous run's ports
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-XX:+UseSerialGC", "-Xmx1g",
          "--enable-native-access=ALL-UNNAMED",
          "-cp", System.getProperty("java.class.path"),
          "dev.zg.cli.Main", "devnet", "--data-dir", dataDir.toString(), "--port", "0",
          "--block-time", "0"));
      command.addAll(List.of(extraArgs));
      Path log = dataDir.resolve("devnet.log");
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      RUNNING.add(p);
      p.onExit().thenRun(() -> RUNNING.remove(p));
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (!Files.exists(descriptor)) {
        if (!p.isAlive()) {
          throw new AssertionError("zg devnet exited with " + p.exitValue() + ":\n"
              + Files.readString(log));
        }
        if (System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new AssertionError("zg devnet did not start in " + START_TIMEOUT + ":\n"
              + Files.readString(log));
        }
        Thread.sleep(20); // polling for the file; the deadline above is only a failure guard
      }
      JsonNode json = new ObjectMapper().readTree(descriptor.toFile());
      List<String> keys = new ArrayList<>();
      json.get("accounts").forEach(a -> keys.add(a.get("privateKey").asText()));
      return new DevnetProcess(p, dataDir, json, keys);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  Path dataDir() {
    return dataDir;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String log() {
    try {
      return Files.readString(dataDir.resolve("devnet.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGKILL: no shutdown hook, no flush, no close. */
  void kill() {
    process.destroyForcibly();
    waitForExit();
  }

  /** SIGTERM, as Ctrl-C: the node closes cleanly; SIGKILL if it does not exit in time. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    waitForExit();
  }

  private void waitForExit() {
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("zg devnet (pid " + process.pid() + ") did not exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
