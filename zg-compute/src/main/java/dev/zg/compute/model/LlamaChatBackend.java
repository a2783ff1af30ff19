package dev.zg.compute.model;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Text generation with any GGUF model file through llama.cpp (the {@code de.kherud:llama}
 * JNI bindings), on the CPU. One model context, so generations run one at a time: callers
 * queue on this object's lock (llama contexts are not thread-safe).
 */
public final class LlamaChatBackend implements AutoCloseable {
  public static final int PROMPT_CHARS_MAX = 64 * 1024;
  public static final int COMPLETION_TOKENS_MAX = 4096;
  private static final Logger LOG = LoggerFactory.getLogger(LlamaChatBackend.class);
  private static final java.security.SecureRandom SEEDS = new java.security.SecureRandom();

  static {
    // The loader reports where it unpacked the native library on stdout, which belongs to
    // zg's commands: keep that line out of it while the library loads.
    java.io.PrintStream stdout = System.out;
    System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    try {
      // llama.cpp logs every load and decode step; keep it at debug level in zg's log.
      LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> {
        if (LOG.isDebugEnabled()) {
          LOG.debug("llama.cpp: {}", message.strip());
        }
      });
    } finally {
      System.setOut(stdout);
    }
  }

  /**
   * Loads llama.cpp's native library now. A process that also loads other native libraries
   * (RocksDB) must call this first: loaded after them, llama.cpp's C++ runtime calls were
   * observed to resolve to another library's copy and abort the process.
   */
  public static void preload() {
    // The static initializer above has run once this method is reached.
  }

  /** What a generation produced, with llama.cpp's token counts. */
  public record Completion(String text, int promptTokens, int completionTokens,
      String finishReason) {}

  /** Sampling settings; temperature 0 is greedy (deterministic). */
  public record Sampling(int maxTokens, float temperature, Integer seed, List<String> stop) {
    public Sampling {
      if (maxTokens < 1 || maxTokens > COMPLETION_TOKENS_MAX) {
        throw new IllegalArgumentException("max_tokens must be in 1.." + COMPLETION_TOKENS_MAX);
      }
      if (!(temperature >= 0 && temperature <= 2)) {
        throw new IllegalArgumentException("temperature must be in 0..2");
      }
      stop = stop == null ? List.of() : List.copyOf(stop);
    }
  }

  private final LlamaModel model;
  private final Path file;
  private final int contextTokens;

  private LlamaChatBackend(LlamaModel model, Path file, int contextTokens) {
    this.model = model;
    this.file = file;
    this.contextTokens = contextTokens;
  }

  /** Loads {@code gguf} for CPU inference with {@code threads} threads. */
  public static LlamaChatBackend open(Path gguf, int threads, int contextTokens) {
    if (!Files.isRegularFile(gguf)) {
      throw new IllegalArgumentException("no model file " + gguf);
    }
    ModelParameters parameters = new ModelParameters().setModel(gguf.toString())
        .setGpuLayers(0).setCtxSize(contextTokens).setBatchSize(Math.min(512, contextTokens))
        .setUbatchSize(Math.min(512, contextTokens)).setThreads(Math.max(1, threads));
    if (!LOG.isDebugEnabled()) {
      parameters.disableLog(); // the server's per-request slot logs go straight to stdout
    }
    long started = System.nanoTime();
    LlamaModel model;
    try {
      model = new LlamaModel(parameters);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("llama.cpp cannot load " + gguf + ": "
          + e.getMessage(), e);
    }
    LOG.info("loaded {} in {} ms", gguf.getFileName(), (System.nanoTime() - started) / 1_000_000);
    return new LlamaChatBackend(model, gguf, contextTokens);
  }

  public Path file() {
    return file;
  }

  /** The number of tokens llama.cpp makes of {@code text} (without the leading bos). */
  public synchronized int countTokens(String text) {
    return model.encode(text).length;
  }

  /**
   * Continues {@code prompt}; each generated piece goes to {@code onPiece} as it is made.
   * The prompt's bos token counts as a prompt token.
   */
  public synchronized Completion complete(String prompt, Sampling sampling,
      Consumer<String> onPiece) {
    if (prompt.length() > PROMPT_CHARS_MAX) {
      throw new IllegalArgumentException("the prompt exceeds " + PROMPT_CHARS_MAX + " characters");
    }
    int promptTokens = model.encode(prompt).length + 1;
    if (promptTokens + sampling.maxTokens() > contextTokens) {
      throw new IllegalArgumentException("the prompt (" + promptTokens + " tokens) and "
          + "max_tokens (" + sampling.maxTokens() + ") exceed the context of "
          + contextTokens + " tokens");
    }
    InferenceParameters parameters = new InferenceParameters(prompt)
        .setNPredict(sampling.maxTokens()).setTemperature(sampling.temperature())
        .setCachePrompt(false).setUseChatTemplate(false);
    // Always an explicit seed: without one llama.cpp seeds from std::random_device, which
    // aborts the whole process when the CPU's hardware random source fails (seen on VMs).
    parameters.setSeed(sampling.seed() != null ? sampling.seed()
        : SEEDS.nextInt(Integer.MAX_VALUE));
    if (!sampling.stop().isEmpty()) {
      parameters.setStopStrings(sampling.stop().toArray(String[]::new));
    }
    StringBuilder text = new StringBuilder();
    int pieces = 0;
    for (LlamaOutput output : model.generate(parameters)) {
      if (output.text.isEmpty()) {
        continue;
      }
      pieces++;
      text.append(output.text);
      onPiece.accept(output.text);
    }
    String finish = pieces >= sampling.maxTokens() ? "length" : "stop";
    return new Completion(text.toString(), promptTokens, pieces, finish);
  }

  @Override
  public synchronized void close() {
    model.close();
  }
}
