package dev.zg.bench.evm;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One workload call of {@link EvmWorkloads} per operation, under JMH: for profilers
 * ({@code -prof jfr}, {@code -prof gc}) and for a second opinion on {@link EvmThroughput}, which
 * is what the side-by-side table uses. The {@code gas} counter, reported per microsecond, is
 * Mgas/s directly.
 *
 * <p>Run: {@code java -jar zg-bench/target/benchmarks.jar EvmWorkloadBenchmark
 * -p workload=ray-tracer}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class EvmWorkloadBenchmark {
  @Param({"erc20-transfers", "keccak-loop", "storage-loop", "ray-tracer", "bn254-pairing"})
  public String workload;

  private EvmWorkloads workloads;
  private EvmWorkloads.Workload selected;

  /** Gas executed, as a rate: JMH divides it by the time, so per microsecond it is Mgas/s. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Gas {
    public long gas;

    @Setup(Level.Iteration)
    public void reset() {
      gas = 0;
    }
  }

  @Setup
  public void setUp() {
    workloads = EvmWorkloads.load();
    selected = workloads.workload(workload);
    workloads.verify(selected);
  }

  @Benchmark
  public EvmWorkloads.Outcome call(Gas counter) {
    EvmWorkloads.Outcome outcome = workloads.call(selected);
    counter.gas += outcome.gas();
    return outcome;
  }
}
