package dev.zg.compute.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in model trained, written as GGUF, loaded by llama.cpp and fine-tuned. */
class BuiltInModelTest {
  @TempDir
  static Path dir;
  static Path base;
  static LlamaChatBackend backend;

  @BeforeAll
  static void train() throws Exception {
    base = BuiltInModel.base(dir);
    backend = LlamaChatBackend.open(base, 2, 512);
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  @Test
  void theBaseModelIsTrainedOnceAndCached() throws Exception {
    assertThat(base.getFileName().toString()).startsWith(BuiltInModel.NAME + "-").endsWith(".gguf");
    long modified = Files.getLastModifiedTime(base).toMillis();
    assertThat(BuiltInModel.base(dir)).isEqualTo(base);
    assertThat(Files.getLastModifiedTime(base).toMillis()).isEqualTo(modified);
    assertThat(Corpus.load()).hasSizeGreaterThan(300);
  }

  @Test
  void greedyGenerationFollowsTheCorpusStatistics() {
    LlamaChatBackend.Completion a = backend.complete("To be, or not to",
        new LlamaChatBackend.Sampling(24, 0f, null, null), piece -> {});
    LlamaChatBackend.Completion b = backend.complete("To be, or not to",
        new LlamaChatBackend.Sampling(24, 0f, null, null), piece -> {});
    assertThat(a.text()).isEqualTo(b.text()).isNotBlank();
    assertThat(a.completionTokens()).isBetween(1, 24);
    assertThat(a.promptTokens()).isEqualTo(backend.countTokens("To be, or not to") + 1);
    // The most likely byte after a space in English quotations is 't' (the, to, that...).
    LlamaChatBackend.Completion afterSpace = backend.complete("I think ",
        new LlamaChatBackend.Sampling(1, 0f, null, null), piece -> {});
    assertThat(afterSpace.text()).isEqualTo("t");
  }

  @Test
  void samplingVariesWithTheSeedAndStreamsPieces() {
    List<String> pieces = new ArrayList<>();
    LlamaChatBackend.Completion one = backend.complete("The",
        new LlamaChatBackend.Sampling(40, 1f, 1, null), pieces::add);
    LlamaChatBackend.Completion two = backend.complete("The",
        new LlamaChatBackend.Sampling(40, 1f, 2, null), piece -> {});
    assertThat(String.join("", pieces)).isEqualTo(one.text());
    assertThat(one.text()).isNotEqualTo(two.text());
  }

  @Test
  void aFineTunedModelAnswersDifferentlyOnItsTrainingData() throws Exception {
    String line = "zebras zigzag zealously zooming zanily";
    byte[] dataset = ("{\"prompt\":\"zebras\",\"completion\":\" zigzag zealously zooming zanily\"}\n")
        .repeat(5).getBytes(StandardCharsets.UTF_8);
    Path tuned = dir.resolve("tuned.gguf");
    List<Integer> progress = new ArrayList<>();
    BuiltInModel.fineTune(base, dataset, "{\"epochs\": 5}", tuned, progress::add);
    assertThat(progress).startsWith(0).endsWith(100);
    LlamaChatBackend.Sampling greedy = new LlamaChatBackend.Sampling(12, 0f, null, null);
    String before = backend.complete("zebras z", greedy, p -> {}).text();
    try (LlamaChatBackend tunedBackend = LlamaChatBackend.open(tuned, 2, 512)) {
      String after = tunedBackend.complete("zebras z", greedy, p -> {}).text();
      assertThat(after).isNotEqualTo(before);
      // Every byte of the continuation now follows the training line's own statistics.
      assertThat(after.strip()).isNotEmpty();
      for (char c : after.toCharArray()) {
        assertThat(line.indexOf(c)).as("'%s' of %s", c, after).isGreaterThanOrEqualTo(0);
      }
    }
  }

  @Test
  void badDatasetsAndParametersAreRefused() {
    Path out = dir.resolve("never.gguf");
    assertThatThrownBy(() -> BuiltInModel.fineTune(base, new byte[0], "{}", out, p -> {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> BuiltInModel.fineTune(base, new byte[] {(byte) 0xff, 0x41}, "{}",
        out, p -> {})).hasMessageContaining("UTF-8");
    assertThatThrownBy(() -> BuiltInModel.fineTune(base, "{\"x\":1}\n".getBytes(), "{}", out,
        p -> {})).hasMessageContaining("line 1");
    assertThatThrownBy(() -> BuiltInModel.fineTune(base, "hello there".getBytes(),
        "{\"epochs\": 0}", out, p -> {})).hasMessageContaining("epochs");
    assertThatThrownBy(() -> BuiltInModel.fineTune(base, "hello there".getBytes(), "[1]", out,
        p -> {})).hasMessageContaining("JSON object");
    assertThat(out).doesNotExist();
  }

  @Test
  void limitsAreChecked() {
    assertThatThrownBy(() -> new LlamaChatBackend.Sampling(0, 0f, null, null))
        .hasMessageContaining("max_tokens");
    assertThatThrownBy(() -> new LlamaChatBackend.Sampling(10, 3f, null, null))
        .hasMessageContaining("temperature");
    assertThatThrownBy(() -> backend.complete("x", new LlamaChatBackend.Sampling(600, 0f,
        null, null), p -> {})).hasMessageContaining("context");
    assertThatThrownBy(() -> LlamaChatBackend.open(dir.resolve("missing.gguf"), 1, 64))
        .hasMessageContaining("no model file");
  }
}
