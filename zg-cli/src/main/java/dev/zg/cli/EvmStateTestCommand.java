package dev.zg.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.evm.statetest.StateTestResult;
import dev.zg.evm.statetest.StateTestRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "statetest", mixinStandardHelpOptions = true,
    description = {
      "Run GeneralStateTests files or folders (Cancun cases) and print one result per case.",
      "The last line is 'N passed, M failed'; the exit status is 1 when any case fails."})
final class EvmStateTestCommand implements Runnable {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "State test files or folders.")
  List<Path> paths;

  @Option(names = "--json", description = "One JSON object per case instead of text.")
  boolean json;

  @Option(names = "--threads", paramLabel = "N",
      description = "Files run in parallel (default: the number of cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    if (threads < 1) {
      throw new UserError("--threads must be at least 1");
    }
    List<Path> files = collect();
    PrintWriter out = spec.commandLine().getOut();
    ThreadLocal<StateTestRunner> runners = ThreadLocal.withInitial(StateTestRunner::new);
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "statetest");
      t.setDaemon(true);
      return t;
    });
    long passed = 0;
    long failed = 0;
    try {
      List<Future<List<StateTestResult>>> futures = new ArrayList<>();
      for (Path file : files) {
        futures.add(pool.submit(() -> runners.get().runFile(file)));
      }
      for (Future<List<StateTestResult>> future : futures) {
        for (StateTestResult r : future.get()) {
          out.println(json ? toJson(r) : toText(r));
          if (r.passed()) {
            passed++;
          } else {
            failed++;
          }
        }
        out.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted");
    } catch (ExecutionException e) {
      throw new IllegalStateException("state test runner failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    out.println(passed + " passed, " + failed + " failed");
    out.flush();
    if (failed > 0) {
      throw new QuietExit(1);
    }
  }

  private List<Path> collect() {
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isRegularFile(p)) {
        files.add(p);
      } else if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(f -> f.toString().endsWith(".json") && Files.isRegularFile(f))
              .sorted().forEach(files::add);
        } catch (IOException e) {
          throw new UserError("cannot read folder " + p + ": " + e.getMessage());
        }
      } else {
        throw new UserError("no such file or folder: " + p);
      }
    }
    return files;
  }

  private static String toText(StateTestResult r) {
    String head = (r.passed() ? "PASS " : "FAIL ") + r.testCase().file() + " " + r.testCase().id();
    if (r.passed()) {
      return head;
    }
    return head + "  expected " + r.expectedRoot() + " actual " + r.actualRoot() + "  "
        + r.error();
  }

  private static String toJson(StateTestResult r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("name", r.testCase().test());
    o.put("file", r.testCase().file());
    o.put("fork", r.testCase().fork());
    o.put("data", r.testCase().dataIndex());
    o.put("gas", r.testCase().gasIndex());
    o.put("value", r.testCase().valueIndex());
    o.put("pass", r.passed());
    o.put("expectedStateRoot", r.expectedRoot());
    o.put("stateRoot", r.actualRoot());
    if (r.error() != null) {
      o.put("error", r.error());
    }
    return o.toString();
  }
}
