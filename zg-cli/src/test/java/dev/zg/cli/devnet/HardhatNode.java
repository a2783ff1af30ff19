package dev.zg.cli.devnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hardhat node ({@code src/test/js/hardhat-node.mjs}) on loopback and an ephemeral port. It
 * exits by itself when this JVM closes its standard input, or after {@link #LIFETIME}.
 */
final class HardhatNode implements AutoCloseable {
  private static final Duration LIFETIME = Duration.ofMinutes(10);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  /** Hardhat's line once it listens; colours (on where CI is set) may surround the URL. */
  private static final Pattern STARTED =
      Pattern.compile("JSON-RPC server at http://127\\.0\\.0\\.1:(\\d+)/");

  private final Process process;
  private final Path log;
  final URI rpc;
  final URI ws;

  private HardhatNode(Process process, Path log, URI rpc) {
    this.process = process;
    this.log = log;
    this.rpc = rpc;
    this.ws = URI.create(rpc.toString().replaceFirst("^http", "ws"));
  }

  static HardhatNode start(Path folder) {
    NpmProject.prepare();
    try {
      Files.createDirectories(folder);
      Path log = folder.resolve("hardhat.log");
      ProcessBuilder builder = new ProcessBuilder("node", "hardhat-node.mjs",
          Long.toString(LIFETIME.toSeconds())).directory(NpmProject.DIR.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().put("NO_COLOR", "1");
      Process p = builder.start();
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (true) {
        Matcher m = STARTED.matcher(Files.readString(log));
        if (m.find()) {
          return new HardhatNode(p, log, URI.create("http://127.0.0.1:" + m.group(1)));
        }
        if (!p.isAlive() || System.nanoTime() > deadline) {
          p.destroyForcibly();
          throw new AssertionError("the Hardhat node did not start:\n" + Files.readString(log));
        }
        Thread.sleep(20); // polling the log; the deadline is only a failure guard
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    try {
      process.getOutputStream().close(); // the node exits when its input closes
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
