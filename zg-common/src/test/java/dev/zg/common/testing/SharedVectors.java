package dev.zg.common.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the shared conformance vectors ({@code ../shared} beside the repository) for tests.
 * Without them a test is skipped with a message saying so, unless {@code ZG_REQUIRE_SHARED}
 * is set (CI sets it), in which case their absence is a failure.
 */
public final class SharedVectors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SharedVectors() {}

  /** The shared folder, or null when it cannot be found. */
  public static Path sharedDirOrNull() {
    String configured = System.getProperty("zg.shared.dir");
    if (configured == null || configured.isBlank()) {
      configured = System.getenv("ZG_SHARED_DIR");
    }
    if (configured != null && !configured.isBlank()) {
      Path p = Path.of(configured).toAbsolutePath().normalize();
      return Files.isDirectory(p) ? p : null;
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolveSibling("shared");
      if (Files.isDirectory(dir.resolve(".mvn")) && Files.isDirectory(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    return null;
  }

  /** {@code shared/<relative>}; skips (or fails under CI) when it is missing. */
  public static Path require(String relative) {
    Path shared = sharedDirOrNull();
    Path target = shared == null ? null : shared.resolve(relative);
    boolean present = target != null && Files.exists(target);
    String message = "shared vectors not found: " + relative
        + " (expected ../shared beside the repository, or set ZG_SHARED_DIR)";
    if (!present && System.getenv("ZG_REQUIRE_SHARED") != null) {
      fail(message + "; ZG_REQUIRE_SHARED is set, so this is a failure");
    }
    assumeTrue(present, message + "; skipping");
    return target;
  }

  /** Every {@code *.json} file under a folder, sorted. */
  public static List<Path> jsonFiles(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Path of a vector file relative to the shared folder, for test names. */
  public static String displayName(Path file) {
    Path shared = sharedDirOrNull();
    return shared == null ? file.toString() : shared.relativize(file).toString();
  }
}
