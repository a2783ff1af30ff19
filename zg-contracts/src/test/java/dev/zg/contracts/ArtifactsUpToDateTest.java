package dev.zg.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.zg.common.Hex;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The committed artifacts are what the committed Solidity compiles to: installs the pinned
 * compiler with {@code npm ci} (again only when {@code package-lock.json} changed) and runs
 * {@code node build.mjs --check}. Without Node.js it is skipped, unless {@code CI} or
 * {@code ZG_REQUIRE_SHARED} is set: then it fails, so CI never passes by skipping it.
 */
class ArtifactsUpToDateTest {
  private static final Path DIR = Path.of("").toAbsolutePath();
  private static final Path MARKER = DIR.resolve("node_modules").resolve(".zg-lock-sha256");

  @Test
  void artifactsMatchTheSources() throws Exception {
    requireTools();
    installIfStale();
    Run check = run(5, "node", "build.mjs", "--check");
    assertThat(check.exitCode()).as("node build.mjs --check:\n%s", check.output()).isZero();
    for (String name : List.of("Flow", "FixedPrice", "StorageReward")) {
      assertThat(Artifacts.get(name).deployedBytecode()).isNotEmpty();
    }
  }

  private record Run(int exitCode, String output) {}

  private static Run run(int minutes, String... command) throws IOException, InterruptedException {
    Path log = Files.createTempFile("zg-contracts", ".log");
    try {
      Process p = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        fail(String.join(" ", command) + " ran past " + minutes + " minutes");
      }
      return new Run(p.exitValue(), Files.readString(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static void installIfStale() throws Exception {
    String lockHash = sha256(DIR.resolve("package-lock.json"));
    if (Files.exists(MARKER) && Files.readString(MARKER).strip().equals(lockHash)) {
      return;
    }
    Run install = run(10, "npm", "ci", "--no-audit", "--no-fund");
    assertThat(install.exitCode()).as("npm ci in %s:\n%s", DIR, install.output()).isZero();
    Files.writeString(MARKER, lockHash + "\n");
  }

  private static void requireTools() {
    for (String tool : List.of("node", "npm")) {
      if (!onPath(tool)) {
        String message = tool + " not found on the PATH: checking the contract artifacts needs "
            + "Node.js 20+ and npm";
        if (System.getenv("ZG_REQUIRE_SHARED") != null || System.getenv("CI") != null) {
          fail(message + "; ZG_REQUIRE_SHARED or CI is set, so this is a failure");
        }
        System.err.println("zg tests: " + message + "; skipping");
        assumeTrue(false, message);
      }
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

  private static String sha256(Path file) throws IOException {
    try {
      return Hex.prefixed(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
