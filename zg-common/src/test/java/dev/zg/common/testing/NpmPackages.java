package dev.zg.common.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How tests use Node.js projects (a folder with {@code package.json} and
 * {@code package-lock.json}): the packages are installed with {@code npm ci} the first time and
 * again whenever the lock file changes (a stamp in {@code node_modules} remembers the lock's
 * hash), and scripts run with a bounded lifetime.
 *
 * <p>Without {@code node} and {@code npm}, a test is skipped with a message saying so, unless
 * {@code ZG_REQUIRE_SHARED} or {@code CI} is set: then it fails, so that CI never passes by
 * skipping the tests that drive the real JavaScript SDKs.
 */
public final class NpmPackages {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STAMP = ".zg-lock-sha256";
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
  private static boolean skipAnnounced;

  private NpmPackages() {}

  /** The output of one command; {@code exitCode} is -1 when it ran past its time. */
  public record Result(int exitCode, String stdout, String stderr) {
    public boolean timedOut() {
      return exitCode == -1;
    }

    /** The last stdout line, which the test scripts print as their JSON result. */
    public JsonNode json() {
      List<String> lines = stdout.strip().lines().toList();
      try {
        return JSON.readTree(lines.get(lines.size() - 1));
      } catch (IOException | IndexOutOfBoundsException e) {
        throw new AssertionError("no JSON result in the output:\n" + this, e);
      }
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  /**
   * Skips or fails the test (see the class) unless node and npm are on the PATH; {@code why}
   * says what needs them ("the tests that ... need Node.js 20+ and npm").
   */
  public static void requireNodeAndNpm(String why) {
    List<String> missing = new ArrayList<>();
    for (String tool : List.of("node", "npm")) {
      if (!onPath(tool)) {
        missing.add(tool);
      }
    }
    if (!missing.isEmpty()) {
      unavailable(String.join(" and ", missing) + " not found on the PATH: " + why);
    }
  }

  /**
   * Skips the test with {@code message}, or fails it when {@code ZG_REQUIRE_SHARED} or
   * {@code CI} is set.
   */
  public static void unavailable(String message) {
    if (System.getenv("ZG_REQUIRE_SHARED") != null || System.getenv("CI") != null) {
      fail(message + "; ZG_REQUIRE_SHARED or CI is set, so this is a failure");
    }
    // Said on the console too: a class skipped in @BeforeAll shows in the report only as
    // "Tests run: 0".
    synchronized (NpmPackages.class) {
      if (!skipAnnounced) {
        skipAnnounced = true;
        System.err.println("zg tests: " + message + "; skipping them");
      }
    }
    assumeTrue(false, message + "; skipping");
  }

  /**
   * {@code npm ci} in {@code dir} unless its node_modules was installed from the same lock file.
   * One install at a time per folder, across test JVMs too.
   *
   * @throws IllegalStateException when npm ci fails, with its output
   */
  public static synchronized void installIfStale(Path dir) {
    Path lockFile = Path.of(System.getProperty("java.io.tmpdir"),
        "zg-npm-" + sha256(dir.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8))
            .substring(0, 16) + ".lock");
    try (FileChannel channel = FileChannel.open(lockFile,
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = channel.lock()) {
      String wanted = "0x" + sha256(Files.readAllBytes(dir.resolve("package-lock.json")));
      Path stamp = dir.resolve("node_modules").resolve(STAMP);
      if (Files.isRegularFile(stamp) && Files.readString(stamp).strip().equals(wanted)) {
        return;
      }
      Result r = run(dir, Map.of(), INSTALL_TIMEOUT, List.of("npm", "ci", "--no-audit",
          "--no-fund"));
      if (r.exitCode() != 0) {
        throw new IllegalStateException("npm ci failed in " + dir + ": " + r);
      }
      Files.writeString(stamp, wanted + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs {@code command} in {@code dir} with extra environment variables, for at most
   * {@code timeout} (then it and its children are killed and the exit code is -1).
   */
  public static Result run(Path dir, Map<String, String> env, Duration timeout,
      List<String> command) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("zg-npm-", ".out");
      err = Files.createTempFile("zg-npm-", ".err");
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
      // No update checks against the registry from npm or an SDK's CLI.
      builder.environment().put("NO_UPDATE_NOTIFIER", "1");
      builder.environment().putAll(env);
      Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      boolean done;
      try {
        done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } finally {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
      return new Result(done ? p.exitValue() : -1,
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      file.toFile().delete();
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
