package dev.zg.bench.evm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Mgas/s of zg's EVM on each workload of {@link EvmWorkloads}, measured exactly as the peer
 * runner ({@code zg-bench/evm/lib/measure.mjs}) measures EDR and ethereumjs: check the gas and
 * output once, call for a warm-up period, then time whole calls until the measuring period is
 * over. Throughput is the total gas of the timed calls over their total time. Prints JSON on
 * stdout in the peer runner's format; {@code zg-bench/evm/run.sh} puts the three side by side.
 *
 * <p>Run: {@code java -cp zg-bench/target/benchmarks.jar dev.zg.bench.evm.EvmThroughput
 * [--warmup-ms 3000] [--measure-ms 8000]}; {@code ZG_BENCH_WORKLOADS=a,b} picks workloads.
 */
public final class EvmThroughput {
  private static final int MIN_WARMUP_CALLS = 2;
  private static final int MIN_TIMED_CALLS = 3;

  private EvmThroughput() {}

  public static void main(String[] args) throws Exception {
    long warmupMs = option(args, "--warmup-ms", 3000);
    long measureMs = option(args, "--measure-ms", 8000);
    String only = System.getenv("ZG_BENCH_WORKLOADS");
    Set<String> selected = only == null ? null : Set.of(only.split(","));

    EvmWorkloads workloads = EvmWorkloads.load();
    List<Map<String, Object>> results = new ArrayList<>();
    for (EvmWorkloads.Workload w : workloads.workloads()) {
      if (selected != null && !selected.contains(w.name())) {
        continue;
      }
      workloads.verify(w);
      double[] millis = measure(workloads, w, warmupMs, measureMs);
      Map<String, Object> result = summarize(w, millis);
      System.err.printf("zg %s: %.1f Mgas/s over %d calls%n", w.name(),
          (double) result.get("mgasPerSecond"), millis.length);
      results.add(result);
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("evm", "zg");
    report.put("version", "zg-evm " + zgEvmVersion());
    report.put("jvm", System.getProperty("java.vm.name") + " " + Runtime.version());
    report.put("timing", Map.of("warmupMs", warmupMs, "measureMs", measureMs));
    report.put("results", results);
    System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
        .writeValueAsString(report));
  }

  /** The measured calls' durations in milliseconds; every call's outcome is checked. */
  static double[] measure(EvmWorkloads workloads, EvmWorkloads.Workload w, long warmupMs,
      long measureMs) {
    long start = System.nanoTime();
    for (int n = 0; n < MIN_WARMUP_CALLS || elapsedMs(start) < warmupMs; n++) {
      check(w, workloads.call(w));
    }
    List<Double> millis = new ArrayList<>();
    start = System.nanoTime();
    while (millis.size() < MIN_TIMED_CALLS || elapsedMs(start) < measureMs) {
      long t = System.nanoTime();
      EvmWorkloads.Outcome outcome = workloads.call(w);
      millis.add((System.nanoTime() - t) / 1e6);
      check(w, outcome); // outside the timed region, as in the peer runner
    }
    return millis.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void check(EvmWorkloads.Workload w, EvmWorkloads.Outcome outcome) {
    if (outcome.gas() != w.gas() || !Arrays.equals(outcome.output(), w.output())) {
      throw new IllegalStateException(w.name() + ": a repeated call used " + outcome.gas()
          + " gas instead of " + w.gas() + " or returned something else");
    }
  }

  static Map<String, Object> summarize(EvmWorkloads.Workload w, double[] millis) {
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    double total = Arrays.stream(millis).sum();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("name", w.name());
    result.put("gas", w.gas());
    result.put("calls", millis.length);
    result.put("mgasPerSecond", (double) w.gas() * millis.length / total / 1000);
    result.put("medianMs", sorted[sorted.length / 2]);
    result.put("minMs", sorted[0]);
    result.put("maxMs", sorted[sorted.length - 1]);
    return result;
  }

  private static double elapsedMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }

  private static long option(String[] args, String name, long fallback) {
    int i = Arrays.asList(args).indexOf(name);
    return i < 0 || i + 1 >= args.length ? fallback : Long.parseLong(args[i + 1]);
  }

  /** From the Maven metadata the jar carries; run.sh adds the git commit. */
  private static String zgEvmVersion() throws IOException {
    Properties pom = new Properties();
    try (InputStream in = EvmThroughput.class.getResourceAsStream(
        "/META-INF/maven/dev.zg/zg-evm/pom.properties")) {
      if (in == null) {
        return "(not from a jar)";
      }
      pom.load(in);
    }
    return pom.getProperty("version");
  }
}
