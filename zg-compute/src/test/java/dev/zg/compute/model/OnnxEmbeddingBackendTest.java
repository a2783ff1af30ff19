package dev.zg.compute.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The ONNX sentence-embedding model, run for real. */
class OnnxEmbeddingBackendTest {
  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  @Test
  void similarSentencesAreCloserThanUnrelatedOnes() {
    OnnxEmbeddingBackend backend = new OnnxEmbeddingBackend();
    OnnxEmbeddingBackend.Embeddings e = backend.embed(List.of("The cat sits on the mat.",
        "A cat is sitting on a rug.", "Interest rates rose sharply in the bond market."));
    assertThat(e.vectors()).hasSize(3);
    assertThat(e.vectors().get(0)).hasSize(384);
    assertThat(e.promptTokens()).isGreaterThan(10);
    double similar = cosine(e.vectors().get(0), e.vectors().get(1));
    double unrelated = cosine(e.vectors().get(0), e.vectors().get(2));
    assertThat(similar).isGreaterThan(unrelated + 0.2);
    assertThatThrownBy(() -> backend.embed(List.of())).hasMessageContaining("input");
    assertThatThrownBy(() -> backend.embed(List.of(""))).hasMessageContaining("characters");
  }
}
