package dev.zg.compute.finetune;

import dev.zg.common.Hex;
import dev.zg.common.Keccak256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * An external trainer: runs {@code command} with three arguments appended, the dataset file,
 * the training-parameters file (the user's JSON) and the output path, and expects the model
 * at the output path when it exits 0. Lines it prints as {@code progress: N} (0..100) are
 * reported. It runs at most {@code timeout}.
 */
public final class CommandTrainer implements Trainer {
  /** Work folders beside the output; leftovers of a crash are removed at the next start. */
  public static final String WORK_PREFIX = "train-";
  private final String modelName;
  private final List<String> command;
  private final Duration timeout;

  public CommandTrainer(String modelName, List<String> command, Duration timeout) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("the trainer command is empty");
    }
    this.modelName = modelName;
    this.command = List.copyOf(command);
    this.timeout = timeout;
  }

  @Override
  public String modelName() {
    return modelName;
  }

  /** keccak256 of the model name and the command: what users name when they pick this trainer. */
  @Override
  public String modelHash() {
    return Hex.prefixed(Keccak256.hash((modelName + "\0" + String.join("\0", command))
        .getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public void train(byte[] dataset, String trainingParamsJson, Path out, IntConsumer progress)
      throws IOException, InterruptedException {
    Path work = Files.createTempDirectory(out.toAbsolutePath().getParent(), WORK_PREFIX);
    try {
      Path data = Files.write(work.resolve("dataset"), dataset);
      Path params = Files.writeString(work.resolve("training_params.json"), trainingParamsJson);
      // The command writes inside its work folder; the model moves to out only on success,
      // so a trainer orphaned by a crash can never overwrite the next run's result.
      Path result = work.resolve("model");
      List<String> argv = new ArrayList<>(command);
      argv.add(data.toString());
      argv.add(params.toString());
      argv.add(result.toString());
      Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
      StringBuilder tail = new StringBuilder();
      Thread reader = Thread.ofVirtual().start(() -> {
        try (var lines = p.inputReader(StandardCharsets.UTF_8)) {
          String line;
          while ((line = lines.readLine()) != null) {
            if (line.startsWith("progress: ")) {
              try {
                progress.accept(Integer.parseInt(line.substring(10).trim()));
              } catch (NumberFormatException ignored) {
                // not a progress line after all
              }
            }
            synchronized (tail) {
              tail.append(line).append('\n');
              if (tail.length() > 4096) {
                tail.delete(0, tail.length() - 4096);
              }
            }
          }
        } catch (IOException ignored) {
          // the process ended
        }
      });
      boolean exited;
      try {
        exited = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw e;
      }
      if (!exited) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new IOException("the trainer ran longer than " + timeout + " and was stopped");
      }
      reader.join(5_000);
      if (p.exitValue() != 0 || !Files.isRegularFile(result)) {
        throw new IOException("the trainer " + command.get(0) + " exited " + p.exitValue()
            + (Files.isRegularFile(result) ? "" : " without writing the model") + ": " + tail);
      }
      Files.move(result, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
