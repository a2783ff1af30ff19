package dev.zg.cli;

import dev.zg.compute.model.BuiltInModel;
import dev.zg.compute.model.LlamaChatBackend;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Runs a GGUF model (or the built-in one) on this machine: the prompt's continuation. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Continue PROMPT with a GGUF model on this machine (llama.cpp, CPU),",
        "e.g. a fine-tuned model from `zg compute finetune download`."})
final class ComputeGenerateCommand implements Runnable {
  @Option(names = "--model", paramLabel = "FILE",
      description = "The GGUF file (default: the built-in model, trained on first use).")
  Path model;

  @Option(names = "--cache-dir", paramLabel = "DIR",
      description = "Where the built-in model is kept (default: ${DEFAULT-VALUE}).")
  Path cacheDir = Path.of(System.getProperty("user.home"), ".zg", "models");

  @Option(names = "--max-tokens", paramLabel = "N", description = "At most N new tokens (default: ${DEFAULT-VALUE}).")
  int maxTokens = 64;

  @Option(names = "--temperature", paramLabel = "T",
      description = "Sampling temperature, 0 for the most likely tokens (default: ${DEFAULT-VALUE}).")
  float temperature = 0.8f;

  @Option(names = "--seed", paramLabel = "S", description = "Sampling seed (default: random).")
  Integer seed;

  @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: ${DEFAULT-VALUE}).")
  int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

  @Parameters(paramLabel = "PROMPT", description = "The text to continue.")
  String prompt;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    LlamaChatBackend.preload();
    LlamaChatBackend.Sampling sampling;
    try {
      sampling = new LlamaChatBackend.Sampling(maxTokens, temperature, seed, null);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    Path file;
    try {
      file = model != null ? model : BuiltInModel.base(cacheDir);
    } catch (IOException e) {
      throw new UserError("the built-in model: " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (LlamaChatBackend backend = LlamaChatBackend.open(file, threads,
        Math.max(256, maxTokens + 1024))) {
      backend.complete(prompt, sampling, piece -> {
        out.print(piece);
        out.flush();
      });
      out.println();
      out.flush();
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
  }
}
