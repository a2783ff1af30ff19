package dev.zg.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Data-folder chores with errors a user can act on. */
final class Folders {
  private Folders() {}

  static void create(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UserError("cannot create the data folder " + dir + ": " + e.getMessage(), e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    if (dir.toAbsolutePath().normalize().getNameCount() < 2) {
      throw new UserError("refusing to delete " + dir + ": too close to the file system root");
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UserError("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
