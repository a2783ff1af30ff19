package dev.zg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.storage.merkle.FileHasher;
import dev.zg.storage.testing.OfficialSdk;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zg storage root} against the official 0G storage SDK (run in Node.js, see
 * {@link OfficialSdk}) on the acceptance files: the CLI and the Java API must print exactly
 * the SDK's {@code rootHash()}.
 */
class StorageRootCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path dir;

  private int run(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void printsTheSdksRootForEachAcceptanceFile() throws IOException {
    List<Path> files = OfficialSdk.writeAcceptanceFiles(dir);
    Map<Path, OfficialSdk.FileTree> sdk = OfficialSdk.trees(files);

    List<String> args = new ArrayList<>(List.of("storage", "root"));
    files.forEach(f -> args.add(f.toString()));
    assertThat(run(args.toArray(String[]::new))).isZero();
    List<String> expectedLines = files.stream()
        .map(f -> sdk.get(f).root() + "  " + f).toList();
    assertThat(out.toString().lines().toList()).isEqualTo(expectedLines);
    assertThat(err.toString()).isEmpty();

    FileHasher api = FileHasher.usingAllCores();
    for (Path file : files) {
      String expected = sdk.get(file).root();
      assertThat(expected).matches("0x[0-9a-f]{64}");
      assertThat(run("storage", "root", file.toString())).isZero();
      assertThat(out.toString()).as("bare root of %s", file.getFileName())
          .isEqualTo(expected + System.lineSeparator());
      assertThat(api.root(file).toHex()).as("API root of %s", file.getFileName())
          .isEqualTo(expected);
    }
  }

  @Test
  void emptyFileIsAClearError() throws IOException {
    Path empty = Files.write(dir.resolve("empty.bin"), new byte[0]);
    assertThat(run("storage", "root", empty.toString())).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).isEqualTo("zg: " + empty
        + " is empty; 0G Storage has no Merkle root for an empty file" + System.lineSeparator());
  }

  @Test
  void missingFilesAndFoldersAreClearErrorsAndTheRestStillPrint() throws IOException {
    Path good = Files.writeString(dir.resolve("hello.txt"), "hello world");
    Path missing = dir.resolve("missing.bin");
    assertThat(run("storage", "root", missing.toString(), good.toString(), dir.toString()))
        .isEqualTo(1);
    assertThat(out.toString()).isEqualTo(
        "0x62c5d8e26d8bb05622e88c9819283ad82e722db87816f1962ce2810ea565aae5  " + good
            + System.lineSeparator());
    assertThat(err.toString().lines().toList()).containsExactly(
        "zg: no such file: " + missing,
        "zg: " + dir + " is a folder, not a file");
  }

  @Test
  void threadsOptionAndLimits() throws IOException {
    Path file = Files.write(dir.resolve("three-segments"), new byte[3 * 262_144]);
    assertThat(run("storage", "root", "--threads", "1", file.toString())).isZero();
    String one = out.toString();
    assertThat(run("storage", "root", "--threads", "3", file.toString())).isZero();
    assertThat(out.toString()).isEqualTo(one);
    assertThat(run("storage", "root", "--threads", "0", file.toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith("zg: --threads must be 1..256");
    assertThat(run("storage", "root")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required parameter");
  }

  @Test
  void storageListsItsSubcommands() {
    assertThat(run("storage", "kv")).isZero();
    assertThat(out.toString()).contains("put", "get");
    assertThat(run("storage")).isZero();
    assertThat(out.toString()).contains("root", "upload", "download", "info", "kv");
  }
}
