package dev.zg.storage.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The official 0G storage SDK ({@code @0gfoundation/0g-ts-sdk}, pinned by
 * {@code zg-storage/src/test/js/package-lock.json}) as a reference for tests, run through
 * Node.js. It is installed with {@code npm ci} the first time, and again whenever the lock
 * file changes (a stamp in {@code node_modules} remembers the lock's hash).
 *
 * <p>Without {@code node} and {@code npm}, or when the install fails, a test using this is
 * skipped with a message saying so, unless {@code ZG_REQUIRE_SHARED} or {@code CI} is set;
 * then it fails, so that CI never passes without having compared against the SDK.
 */
public final class OfficialSdk {
  /** The acceptance files: sizes in bytes, random contents from {@link #SEED}. */
  public static final List<Long> ACCEPTANCE_SIZES = List.of(
      1L, 256L, 257L, 262_143L, 262_145L, 1_048_589L, 10_485_760L);
  public static final long SEED = 2026L;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STAMP = ".zg-package-lock.sha256";
  private static final long INSTALL_TIMEOUT_MINUTES = 10;
  private static final long RUN_TIMEOUT_MINUTES = 5;

  private OfficialSdk() {}

  /** What the SDK computed for one file; {@code root} is null when it has none. */
  public record FileTree(String file, String root, List<Node> nodes, List<Proof> proofs) {}

  public record Node(int height, String root) {}

  public record Proof(List<String> lemma, List<Boolean> path) {}

  /** Writes the acceptance files into {@code dir}, named by size, and returns them. */
  public static List<Path> writeAcceptanceFiles(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    for (long size : ACCEPTANCE_SIZES) {
      byte[] data = new byte[Math.toIntExact(size)];
      new SplittableRandom(SEED + size).nextBytes(data);
      files.add(Files.write(dir.resolve("random-" + size + ".bin"), data));
    }
    return files;
  }

  /** Runs the SDK on {@code files} (installing it first if needed); skips or fails as above. */
  public static Map<Path, FileTree> trees(List<Path> files) {
    Path js = jsFolder();
    requireTool("node", "--version");
    requireTool("npm", "--version");
    install(js);
    List<String> command = new ArrayList<>(List.of("node", "sdk-roots.mjs"));
    files.forEach(f -> command.add(f.toAbsolutePath().toString()));
    String out = run(js, command, RUN_TIMEOUT_MINUTES);
    Map<Path, FileTree> trees = new LinkedHashMap<>();
    List<String> lines = out.lines().filter(l -> l.startsWith("{")).toList();
    if (lines.size() != files.size()) {
      fail("the SDK script printed " + lines.size() + " results for " + files.size()
          + " files:\n" + out);
    }
    for (int i = 0; i < files.size(); i++) {
      trees.put(files.get(i), parse(lines.get(i)));
    }
    return trees;
  }

  /**
   * Runs {@code script} (a file in zg-storage/src/test/js) with {@code args} in Node.js,
   * installing the SDK first if needed, and returns its stdout; skips or fails as above.
   */
  public static String runScript(String script, List<String> args) {
    Path js = jsFolder();
    requireTool("node", "--version");
    requireTool("npm", "--version");
    install(js);
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(args);
    return run(js, command, RUN_TIMEOUT_MINUTES);
  }

  /** The version of the SDK the lock file pins. */
  public static String pinnedVersion() {
    try {
      JsonNode lock = JSON.readTree(jsFolder().resolve("package-lock.json").toFile());
      return lock.path("packages").path("node_modules/@0gfoundation/0g-ts-sdk")
          .path("version").asText("unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FileTree parse(String line) {
    try {
      JsonNode json = JSON.readTree(line);
      if (json.has("error")) {
        fail("the SDK failed on " + json.path("file").asText() + ": " + json.get("error"));
      }
      List<Node> nodes = new ArrayList<>();
      json.path("nodes").forEach(n -> nodes.add(
          new Node(n.path("height").asInt(), n.path("root").asText())));
      List<Proof> proofs = new ArrayList<>();
      for (JsonNode p : json.path("proofs")) {
        List<String> lemma = new ArrayList<>();
        p.path("lemma").forEach(h -> lemma.add(h.asText()));
        List<Boolean> path = new ArrayList<>();
        p.path("path").forEach(b -> path.add(b.asBoolean()));
        proofs.add(new Proof(lemma, path));
      }
      String root = json.path("root").isNull() ? null : json.path("root").asText();
      return new FileTree(json.path("file").asText(), root, nodes, proofs);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable SDK output: " + line, e);
    }
  }

  /** {@code zg-storage/src/test/js} of this checkout, found from the working folder upwards. */
  static Path jsFolder() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("zg-storage/src/test/js");
      if (Files.isDirectory(dir.resolve(".mvn")) && Files.isRegularFile(
          candidate.resolve("package-lock.json"))) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("cannot find zg-storage/src/test/js above "
        + Path.of("").toAbsolutePath());
  }

  /** Runs {@code npm ci} unless node_modules already matches the lock file. */
  private static synchronized void install(Path js) {
    Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "zg-storage-sdk-install.lock");
    try (FileChannel channel = FileChannel.open(lockFile,
        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock ignored = channel.lock()) {
      String wanted = sha256(js.resolve("package-lock.json"));
      Path stamp = js.resolve("node_modules").resolve(STAMP);
      if (Files.isRegularFile(stamp) && Files.readString(stamp).strip().equals(wanted)) {
        return;
      }
      String result = runOrNull(js, List.of("npm", "ci", "--no-audit", "--no-fund"),
          INSTALL_TIMEOUT_MINUTES);
      if (result == null) {
        unavailable("'npm ci' in " + js + " failed (no network?)");
      }
      Files.writeString(stamp, wanted + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void requireTool(String tool, String versionFlag) {
    if (runOrNull(Path.of("."), List.of(tool, versionFlag), 1) == null) {
      unavailable(tool + " is not installed (or not on PATH)");
    }
  }

  private static void unavailable(String why) {
    String message = "the official 0G SDK cannot run: " + why;
    if (System.getenv("ZG_REQUIRE_SHARED") != null || System.getenv("CI") != null) {
      fail(message + "; ZG_REQUIRE_SHARED or CI is set, so this is a failure");
    }
    assumeTrue(false, message + "; skipping the SDK comparison");
  }

  private static String run(Path dir, List<String> command, long timeoutMinutes) {
    String out = runOrNull(dir, command, timeoutMinutes);
    if (out == null) {
      fail("command failed: " + String.join(" ", command));
    }
    return out;
  }

  /** Stdout of a command that exits 0 in time, or null (its stderr goes to the test's log). */
  private static String runOrNull(Path dir, List<String> command, long timeoutMinutes) {
    Path out = null;
    Path errors = null;
    try {
      out = Files.createTempFile("zg-sdk-", ".out");
      errors = Files.createTempFile("zg-sdk-", ".err");
      Process process = new ProcessBuilder(command).directory(dir.toFile())
          .redirectOutput(out.toFile()).redirectError(errors.toFile()).start();
      process.getOutputStream().close();
      if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        System.err.println(String.join(" ", command) + ": timed out");
        return null;
      }
      if (process.exitValue() != 0) {
        System.err.println(String.join(" ", command) + " exited " + process.exitValue() + ":\n"
            + Files.readString(errors));
        return null;
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    } finally {
      deleteQuietly(out);
      deleteQuietly(errors);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      file.toFile().delete();
    }
  }

  private static String sha256(Path file) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
