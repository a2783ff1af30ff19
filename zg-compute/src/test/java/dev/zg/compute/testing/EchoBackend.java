package dev.zg.compute.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small OpenAI-compatible server whose answers are computed from the input: a chat reply
 * echoes the last message's words in reverse order, embeddings are per-input statistics, and
 * {@code usage} counts whitespace-separated words (prompt: all message contents; completion:
 * the reply). Streaming sends one SSE chunk per word and the usage chunk only when
 * {@code stream_options.include_usage} is set, as OpenAI does. Records what it received.
 */
public final class EchoBackend implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String MODEL = "echo-1";

  private final HttpServer server;
  public final AtomicInteger requests = new AtomicInteger();
  public final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
  public final List<Map<String, String>> headers = new CopyOnWriteArrayList<>();

  public EchoBackend(Vertx vertx) throws Exception {
    server = vertx.createHttpServer().requestHandler(this::handle);
    server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort() + "/v1";
  }

  public static int words(String text) {
    String trimmed = text.strip();
    return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
  }

  public static String reply(String lastMessage) {
    List<String> words = new ArrayList<>(Arrays.asList(lastMessage.strip().split("\\s+")));
    java.util.Collections.reverse(words);
    return String.join(" ", words);
  }

  private void handle(HttpServerRequest request) {
    Map<String, String> seen = new ConcurrentHashMap<>();
    request.headers().forEach(e -> seen.put(e.getKey().toLowerCase(), e.getValue()));
    request.body().onSuccess(buffer -> {
      requests.incrementAndGet();
      headers.add(seen);
      try {
        if (request.path().equals("/v1/models")) {
          request.response().putHeader("Content-Type", "application/json")
              .end("{\"object\":\"list\",\"data\":[{\"id\":\"" + MODEL + "\",\"object\":\"model\"}]}");
          return;
        }
        JsonNode body = JSON.readTree(buffer.getBytes());
        bodies.add(body);
        if (body.path("model").asText().equals("fail")) {
          request.response().setStatusCode(400).putHeader("Content-Type", "application/json")
              .end("{\"error\":{\"message\":\"no such model\"}}");
          return;
        }
        switch (request.path()) {
          case "/v1/chat/completions" -> chat(request, body);
          case "/v1/embeddings" -> embeddings(request, body);
          default -> request.response().setStatusCode(404).end();
        }
      } catch (Exception e) {
        request.response().setStatusCode(500).end(e.toString());
      }
    });
  }

  private void chat(HttpServerRequest request, JsonNode body) throws Exception {
    int prompt = 0;
    String last = "";
    for (JsonNode message : body.path("messages")) {
      String content = message.path("content").asText("");
      prompt += words(content);
      last = content;
    }
    String answer = reply(last);
    int completion = words(answer);
    if (!body.path("stream").asBoolean(false)) {
      ObjectNode reply = JSON.createObjectNode();
      reply.put("id", "chatcmpl-echo").put("object", "chat.completion").put("model", MODEL);
      ObjectNode choice = reply.putArray("choices").addObject();
      choice.put("index", 0).put("finish_reason", "stop");
      choice.putObject("message").put("role", "assistant").put("content", answer);
      reply.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
          .put("total_tokens", prompt + completion);
      request.response().putHeader("Content-Type", "application/json")
          .end(JSON.writeValueAsString(reply));
      return;
    }
    var response = request.response().setChunked(true)
        .putHeader("Content-Type", "text/event-stream");
    String[] parts = answer.isEmpty() ? new String[0] : answer.split(" ");
    for (int i = 0; i < parts.length; i++) {
      ObjectNode chunk = JSON.createObjectNode();
      chunk.put("id", "chatcmpl-echo").put("object", "chat.completion.chunk");
      ObjectNode choice = chunk.putArray("choices").addObject();
      choice.put("index", 0).putObject("delta").put("content", (i == 0 ? "" : " ") + parts[i]);
      chunk.putNull("usage");
      response.write("data: " + JSON.writeValueAsString(chunk) + "\n\n");
    }
    if (body.path("stream_options").path("include_usage").asBoolean(false)) {
      ObjectNode chunk = JSON.createObjectNode();
      chunk.put("id", "chatcmpl-echo").put("object", "chat.completion.chunk");
      chunk.putArray("choices");
      chunk.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
          .put("total_tokens", prompt + completion);
      response.write("data: " + JSON.writeValueAsString(chunk) + "\n\n");
    }
    response.end("data: [DONE]\n\n");
  }

  private void embeddings(HttpServerRequest request, JsonNode body) throws Exception {
    List<String> inputs = new ArrayList<>();
    if (body.path("input").isArray()) {
      body.path("input").forEach(n -> inputs.add(n.asText()));
    } else {
      inputs.add(body.path("input").asText());
    }
    ObjectNode reply = JSON.createObjectNode();
    reply.put("object", "list").put("model", MODEL);
    ArrayNode data = reply.putArray("data");
    int tokens = 0;
    for (int i = 0; i < inputs.size(); i++) {
      String text = inputs.get(i);
      tokens += words(text);
      ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
      item.putArray("embedding").add(text.length()).add(words(text)).add(text.hashCode() % 1000);
    }
    reply.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
    request.response().putHeader("Content-Type", "application/json")
        .end(JSON.writeValueAsString(reply));
  }

  @Override
  public void close() throws Exception {
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
