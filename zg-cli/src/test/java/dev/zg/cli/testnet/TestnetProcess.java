package dev.zg.cli.testnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code zg testnet} as its own OS process with the test class path, on free ports and
 * short timeouts; ready once it has written {@code testnet.json}. Its validators are its
 * child processes; {@link #restart} starts one again alone, as an operator would.
 */
public final class TestnetProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> RUNNING.forEach(Process::destroyForcibly), "testnet-reaper"));
  }

  private final Process process;
  private final Path dir;
  /** Each validator's JSON-RPC URL, by index. */
  public final List<String> rpcs = new ArrayList<>();
  private final List<ProcessHandle> nodes = new ArrayList<>();

  private TestnetProcess(Process process, Path dir) {
    this.process = process;
    this.dir = dir;
  }

  /** Starts {@code zg testnet --validators n} in {@code dir}. */
  public static TestnetProcess start(Path dir, int n, String... extraArgs) {
    try {
      Files.createDirectories(dir);
      List<String> args = new ArrayList<>(List.of("testnet", "--validators",
          Integer.toString(n), "--dir", dir.toString(), "--base-port", "0"));
      args.addAll(List.of(extraArgs));
      Process p = launch(dir.resolve("testnet.log"), args);
      TestnetProcess t = new TestnetProcess(p, dir);
      Path descriptor = dir.resolve("testnet.json");
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (!Files.exists(descriptor)) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          t.close();
          throw new AssertionError("zg testnet did not start:\n"
              + Files.readString(dir.resolve("testnet.log")));
        }
        Thread.sleep(50); // polling for the file; the deadline is only a failure guard
      }
      for (JsonNode node : new ObjectMapper().readTree(descriptor.toFile()).get("nodes")) {
        t.rpcs.add(node.get("rpc").asText());
        t.nodes.add(ProcessHandle.of(node.get("pid").asLong()).orElseThrow());
      }
      return t;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static Process launch(Path log, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-Xmx512m", "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), "dev.zg.cli.Main"));
    command.addAll(args);
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    RUNNING.add(p);
    p.onExit().thenRun(() -> RUNNING.remove(p));
    return p;
  }

  /** The WebSocket URL of validator {@code i} (the same port as its JSON-RPC). */
  public String ws(int i) {
    return rpcs.get(i).replace("http://", "ws://");
  }

  /** SIGKILL to validator {@code i}, waiting until it is gone. */
  public void kill(int i) {
    ProcessHandle p = nodes.get(i);
    p.destroyForcibly();
    p.onExit().join();
  }

  /** Starts validator {@code i} again from its config and folder. */
  public void restart(int i) {
    Path node = dir.resolve("node" + i);
    try {
      Process p = launch(node.resolve("node.log"), List.of("node", "--config",
          node.resolve("config.json").toString()));
      nodes.set(i, p.toHandle());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String log(int i) {
    try {
      return Files.readString(dir.resolve("node" + i).resolve("node.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Ctrl-C to the testnet (it stops its validators); kills what is left after 30 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    nodes.forEach(ProcessHandle::destroyForcibly);
  }
}
