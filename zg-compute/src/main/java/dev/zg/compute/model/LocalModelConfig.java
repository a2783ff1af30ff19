package dev.zg.compute.model;

import java.nio.file.Path;

/**
 * How to run a {@link LocalModelServer}: where to listen (port 0 picks a free one), which
 * GGUF to serve (null: the built-in model, trained into {@code cacheDir} on first use), the
 * name it is served under, the CPU threads llama.cpp may use, and whether
 * {@code /v1/embeddings} is served ({@link OnnxEmbeddingBackend}).
 */
public record LocalModelConfig(String host, int port, Path gguf, String modelName,
    Path cacheDir, int threads, int contextTokens, boolean embeddings) {
  public LocalModelConfig {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (gguf == null && cacheDir == null) {
      throw new IllegalArgumentException("the built-in model needs a cache folder");
    }
    if (threads < 1 || contextTokens < 64) {
      throw new IllegalArgumentException("threads must be >= 1 and the context >= 64 tokens");
    }
    if (modelName == null || modelName.isBlank()) {
      modelName = gguf == null ? BuiltInModel.NAME
          : gguf.getFileName().toString().replaceFirst("\\.gguf$", "");
    }
  }

  /** The built-in model on 127.0.0.1 at an ephemeral port. */
  public static LocalModelConfig builtIn(Path cacheDir) {
    return new LocalModelConfig("127.0.0.1", 0, null, null, cacheDir,
        Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), 2048, true);
  }
}
