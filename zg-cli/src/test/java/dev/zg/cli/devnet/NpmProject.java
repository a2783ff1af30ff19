package dev.zg.cli.devnet;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.common.Hex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JavaScript side of the acceptance tests, {@code src/test/js}: installs its npm packages
 * once (again only when {@code package-lock.json} changed), compiles the contracts with solcjs
 * once per test run, and runs its scripts with a bounded lifetime.
 *
 * <p>Without {@code node} and {@code npm} on the PATH the tests that need them are skipped
 * with a message, unless {@code ZG_REQUIRE_SHARED} or {@code CI} is set: then it is a failure,
 * so CI never passes by skipping them.
 */
final class NpmProject {
  static final Path DIR = Path.of("src", "test", "js").toAbsolutePath();
  /** The compute SDK's project: kept apart so its dependency tree stays its own. */
  static final Path COMPUTE_DIR = Path.of("src", "test", "js-compute").toAbsolutePath();
  private static final Path BUILD = Path.of("target", "js").toAbsolutePath();
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration COMPILE_TIMEOUT = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path contracts;
  private static boolean skipAnnounced;

  private NpmProject() {}

  /** The output of one script run. */
  record Result(int exitCode, String stdout, String stderr) {
    /** The script's last stdout line, which the scripts print as their JSON result. */
    JsonNode json() {
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
   * Makes sure node_modules matches the lock file and the contracts are compiled; returns the
   * compiled contracts file (compile.mjs's output). Skips or fails the test without Node.js.
   */
  static synchronized Path prepare() {
    requireTools();
    if (contracts != null) {
      return contracts;
    }
    installIfStale(DIR);
    Path out = BUILD.resolve("contracts.json");
    Result r = run(COMPILE_TIMEOUT, "node", "compile.mjs", out.toString());
    if (r.exitCode() != 0) {
      throw new AssertionError("compile.mjs failed: " + r);
    }
    contracts = out;
    return out;
  }

  /** The compiled contracts as JSON: {@code contracts.<Name>.{abi, bytecode}}. */
  static JsonNode contractsJson() {
    try {
      return JSON.readTree(prepare().toFile()).get("contracts");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Makes sure {@code dir}'s node_modules matches its lock file (another project than the
   * main one, such as {@link #COMPUTE_DIR}). Skips or fails the test without Node.js.
   */
  static synchronized void prepare(Path dir) {
    requireTools();
    installIfStale(dir);
  }

  /** Runs a command in the JS folder; stdout and stderr are collected in files. */
  static Result run(Duration timeout, String... command) {
    return run(DIR, timeout, command);
  }

  /** Runs a command in {@code dir}; stdout and stderr are collected in files. */
  static Result run(Path dir, Duration timeout, String... command) {
    return run(dir, java.util.Map.of(), timeout, command);
  }

  /** Runs a command in {@code dir} with extra environment variables. */
  static Result run(Path dir, java.util.Map<String, String> env, Duration timeout,
      String... command) {
    try {
      Files.createDirectories(BUILD);
      Path out = Files.createTempFile(BUILD, "out", ".txt");
      Path err = Files.createTempFile(BUILD, "err", ".txt");
      try {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        // No update checks against the registry from the SDK's CLI.
        builder.environment().put("NO_UPDATE_NOTIFIER", "1");
        builder.environment().putAll(env);
        Process p = builder
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean done;
        try {
          done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
          p.descendants().forEach(ProcessHandle::destroyForcibly);
          p.destroyForcibly();
          p.waitFor(30, TimeUnit.SECONDS);
        }
        Result r = new Result(done ? p.exitValue() : -1, Files.readString(out),
            Files.readString(err));
        if (!done) {
          throw new AssertionError(String.join(" ", command) + " ran past " + timeout + ": " + r);
        }
        return r;
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static void requireTools() {
    List<String> missing = new ArrayList<>();
    for (String tool : List.of("node", "npm")) {
      if (!onPath(tool)) {
        missing.add(tool);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    String message = String.join(" and ", missing) + " not found on the PATH: the tests that drive "
        + "the JavaScript SDKs and Hardhat need Node.js 20+ and npm";
    if (System.getenv("ZG_REQUIRE_SHARED") != null || System.getenv("CI") != null) {
      fail(message + "; ZG_REQUIRE_SHARED or CI is set, so this is a failure");
    }
    // Said on the console too: a class skipped in @BeforeAll shows in the report only as
    // "Tests run: 0".
    if (!skipAnnounced) {
      skipAnnounced = true;
      System.err.println("zg tests: " + message + "; skipping them");
    }
    assumeTrue(false, message + "; skipping");
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** {@code npm ci} when node_modules was installed from another lock file, or never. */
  private static void installIfStale(Path dir) {
    String lockHash = sha256(dir.resolve("package-lock.json"));
    Path marker = dir.resolve("node_modules").resolve(".zg-lock-sha256");
    try {
      if (Files.exists(marker) && Files.readString(marker).strip().equals(lockHash)) {
        return;
      }
      Result r = run(dir, INSTALL_TIMEOUT, "npm", "ci", "--no-audit", "--no-fund");
      if (r.exitCode() != 0) {
        throw new AssertionError("npm ci failed in " + dir + ": " + r);
      }
      Files.writeString(marker, lockHash + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(Path file) {
    try {
      return Hex.prefixed(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
