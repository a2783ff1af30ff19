package dev.zg.cli.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small OpenAI-compatible model server for tests: the answer is the last message's words in
 * reverse order, and {@code usage} counts words (the prompt's over all messages). Computed
 * from the input, so a wrong forward or a swapped reply shows.
 */
final class EchoModelServer implements AutoCloseable {
  static final String MODEL = "zg-echo";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final AtomicLong ids = new AtomicLong();

  EchoModelServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/v1/models", this::models);
    server.createContext("/v1/chat/completions", this::chat);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  static String answer(String prompt) {
    List<String> words = new ArrayList<>(List.of(prompt.strip().split("\\s+")));
    Collections.reverse(words);
    return String.join(" ", words);
  }

  static long words(String text) {
    String t = text.strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }

  private void models(HttpExchange x) throws IOException {
    ObjectNode reply = JSON.createObjectNode().put("object", "list");
    reply.putArray("data").addObject().put("id", MODEL).put("object", "model");
    send(x, 200, reply);
  }

  private void chat(HttpExchange x) throws IOException {
    JsonNode body = JSON.readTree(x.getRequestBody());
    JsonNode messages = body.path("messages");
    if (!"POST".equals(x.getRequestMethod()) || !messages.isArray() || messages.isEmpty()) {
      send(x, 400, JSON.createObjectNode().put("error", "messages required"));
      return;
    }
    long promptTokens = 0;
    for (JsonNode m : messages) {
      promptTokens += words(m.path("content").asText());
    }
    String text = answer(messages.get(messages.size() - 1).path("content").asText());
    ObjectNode reply = JSON.createObjectNode();
    reply.put("id", "chatcmpl-" + ids.incrementAndGet()).put("object", "chat.completion")
        .put("created", 0).put("model", MODEL);
    ObjectNode choice = reply.putArray("choices").addObject();
    choice.put("index", 0).put("finish_reason", "stop");
    choice.putObject("message").put("role", "assistant").put("content", text);
    long completionTokens = words(text);
    reply.putObject("usage").put("prompt_tokens", promptTokens)
        .put("completion_tokens", completionTokens)
        .put("total_tokens", promptTokens + completionTokens);
    send(x, 200, reply);
  }

  private static void send(HttpExchange x, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
    x.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
