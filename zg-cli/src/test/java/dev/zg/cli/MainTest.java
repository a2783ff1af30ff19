package dev.zg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void helpListsTheSubcommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("devnet", "node", "testnet", "evm", "storage", "compute");
  }

  @Test
  void devnetRefusesBadStoragePortsBeforeCreatingAnything(@TempDir Path dir) {
    Path data = dir.resolve("devnet");
    assertThat(run("devnet", "--data-dir", data.toString(), "--indexer-port", "70000"))
        .isEqualTo(1);
    assertThat(err.toString()).startsWith(
        "zg: --storage-port, --indexer-port and --kv-port must be 0..65535, got 70000");
    assertThat(data).doesNotExist();
  }

  @Test
  void storageCommandsWithoutADevnetAskForTheirFlags(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("a.txt"), "abc");
    assertThat(run("storage", "upload", file.toString(), "--devnet", dir.toString()))
        .isEqualTo(1);
    assertThat(err.toString()).startsWith("zg: no devnet.json in " + dir);
    err.getBuffer().setLength(0);
    assertThat(run("storage", "download", "0x12", dir.resolve("out").toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith("zg: not a root (0x and 64 hex digits): 0x12");
  }

  @Test
  void versionNamesZgAndJava() {
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).startsWith("zg ").contains("Java ");
  }

  @Test
  void unknownOptionIsOneClearLineAndUsageExit() {
    assertThat(run("--no-such-option")).isEqualTo(2);
    assertThat(err.toString()).startsWith("zg: Unknown option: '--no-such-option'");
    assertThat(err.toString()).doesNotContain("Exception");
  }

  @Test
  void userErrorsHaveNoStackTraceUnlessVerbose() {
    assertThat(run("rlp", "decode", "0x8105")).isEqualTo(1);
    assertThat(err.toString().lines().count()).isEqualTo(1);
    assertThat(err.toString()).startsWith("zg: invalid RLP: non-canonical");

    err.getBuffer().setLength(0);
    assertThat(run("rlp", "decode", "0x8105", "--verbose")).isEqualTo(1);
    assertThat(err.toString()).contains("at dev.zg.cli");
  }

  @Test
  void keccakOfTextHexAndFile(@TempDir Path dir) throws Exception {
    assertThat(run("keccak", "--text", "")).isZero();
    assertThat(out.toString().trim())
        .isEqualTo("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    out.getBuffer().setLength(0);
    Path file = dir.resolve("abc.txt");
    Files.writeString(file, "abc");
    assertThat(run("keccak", "--file", file.toString())).isZero();
    assertThat(run("keccak", "--hex", "0x616263")).isZero();
    assertThat(out.toString().lines().distinct().toList())
        .containsExactly("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
    assertThat(run("keccak", "--file", dir.resolve("missing").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("no such file");
  }

  @Test
  void rlpDecodePrintsTheTree() {
    assertThat(run("rlp", "decode", "0xc88363617483646f67")).isZero();
    assertThat(out.toString()).isEqualTo("list (2 items)\n  0x636174\n  0x646f67\n");
  }
}
