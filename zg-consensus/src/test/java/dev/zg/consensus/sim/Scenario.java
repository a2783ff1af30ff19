package dev.zg.consensus.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One simulated schedule, derived entirely from a seed: the validators and their stakes,
 * which of them is faulty and how, the network's fault rates, and the timed fault episodes
 * (partitions, crashes). Faults happen only before {@link #faultsEndMillis}; after it the
 * network is reliable (delays and duplicates remain), partitions are healed and every crashed
 * honest validator is back, so more than 2/3 of the power is connected and blocks must
 * resume.
 */
public record Scenario(
    long seed,
    Kind kind,
    long[] powers,
    int faulty,
    double dropRate,
    double duplicateRate,
    long delayMaxMillis,
    double[] clockRates,
    List<PartitionEpisode> partitions,
    List<CrashEpisode> crashes,
    long faultsEndMillis) {

  public enum Kind {
    /** All validators honest; network faults and crashes with restarts. */
    NETWORK_FAULTS,
    /** Four validators, one of them equivocating (and sending junk). */
    EQUIVOCATOR,
    /** One validator crashes for good (or never starts). */
    SILENT,
    /** Test of the checker itself: two equivocators of four, colluding. Unsafe on purpose. */
    TWO_EQUIVOCATORS
  }

  /** Nodes split into groups from {@code startMillis} until {@code startMillis + millis}. */
  public record PartitionEpisode(long startMillis, long millis, int[] groupOf) {}

  /**
   * Node {@code node} crashes at {@code atMillis} (in the middle of applying its outputs when
   * {@code midOutputs}) and restarts after {@code downMillis}, or never when it is -1.
   */
  public record CrashEpisode(long atMillis, int node, boolean midOutputs, long downMillis) {}

  public int size() {
    return powers.length;
  }

  public boolean isByzantine(int node) {
    return (kind == Kind.EQUIVOCATOR && node == faulty)
        || (kind == Kind.TWO_EQUIVOCATORS && (node == 0 || node == 1));
  }

  public boolean isSilent(int node) {
    return kind == Kind.SILENT && node == faulty;
  }

  /** The schedule of a seed; the same seed always gives the same scenario. */
  public static Scenario fromSeed(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    Kind kind = Kind.values()[rng.nextInt(3)];
    int n = kind == Kind.EQUIVOCATOR ? 4 : 4 + rng.nextInt(4);
    long[] powers = stakes(rng, n);
    int faulty = kind == Kind.NETWORK_FAULTS ? -1 : rng.nextInt(n);
    if (faulty >= 0) {
      capBelowOneThird(powers, faulty);
    }
    long faultsEnd = 15_000 + rng.nextInt(25_000);
    double[] clockRates = new double[n];
    for (int i = 0; i < n; i++) {
      clockRates[i] = 0.8 + 0.4 * rng.nextDouble(); // timers of each node drift up to 20%
    }
    List<CrashEpisode> crashes = crashes(rng, kind, n, faulty, faultsEnd);
    return new Scenario(seed, kind, powers, faulty, 0.3 * rng.nextDouble(),
        0.2 * rng.nextDouble(), 10 + rng.nextInt(800), clockRates,
        partitions(rng, n, faultsEnd), crashes, faultsEnd);
  }

  /** The checker's own test: two colluding equivocators of four equal validators. */
  public static Scenario twoEquivocators(long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    return new Scenario(seed, Kind.TWO_EQUIVOCATORS, new long[] {10, 10, 10, 10}, 0, 0, 0,
        10 + rng.nextInt(100), new double[] {1, 1, 1, 1}, List.of(), List.of(), 10_000);
  }

  private static long[] stakes(SplittableRandom rng, int n) {
    int spread = new int[] {1, 10, 100}[rng.nextInt(3)];
    long[] powers = new long[n];
    for (int i = 0; i < n; i++) {
      powers[i] = 1 + rng.nextInt(spread);
    }
    return powers;
  }

  /** Faulty power must stay below 1/3 of the total for the guarantees to apply. */
  private static void capBelowOneThird(long[] powers, int faulty) {
    long others = Arrays.stream(powers).sum() - powers[faulty];
    // 3p < p + others  <=>  2p < others; with 3+ others of power >= 1 this leaves p >= 1.
    powers[faulty] = Math.max(1, Math.min(powers[faulty], (others - 1) / 2));
  }

  private static List<PartitionEpisode> partitions(SplittableRandom rng, int n, long end) {
    List<PartitionEpisode> episodes = new ArrayList<>();
    int count = rng.nextInt(4);
    for (int i = 0; i < count; i++) {
      int[] groupOf = new int[n];
      int groups = 2 + rng.nextInt(2);
      for (int node = 0; node < n; node++) {
        groupOf[node] = rng.nextInt(groups);
      }
      long start = rng.nextLong(end - 1_000);
      episodes.add(new PartitionEpisode(start, 500 + rng.nextLong(end - start), groupOf));
    }
    return episodes;
  }

  private static List<CrashEpisode> crashes(SplittableRandom rng, Kind kind, int n, int faulty,
      long end) {
    List<CrashEpisode> episodes = new ArrayList<>();
    if (kind == Kind.SILENT) {
      long at = rng.nextBoolean() ? 0 : rng.nextLong(end);
      episodes.add(new CrashEpisode(at, faulty, rng.nextBoolean(), -1));
    }
    int count = rng.nextInt(4);
    for (int i = 0; i < count; i++) {
      int node = rng.nextInt(n);
      if (node == faulty) {
        continue; // the faulty validator stays as it is; crashes are for honest ones
      }
      long at = rng.nextLong(end - 500);
      long down = 100 + rng.nextLong(Math.max(1, Math.min(15_000, end - at)));
      episodes.add(new CrashEpisode(at, node, rng.nextInt(3) == 0, down));
    }
    return episodes;
  }

  /** One line for failure reports. */
  public String describe() {
    StringBuilder s = new StringBuilder()
        .append(kind).append(", ").append(size()).append(" validators, powers ")
        .append(Arrays.toString(powers));
    if (faulty >= 0) {
      s.append(", faulty n").append(faulty);
    }
    s.append(String.format(", drop %.2f, dup %.2f, delay <= %d ms, faults end at %d ms",
        dropRate, duplicateRate, delayMaxMillis, faultsEndMillis));
    for (PartitionEpisode p : partitions) {
      s.append("\n  partition ").append(Arrays.toString(p.groupOf())).append(" at ")
          .append(p.startMillis()).append(" ms for ").append(p.millis()).append(" ms");
    }
    for (CrashEpisode c : crashes) {
      s.append("\n  crash n").append(c.node()).append(" at ").append(c.atMillis())
          .append(" ms").append(c.midOutputs() ? " (mid-outputs)" : "")
          .append(c.downMillis() < 0 ? ", for good" : ", down " + c.downMillis() + " ms");
    }
    return s.toString();
  }
}
