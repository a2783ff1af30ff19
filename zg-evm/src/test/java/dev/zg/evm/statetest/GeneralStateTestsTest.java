package dev.zg.evm.statetest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.testing.SharedVectors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;


/**
 * Every Cancun case of ethereum/tests GeneralStateTests, one dynamic test per file. A case
 * may fail only if it is listed, with its cause, in {@code statetest-known-failures.txt};
 * a listed case that passes fails the run too, so the list stays true. At least 99.5% of all
 * cases must pass.
 */
class GeneralStateTestsTest {
  private static final ThreadLocal<StateTestRunner> RUNNER =
      ThreadLocal.withInitial(StateTestRunner::new);
  private static final List<StateTestResult> ALL = Collections.synchronizedList(new ArrayList<>());

  static Set<String> knownFailures() {
    Set<String> known = new HashSet<>();
    try (InputStream in = GeneralStateTestsTest.class
        .getResourceAsStream("/statetest-known-failures.txt")) {
      if (in == null) {
        return known;
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String trimmed = line.strip();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
          known.add(trimmed.split("\\s+#", 2)[0].strip());
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return known;
  }

  /** The key a known failure is listed under: relative file, test, fork and indexes. */
  static String key(Path base, StateTestResult r) {
    return base.relativize(Path.of(r.testCase().file())) + " " + r.testCase().id();
  }

  @TestFactory
  Stream<DynamicTest> generalStateTests() throws Exception {
    Path base = SharedVectors.require("ethereum-tests/GeneralStateTests");
    Set<String> known = knownFailures();
    List<Path> files = SharedVectors.jsonFiles(base);
    // Files are independent: run them on every core first, then report one test per file.
    ForkJoinPool pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
    List<List<StateTestResult>> perFile;
    try {
      perFile = pool.submit(() -> files.parallelStream()
          .map(file -> RUNNER.get().runFile(file)).toList()).get();
    } finally {
      pool.shutdown();
    }
    perFile.forEach(ALL::addAll);
    return IntStream.range(0, files.size()).mapToObj(i ->
        DynamicTest.dynamicTest(base.relativize(files.get(i)).toString(), () -> {
          List<String> problems = new ArrayList<>();
          for (StateTestResult r : perFile.get(i)) {
            String k = key(base, r);
            if (!r.passed() && !known.contains(k)) {
              problems.add(k + ": " + r.error() + " (expected " + r.expectedRoot() + ", got "
                  + r.actualRoot() + ")");
            } else if (r.passed() && known.contains(k)) {
              problems.add(k + ": passes now; remove it from statetest-known-failures.txt");
            }
          }
          assertThat(problems).isEmpty();
        }));
  }

  @AfterAll
  static void atLeast995PerMillePass() {
    if (ALL.isEmpty()) {
      return;
    }
    long passed = ALL.stream().filter(StateTestResult::passed).count();
    System.out.printf("GeneralStateTests (Cancun): %d passed, %d failed%n", passed,
        ALL.size() - passed);
    assertThat(passed * 1000).isGreaterThanOrEqualTo(ALL.size() * 995L);
  }
}
