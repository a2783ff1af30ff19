package dev.zg.consensus.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Runs the simulation over many seeds (1,000 by default) and checks safety and liveness in
 * each; a failure prints the seed, the schedule and the last trace lines.
 *
 * <pre>
 *   ./mvnw -o -q -pl zg-consensus test -Dtest=ConsensusSimulationTest          # 1,000 seeds
 *   ./mvnw -o -q -pl zg-consensus test -Dtest='ConsensusSimulationTest#many*' \
 *       -Dzg.consensus.seed=123                          # replay one seed with a full trace
 *   ... -Dtest='ConsensusSimulationTest#many*' \
 *       -Dzg.consensus.seeds=20000 -Dzg.consensus.firstSeed=5000      # a longer hunt
 * </pre>
 *
 * Schedules run in parallel (each is single-threaded and owns its random generator), so the
 * result does not depend on the order they finish in.
 */
class ConsensusSimulationTest {
  private static final int SEEDS_DEFAULT = 1_000;
  private static final int TAIL_LINES = 80;

  @Test
  void manySchedulesKeepSafetyAndLiveness() {
    String replay = System.getProperty("zg.consensus.seed");
    if (replay != null) {
      replay(Long.parseLong(replay.trim()));
      return;
    }
    long first = Long.getLong("zg.consensus.firstSeed", 1);
    int count = Integer.getInteger("zg.consensus.seeds", SEEDS_DEFAULT);
    long started = System.nanoTime();
    List<SimResult> results = LongStream.range(first, first + count).parallel()
        .mapToObj(seed -> new Simulation(Scenario.fromSeed(seed), Trace.none()).run())
        .sorted((a, b) -> Long.compare(a.scenario().seed(), b.scenario().seed()))
        .collect(Collectors.toList());
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.println(statistics(results, millis));
    List<SimResult> failures = results.stream().filter(r -> !r.ok()).toList();
    for (SimResult failure : failures.subList(0, Math.min(3, failures.size()))) {
      System.out.println(explain(failure.scenario().seed()));
    }
    assertThat(failures.stream().map(r -> r.scenario().seed()).toList())
        .as("failing seeds (replay each with -Dzg.consensus.seed=N)").isEmpty();
    // Equivocation must be caught: evidence in most equivocator schedules (not all, since
    // drops and partitions can keep both versions from reaching any one honest node).
    List<SimResult> equivocators = results.stream()
        .filter(r -> r.scenario().kind() == Scenario.Kind.EQUIVOCATOR).toList();
    long withEvidence = equivocators.stream().filter(r -> r.evidence() > 0).count();
    assertThat(withEvidence).isGreaterThan(equivocators.size() * 3L / 4);
  }

  @Test
  void aSeedReplaysExactly() {
    for (long seed : new long[] {7, 8, 9, 4242}) {
      SimResult a = new Simulation(Scenario.fromSeed(seed), Trace.none()).run();
      SimResult b = new Simulation(Scenario.fromSeed(seed), Trace.tail(10)).run();
      assertThat(b.fingerprint()).as("seed %d", seed).isEqualTo(a.fingerprint());
      assertThat(b.summary()).isEqualTo(a.summary());
    }
  }

  /**
   * The checker has teeth: with two colluding equivocators of four (half the power, beyond
   * the 1/3 the protocol tolerates) agreement must break in some schedule, and the checker
   * must say so.
   */
  @Test
  void theCheckerCatchesAForkByTwoEquivocatorsOfFour() {
    List<SimResult> results = new ArrayList<>();
    for (long seed = 1; seed <= 20; seed++) {
      results.add(new Simulation(Scenario.twoEquivocators(seed), Trace.none()).run());
    }
    assertThat(results).anySatisfy(r -> assertThat(r.failure()).contains("SAFETY VIOLATION"));
    results.stream().filter(r -> !r.ok()).findFirst().ifPresent(r -> System.out.println(
        "two equivocators of four fork at seed " + r.scenario().seed() + ": " + r.failure()));
  }

  /**
   * The checker has teeth, second part: a host that forgets its signing state when it
   * crashes makes honest validators sign conflicting votes, and the checker must notice.
   */
  @Test
  void theCheckerCatchesAHostThatForgetsItsSigningState() {
    List<String> failures = new ArrayList<>();
    for (long seed = 1; seed <= 300 && failures.isEmpty(); seed++) {
      Scenario scenario = Scenario.fromSeed(seed);
      if (!scenario.crashes().isEmpty() && scenario.kind() == Scenario.Kind.NETWORK_FAULTS) {
        SimResult r = new Simulation(scenario, Trace.none()).withAmnesia().run();
        if (!r.ok()) {
          failures.add(r.failure());
          System.out.println("a forgetful host is caught at seed " + seed + ": " + r.failure());
        }
      }
    }
    assertThat(failures).anySatisfy(f -> assertThat(f).containsAnyOf("double-signed",
        "SAFETY VIOLATION"));
  }

  private static void replay(long seed) {
    SimResult result = new Simulation(Scenario.fromSeed(seed), Trace.printing(System.out)).run();
    System.out.println(result.summary());
    assertThat(result.failure()).as(result.summary()).isNull();
  }

  private static String explain(long seed) {
    Trace tail = Trace.tail(TAIL_LINES);
    SimResult again = new Simulation(Scenario.fromSeed(seed), tail).run();
    return "\n=== " + again.summary() + "\n  last trace lines:\n"
        + String.join("\n", tail.tail())
        + "\n  replay: ./mvnw -o -q -pl zg-consensus test"
        + " -Dtest='ConsensusSimulationTest#many*' -Dzg.consensus.seed=" + seed + "\n";
  }

  private static String statistics(List<SimResult> results, long millis) {
    long failed = results.stream().filter(r -> !r.ok()).count();
    long events = results.stream().mapToLong(SimResult::events).sum();
    long evidence = results.stream().filter(r -> r.evidence() > 0).count();
    long worstLiveness = results.stream().mapToLong(SimResult::livenessMillis).max().orElse(0);
    int maxRound = results.stream().mapToInt(SimResult::maxRound).max().orElse(0);
    StringBuilder kinds = new StringBuilder();
    for (Scenario.Kind kind : Scenario.Kind.values()) {
      long n = results.stream().filter(r -> r.scenario().kind() == kind).count();
      if (n > 0) {
        kinds.append(' ').append(kind).append('=').append(n);
      }
    }
    return String.format("consensus simulation: %d schedules (%s) in %d ms, %d failed; "
        + "%d events; evidence in %d schedules; slowest recovery %d ms of virtual time "
        + "after faults; highest commit round %d", results.size(), kinds.toString().trim(),
        millis, failed, events, evidence, worstLiveness, maxRound);
  }
}
