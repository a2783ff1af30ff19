package dev.zg.compute.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAI-compatible server over the built-in model, through real HTTP. */
class LocalModelServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  static Path cache;
  static Vertx vertx;
  static LocalModelServer server;
  static HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    server = LocalModelServer.start(vertx, LocalModelConfig.builtIn(cache));
  }

  @AfterAll
  static void stop() {
    server.close();
    vertx.close();
  }

  static HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void listsTheModel() throws Exception {
    assertThat(server.baseUrl().toString()).endsWith("/v1");
    HttpResponse<String> reply = http.send(HttpRequest.newBuilder(
        URI.create(server.baseUrl() + "/models")).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = JSON.readTree(reply.body());
    assertThat(json.at("/data/0/id").asText()).isEqualTo(BuiltInModel.NAME);
    assertThat(json.at("/data/1/id").asText()).isEqualTo(OnnxEmbeddingBackend.NAME);
    assertThat(server.models()).containsExactly(BuiltInModel.NAME, OnnxEmbeddingBackend.NAME);
  }

  @Test
  void embeddingsAreRealVectorsWithUsage() throws Exception {
    HttpResponse<String> reply = post("/embeddings", "{\"model\":\"all-minilm-l6-v2\","
        + "\"input\":[\"The cat sits on the mat.\",\"A cat is sitting on a rug.\"]}");
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    JsonNode json = JSON.readTree(reply.body());
    assertThat(json.path("data")).hasSize(2);
    assertThat(json.at("/data/1/index").asInt()).isEqualTo(1);
    assertThat(json.at("/data/0/embedding")).hasSize(384);
    assertThat(json.at("/usage/prompt_tokens").asInt()).isPositive();
    assertThat(json.at("/usage/total_tokens").asInt())
        .isEqualTo(json.at("/usage/prompt_tokens").asInt());
    assertThat(post("/embeddings", "{\"input\":42}").statusCode()).isEqualTo(400);
    assertThat(post("/embeddings", "{\"input\":\"x\",\"encoding_format\":\"base64\"}")
        .statusCode()).isEqualTo(400);
  }

  @Test
  void chatCompletionCarriesUsageFromTheTokenizer() throws Exception {
    String body = "{\"model\":\"zg-tiny-1\",\"messages\":[{\"role\":\"user\",\"content\":"
        + "\"To be, or not to\"}],\"max_tokens\":16,\"temperature\":0}";
    JsonNode first = JSON.readTree(post("/chat/completions", body).body());
    JsonNode second = JSON.readTree(post("/chat/completions", body).body());
    assertThat(first.path("object").asText()).isEqualTo("chat.completion");
    String content = first.at("/choices/0/message/content").asText();
    assertThat(content).isNotBlank().isEqualTo(second.at("/choices/0/message/content").asText());
    assertThat(first.at("/usage/prompt_tokens").asInt()).isGreaterThan(1);
    assertThat(first.at("/usage/completion_tokens").asInt()).isBetween(1, 16);
    assertThat(first.at("/usage/total_tokens").asInt()).isEqualTo(
        first.at("/usage/prompt_tokens").asInt() + first.at("/usage/completion_tokens").asInt());
  }

  @Test
  void streamingSendsChunksThenUsageThenDone() throws Exception {
    String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"The\"}],\"max_tokens\":20,"
        + "\"temperature\":0.9,\"seed\":7,\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
    HttpResponse<String> reply = post("/chat/completions", body);
    assertThat(reply.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    List<String> events = new ArrayList<>();
    for (String line : reply.body().split("\n")) {
      if (line.startsWith("data: ")) {
        events.add(line.substring(6));
      }
    }
    assertThat(events.getLast()).isEqualTo("[DONE]");
    JsonNode usage = JSON.readTree(events.get(events.size() - 2));
    assertThat(usage.path("choices").isEmpty()).isTrue();
    int completion = usage.at("/usage/completion_tokens").asInt();
    StringBuilder text = new StringBuilder();
    int contentChunks = 0;
    for (String e : events.subList(0, events.size() - 2)) {
      JsonNode delta = JSON.readTree(e).at("/choices/0/delta");
      if (delta.has("content") && !delta.get("content").asText().isEmpty()) {
        text.append(delta.get("content").asText());
        contentChunks++;
      }
    }
    assertThat(contentChunks).isEqualTo(completion);
    assertThat(text).isNotEmpty();
  }

  @Test
  void badRequestsGetOpenAiStyleErrors() throws Exception {
    for (String body : List.of("not json", "[]", "{}", "{\"messages\":[]}",
        "{\"messages\":[{\"role\":\"user\"}]}",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":0}",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":\"many\"}",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":9}",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":4000}")) {
      HttpResponse<String> reply = post("/chat/completions", body);
      assertThat(reply.statusCode()).as(body).isEqualTo(400);
      assertThat(JSON.readTree(reply.body()).at("/error/message").asText()).as(body).isNotBlank();
    }
    assertThat(post("/images/generations", "{}").statusCode()).isEqualTo(404);
    // Still serving.
    assertThat(post("/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":"
        + "\"Hi\"}],\"max_tokens\":2}").statusCode()).isEqualTo(200);
  }
}
