package dev.zg.cli;

import dev.zg.storage.merkle.FileHasher;
import dev.zg.storage.merkle.StorageSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code zg storage root FILE...}: each file's 0G Merkle root, printed as the official SDK's
 * {@code rootHash()} returns it (0x and 64 lower-case hex digits). One file prints the bare
 * root so that scripts can capture it; several print {@code ROOT  FILE} lines in argument
 * order, like sha256sum. A file that cannot be hashed gets one error line and the others are
 * still hashed; the exit status is then 1.
 */
@Command(name = "root", mixinStandardHelpOptions = true,
    description = {
      "Print the 0G Storage Merkle root of each FILE, as the official SDK computes it"
          + " (0x and 64 lower-case hex digits).",
      "With one FILE the root alone is printed; with several, one 'ROOT  FILE' line each.",
    })
final class StorageRootCommand implements Callable<Integer> {

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to hash.")
  List<Path> files;

  @Option(names = "--threads", paramLabel = "N",
      description = "Hash on N threads (default: one per core, at most 256).")
  Integer threads;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    FileHasher hasher = hasher();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean failed = false;
    for (Path file : files) {
      try {
        String root = root(hasher, file);
        out.println(files.size() == 1 ? root : root + "  " + file);
      } catch (UserError e) {
        out.flush();
        err.println("zg: " + e.getMessage());
        failed = true;
      }
    }
    out.flush();
    err.flush();
    return failed ? 1 : 0;
  }

  private FileHasher hasher() {
    if (threads == null) {
      return FileHasher.usingAllCores();
    }
    if (threads < 1 || threads > StorageSpec.THREADS_MAX) {
      throw new UserError("--threads must be 1.." + StorageSpec.THREADS_MAX + ", got " + threads);
    }
    return new FileHasher(threads);
  }

  /** The root as hex, or a UserError naming the file and what is wrong with it. */
  private static String root(FileHasher hasher, Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      if (attributes.isDirectory()) {
        throw new UserError(file + " is a folder, not a file");
      }
      if (!attributes.isRegularFile()) {
        throw new UserError(file + " is not a regular file");
      }
      if (attributes.size() == 0) {
        throw new UserError(file + " is empty; 0G Storage has no Merkle root for an empty file");
      }
      if (attributes.size() > StorageSpec.FILE_BYTES_MAX) {
        throw new UserError(file + " is larger than the " + StorageSpec.FILE_BYTES_MAX
            + " bytes zg hashes");
      }
      return hasher.root(file).toHex();
    } catch (NoSuchFileException e) {
      throw new UserError("no such file: " + file);
    } catch (AccessDeniedException e) {
      throw new UserError("cannot read " + file + ": permission denied");
    } catch (IOException e) {
      throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new UserError(file + ": " + e.getMessage(), e);
    }
  }
}
