package dev.zg.cli.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.common.testing.NpmPackages;
import dev.zg.common.testing.NpmPackages.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The JavaScript side of the acceptance tests, {@code src/test/js}: installs its npm packages
 * once (again only when {@code package-lock.json} changed), compiles the contracts with solcjs
 * once per test run, and runs its scripts with a bounded lifetime ({@link NpmPackages}).
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
  private static final Duration COMPILE_TIMEOUT = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path contracts;

  private NpmProject() {}

  /**
   * Makes sure node_modules matches the lock file and the contracts are compiled; returns the
   * compiled contracts file (compile.mjs's output). Skips or fails the test without Node.js.
   */
  static synchronized Path prepare() {
    requireTools();
    if (contracts != null) {
      return contracts;
    }
    install(DIR);
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
    install(dir);
  }

  /** Runs a command in the JS folder. */
  static Result run(Duration timeout, String... command) {
    return run(DIR, timeout, command);
  }

  /** Runs a command in {@code dir}. */
  static Result run(Path dir, Duration timeout, String... command) {
    return run(dir, Map.of(), timeout, command);
  }

  /** Runs a command in {@code dir} with extra environment variables; running late fails. */
  static Result run(Path dir, Map<String, String> env, Duration timeout, String... command) {
    Result r = NpmPackages.run(dir, env, timeout, List.of(command));
    if (r.timedOut()) {
      throw new AssertionError(String.join(" ", command) + " ran past " + timeout + ": " + r);
    }
    return r;
  }

  private static void requireTools() {
    NpmPackages.requireNodeAndNpm(
        "the tests that drive the JavaScript SDKs and Hardhat need Node.js 20+ and npm");
  }

  private static void install(Path dir) {
    try {
      NpmPackages.installIfStale(dir);
    } catch (IllegalStateException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }
}
