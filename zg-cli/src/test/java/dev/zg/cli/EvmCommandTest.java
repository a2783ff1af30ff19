package dev.zg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.testing.SharedVectors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvmCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void runPrintsOutputAndGas() {
    assertThat(run("evm", "run", "--code", "600260030160005260206000f3")).isZero();
    assertThat(out.toString()).contains("status:   success",
        "output:   0x0000000000000000000000000000000000000000000000000000000000000005",
        "gas used: 24");
  }

  @Test
  void runWithTraceWritesEip3155ToStderr() {
    assertThat(run("evm", "run", "--code", "6001600201", "--trace")).isZero();
    List<String> lines = err.toString().lines().toList();
    assertThat(lines).hasSize(5);
    assertThat(lines.get(0)).startsWith("{\"pc\":0,\"op\":96,");
  }

  @Test
  void failingCodeExitsNonZeroWithTheReason() {
    assertThat(run("evm", "run", "--code", "01")).isEqualTo(1);
    assertThat(out.toString()).contains("status:   stack underflow");
    assertThat(run("evm", "run", "--code", "zz")).isEqualTo(1);
    assertThat(err.toString()).contains("invalid hex character");
  }

  @Test
  void statetestPrintsOneLinePerCaseAndTheTotal() {
    Path folder = SharedVectors.require("ethereum-tests/GeneralStateTests/stExample");
    assertThat(run("evm", "statetest", folder.toString())).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(lines.size() - 1)).matches("\\d+ passed, 0 failed");
    assertThat(lines.subList(0, lines.size() - 1)).allMatch(l -> l.startsWith("PASS "));

    out.getBuffer().setLength(0);
    assertThat(run("evm", "statetest", "--json", folder.resolve("add11.json").toString())).isZero();
    assertThat(out.toString()).contains("\"name\":\"add11\"", "\"pass\":true", "\"stateRoot\":\"0x");
  }

  @Test
  void statetestReportsMissingPaths() {
    assertThat(run("evm", "statetest", "/no/such/folder")).isEqualTo(1);
    assertThat(err.toString()).contains("no such file or folder");
  }
}
