package dev.zg.storage.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.common.testing.NpmPackages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

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
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

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
    Path js = prepare();
    List<String> command = new ArrayList<>(List.of("node", "sdk-roots.mjs"));
    files.forEach(f -> command.add(f.toAbsolutePath().toString()));
    String out = run(js, command);
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
    Path js = prepare();
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(args);
    return run(js, command);
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

  /** The SDK's folder with its packages installed; skips or fails as above. */
  private static Path prepare() {
    Path js = jsFolder();
    NpmPackages.requireNodeAndNpm(
        "the comparisons with the official 0G SDK need Node.js 20+ and npm");
    try {
      NpmPackages.installIfStale(js);
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage());
      NpmPackages.unavailable("the official 0G SDK cannot run: 'npm ci' in " + js
          + " failed (no network?)");
    }
    return js;
  }

  private static String run(Path dir, List<String> command) {
    NpmPackages.Result r = NpmPackages.run(dir, Map.of(), RUN_TIMEOUT, command);
    if (r.exitCode() != 0) {
      fail("command failed: " + String.join(" ", command) + ": " + r);
    }
    return r.stdout();
  }
}
