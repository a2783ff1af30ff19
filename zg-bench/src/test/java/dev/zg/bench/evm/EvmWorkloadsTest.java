package dev.zg.bench.evm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * zg's EVM does the same work as the peers on every benchmark workload: the same gas to the
 * unit and the same output as @ethereumjs/evm recorded in {@code evm-workloads.json} (and EDR
 * checks against those too when the benchmark runs). No timing here.
 */
class EvmWorkloadsTest {
  private static final EvmWorkloads workloads = EvmWorkloads.load();

  static Stream<String> names() {
    return workloads.workloads().stream().map(EvmWorkloads.Workload::name);
  }

  @ParameterizedTest
  @MethodSource("names")
  void matchesThePeersGasAndOutput(String name) {
    EvmWorkloads.Workload w = workloads.workload(name);
    EvmWorkloads.Outcome first = workloads.verify(w);
    // Every call starts from the deployed state, so a second call costs exactly the same.
    assertThat(workloads.call(w).gas()).isEqualTo(first.gas());
  }

  @Test
  void coversTheWorkloadsTheIssueNames() {
    assertThat(names()).containsExactly(
        "erc20-transfers", "keccak-loop", "storage-loop", "ray-tracer", "bn254-pairing");
    assertThat(workloads.workloads()).allSatisfy(w ->
        assertThat(w.gas()).isBetween(10_000_000L, 30_000_000L));
  }
}
