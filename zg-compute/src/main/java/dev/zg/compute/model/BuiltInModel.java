package dev.zg.compute.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.common.Hex;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * zg's built-in text-generation model: a byte-level bigram model ({@link ByteBigram}) that zg
 * estimates itself from {@link Corpus} on first use, cached as a GGUF file, and fine-tunes on
 * users' datasets. Small and honest: it continues text with the letter-to-letter statistics
 * of its corpus, with no notion of context beyond the last byte.
 */
public final class BuiltInModel {
  public static final String NAME = "zg-tiny-1";
  /** Bumped whenever training changes, so that cached files are not reused across versions. */
  static final String TRAINER_VERSION = "byte-bigram-1";
  public static final long DATASET_BYTES_MAX = 100L << 20;
  static final int EPOCHS_MAX = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(BuiltInModel.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private BuiltInModel() {}

  /** Returns the path of the base model GGUF under cacheDir, training it on first use. */
  public static Path base(Path cacheDir) throws IOException {
    List<String> documents = Corpus.load();
    MessageDigest digest = sha256();
    digest.update(TRAINER_VERSION.getBytes(StandardCharsets.UTF_8));
    for (String d : documents) {
      digest.update(d.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
    }
    String key = Hex.encode(digest.digest()).substring(0, 16);
    Path file = cacheDir.resolve(NAME + "-" + key + ".gguf");
    if (Files.isRegularFile(file)) {
      return file;
    }
    Files.createDirectories(cacheDir);
    long started = System.nanoTime();
    ByteBigram model = new ByteBigram();
    long bytes = 0;
    for (String d : documents) {
      model.addDocument(d, 1.0);
      bytes += d.length();
    }
    model.toGguf(NAME).write(file);
    LOG.info("built-in model {}: trained on {} quotations ({} bytes) in {} ms -> {}", NAME,
        documents.size(), bytes, (System.nanoTime() - started) / 1_000_000, file);
    return file;
  }

  /**
   * Fine-tunes the GGUF at {@code base} on the dataset and writes the new GGUF to {@code out}.
   * The dataset is UTF-8 text, one document per non-empty line, or JSON Lines whose objects
   * carry {@code text}, {@code prompt} + {@code completion}, or {@code messages} (their
   * {@code content}s joined by newlines). Training parameters (JSON, may be "{}"):
   * {@code epochs} or {@code num_train_epochs} (1..1000, default 3): how many times the
   * dataset is counted; {@code prior_weight} (≥ 0, default 1): how many observations the
   * base model's distribution is worth per token. Other keys are accepted and ignored.
   */
  public static void fineTune(Path base, byte[] dataset, String trainingParamsJson, Path out,
      IntConsumer progress) throws IOException {
    if (dataset.length == 0) {
      throw new IllegalArgumentException("the dataset is empty");
    }
    if (dataset.length > DATASET_BYTES_MAX) {
      throw new IllegalArgumentException("the dataset exceeds " + DATASET_BYTES_MAX + " bytes");
    }
    JsonNode params;
    try {
      params = JSON.readTree(trainingParamsJson == null || trainingParamsJson.isBlank()
          ? "{}" : trainingParamsJson);
    } catch (IOException e) {
      throw new IllegalArgumentException("training parameters are not JSON: " + e.getMessage());
    }
    if (!params.isObject()) {
      throw new IllegalArgumentException("training parameters must be a JSON object");
    }
    JsonNode epochsNode = params.has("epochs") ? params.get("epochs")
        : params.get("num_train_epochs");
    int epochs = epochsNode == null ? 3 : epochsNode.asInt(-1);
    if (epochsNode != null && !epochsNode.isNumber() || epochs < 1 || epochs > EPOCHS_MAX) {
      throw new IllegalArgumentException("epochs must be a number in 1.." + EPOCHS_MAX);
    }
    JsonNode priorNode = params.get("prior_weight");
    double prior = priorNode == null ? 1.0 : priorNode.asDouble(-1);
    if (priorNode != null && !priorNode.isNumber() || prior < 0 || prior > 1e6) {
      throw new IllegalArgumentException("prior_weight must be a number in 0..1e6");
    }
    progress.accept(0);
    List<String> documents = documents(dataset);
    progress.accept(20);
    ByteBigram tuned = new ByteBigram();
    tuned.addPrior(ByteBigram.logProbabilitiesOf(GgufTensors.read(base)), prior);
    progress.accept(40);
    for (int e = 0; e < epochs; e++) {
      for (String d : documents) {
        tuned.addDocument(d, 1.0);
      }
      progress.accept(40 + 50 * (e + 1) / epochs);
    }
    tuned.toGguf(NAME + "-tuned").write(out);
    progress.accept(100);
    LOG.info("fine-tuned {} on {} documents, {} epochs -> {}", base.getFileName(),
        documents.size(), epochs, out);
  }

  static List<String> documents(byte[] dataset) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(dataset)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the dataset is not UTF-8 text");
    }
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\r?\n")) {
      if (!line.isBlank()) {
        lines.add(line);
      }
    }
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("the dataset has no text");
    }
    boolean jsonLines = lines.stream().allMatch(l -> l.stripLeading().startsWith("{"));
    if (!jsonLines) {
      return lines;
    }
    List<String> documents = new ArrayList<>();
    int number = 0;
    for (String line : lines) {
      number++;
      JsonNode row;
      try {
        row = JSON.readTree(line);
      } catch (IOException e) {
        throw new IllegalArgumentException("dataset line " + number + " is not JSON");
      }
      String document = documentOf(row);
      if (document == null || document.isBlank()) {
        throw new IllegalArgumentException("dataset line " + number
            + " has no text, prompt/completion or messages");
      }
      documents.add(document);
    }
    return documents;
  }

  private static String documentOf(JsonNode row) {
    if (row.path("text").isTextual()) {
      return row.get("text").asText();
    }
    if (row.path("prompt").isTextual() || row.path("completion").isTextual()) {
      return row.path("prompt").asText("") + row.path("completion").asText("");
    }
    if (row.path("messages").isArray()) {
      StringBuilder s = new StringBuilder();
      for (JsonNode m : row.get("messages")) {
        if (m.path("content").isTextual()) {
          if (!s.isEmpty()) {
            s.append('\n');
          }
          s.append(m.get("content").asText());
        }
      }
      return s.toString();
    }
    return null;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
