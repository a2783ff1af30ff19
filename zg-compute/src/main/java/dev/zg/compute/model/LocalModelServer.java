package dev.zg.compute.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenAI-compatible model server inside the JVM over a {@link LlamaChatBackend}:
 * {@code POST /v1/chat/completions} (whole or streamed as server-sent events, with
 * {@code usage} from llama.cpp's token counts), {@code POST /v1/embeddings} (sentence
 * embeddings from {@link OnnxEmbeddingBackend}, when enabled) and {@code GET /v1/models}. zg's provider
 * broker forwards to it as to any other backend. The chat prompt is the messages' contents
 * joined by newlines; the model continues it.
 */
public final class LocalModelServer implements AutoCloseable {
  static final int BODY_BYTES_MAX = 1 << 20;
  static final int MESSAGES_MAX = 256;
  static final int DEFAULT_MAX_TOKENS = 128;
  private static final Logger LOG = LoggerFactory.getLogger(LocalModelServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Vertx vertx;
  private final LlamaChatBackend backend;
  private final OnnxEmbeddingBackend embeddings;
  private final String modelName;
  private final HttpServer server;
  private final SecureRandom random = new SecureRandom();
  private final long created = System.currentTimeMillis() / 1000;

  private LocalModelServer(Vertx vertx, LlamaChatBackend backend,
      OnnxEmbeddingBackend embeddings, String modelName, HttpServer server) {
    this.vertx = vertx;
    this.backend = backend;
    this.embeddings = embeddings;
    this.modelName = modelName;
    this.server = server;
  }

  /** Loads the model (training the built-in one first if needed) and starts serving. */
  public static LocalModelServer start(Vertx vertx, LocalModelConfig config) throws IOException {
    Path gguf = config.gguf() != null ? config.gguf() : BuiltInModel.base(config.cacheDir());
    LlamaChatBackend backend = LlamaChatBackend.open(gguf, config.threads(),
        config.contextTokens());
    HttpServer http = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(300));
    OnnxEmbeddingBackend embeddings = config.embeddings() ? new OnnxEmbeddingBackend() : null;
    LocalModelServer server = new LocalModelServer(vertx, backend, embeddings,
        config.modelName(), http);
    try {
      http.requestHandler(server::handle).listen(config.port(), config.host())
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      backend.close();
      throw new IOException("cannot listen on " + config.host() + ":" + config.port() + ": "
          + e.getMessage(), e);
    }
    LOG.info("model server for {} on {}", config.modelName(), server.baseUrl());
    return server;
  }

  /** The OpenAI base URL, ending in {@code /v1}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.actualPort() + "/v1");
  }

  public List<String> models() {
    return embeddings == null ? List.of(modelName)
        : List.of(modelName, OnnxEmbeddingBackend.NAME);
  }

  // ---------------------------------------------------------------- routes

  private void handle(HttpServerRequest request) {
    String path = request.path();
    if (request.method() == HttpMethod.GET && path.equals("/v1/models")) {
      ObjectNode list = JSON.createObjectNode().put("object", "list");
      ArrayNode data = list.putArray("data");
      for (String id : models()) {
        data.addObject().put("id", id).put("object", "model").put("created", created)
            .put("owned_by", "zg");
      }
      json(request.response(), 200, list);
    } else if (request.method() == HttpMethod.POST && path.equals("/v1/embeddings")
        && embeddings != null) {
      request.body().onSuccess(body -> embed(request, body))
          .onFailure(e -> error(request.response(), 400, "the request body could not be read"));
    } else if (request.method() == HttpMethod.POST && path.equals("/v1/chat/completions")) {
      request.body().onSuccess(body -> chat(request, body))
          .onFailure(e -> error(request.response(), 400, "the request body could not be read"));
    } else {
      error(request.response(), 404, "no route " + request.method() + " " + path
          + " (this server has /v1/chat/completions, /v1/embeddings and /v1/models)");
    }
  }

  /** {@code input}: a string or an array of strings; floats only (no base64). */
  private void embed(HttpServerRequest request, Buffer body) {
    List<String> inputs = new ArrayList<>();
    try {
      if (body.length() > BODY_BYTES_MAX) {
        throw new IllegalArgumentException("request bodies are limited to " + BODY_BYTES_MAX
            + " bytes");
      }
      JsonNode json;
      try {
        json = JSON.readTree(body.getBytes());
      } catch (IOException e) {
        throw new IllegalArgumentException("the request body is not valid JSON");
      }
      JsonNode input = json == null ? null : json.get("input");
      if (input != null && input.isTextual()) {
        inputs.add(input.asText());
      } else if (input != null && input.isArray()) {
        for (JsonNode i : input) {
          if (!i.isTextual()) {
            throw new IllegalArgumentException("input must be a string or an array of strings");
          }
          inputs.add(i.asText());
        }
      } else {
        throw new IllegalArgumentException("input must be a string or an array of strings");
      }
      String format = json.path("encoding_format").asText("float");
      if (!format.equals("float")) {
        throw new IllegalArgumentException("encoding_format must be float");
      }
    } catch (IllegalArgumentException e) {
      error(request.response(), 400, e.getMessage());
      return;
    }
    vertx.<OnnxEmbeddingBackend.Embeddings>executeBlocking(() -> embeddings.embed(inputs), false)
        .onComplete(done -> {
          if (done.failed()) {
            error(request.response(), done.cause() instanceof IllegalArgumentException ? 400
                : 500, String.valueOf(done.cause().getMessage()));
            return;
          }
          ObjectNode reply = JSON.createObjectNode().put("object", "list");
          ArrayNode data = reply.putArray("data");
          List<float[]> vectors = done.result().vectors();
          for (int i = 0; i < vectors.size(); i++) {
            ArrayNode vector = data.addObject().put("object", "embedding").put("index", i)
                .putArray("embedding");
            for (float f : vectors.get(i)) {
              vector.add(f);
            }
          }
          reply.put("model", OnnxEmbeddingBackend.NAME);
          int tokens = done.result().promptTokens();
          reply.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
          json(request.response(), 200, reply);
        });
  }

  private record ChatRequest(String prompt, LlamaChatBackend.Sampling sampling, boolean stream,
      boolean includeUsage) {}

  private void chat(HttpServerRequest request, Buffer body) {
    HttpServerResponse response = request.response();
    ChatRequest chat;
    try {
      chat = parse(body);
    } catch (IllegalArgumentException e) {
      error(response, 400, e.getMessage());
      return;
    }
    String id = "chatcmpl-" + HexFormat.of().formatHex(randomBytes());
    if (chat.stream()) {
      response.setChunked(true).putHeader("Content-Type", "text/event-stream")
          .putHeader("Cache-Control", "no-cache");
      sse(response, chunk(id, JSON.createObjectNode().put("role", "assistant").put("content", ""),
          null));
    }
    vertx.<LlamaChatBackend.Completion>executeBlocking(() -> backend.complete(chat.prompt(),
        chat.sampling(), piece -> {
          if (chat.stream()) {
            sse(response, chunk(id, JSON.createObjectNode().put("content", piece), null));
          }
        }), false).onComplete(done -> {
          if (done.failed()) {
            String message = String.valueOf(done.cause().getMessage());
            if (chat.stream()) {
              ObjectNode failure = JSON.createObjectNode();
              failure.putObject("error").put("message", message).put("type", "server_error");
              sse(response, failure);
              response.end();
            } else {
              error(response, done.cause() instanceof IllegalArgumentException ? 400 : 500,
                  message);
            }
            return;
          }
          LlamaChatBackend.Completion c = done.result();
          ObjectNode usage = JSON.createObjectNode().put("prompt_tokens", c.promptTokens())
              .put("completion_tokens", c.completionTokens())
              .put("total_tokens", c.promptTokens() + c.completionTokens());
          if (chat.stream()) {
            sse(response, chunk(id, JSON.createObjectNode(), c.finishReason()));
            if (chat.includeUsage()) {
              ObjectNode last = envelope(id, "chat.completion.chunk");
              last.putArray("choices");
              last.set("usage", usage);
              sse(response, last);
            }
            response.end("data: [DONE]\n\n");
          } else {
            ObjectNode reply = envelope(id, "chat.completion");
            ObjectNode choice = reply.putArray("choices").addObject().put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", c.text());
            choice.put("finish_reason", c.finishReason());
            reply.set("usage", usage);
            json(response, 200, reply);
          }
        });
  }

  private ChatRequest parse(Buffer body) {
    if (body.length() > BODY_BYTES_MAX) {
      throw new IllegalArgumentException("request bodies are limited to " + BODY_BYTES_MAX
          + " bytes");
    }
    JsonNode json;
    try {
      json = JSON.readTree(body.getBytes());
    } catch (IOException e) {
      throw new IllegalArgumentException("the request body is not valid JSON");
    }
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("the request body must be a JSON object");
    }
    JsonNode messages = json.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()
        || messages.size() > MESSAGES_MAX) {
      throw new IllegalArgumentException("messages must be an array of 1.." + MESSAGES_MAX
          + " messages");
    }
    List<String> contents = new ArrayList<>();
    for (JsonNode m : messages) {
      JsonNode content = m.get("content");
      if (content != null && content.isTextual()) {
        contents.add(content.asText());
      } else if (content != null && content.isArray()) {
        for (JsonNode part : content) {
          if ("text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
            contents.add(part.get("text").asText());
          }
        }
      } else {
        throw new IllegalArgumentException("each message needs a text content");
      }
    }
    String prompt = String.join("\n", contents);
    if (prompt.isEmpty()) {
      throw new IllegalArgumentException("the messages have no text");
    }
    JsonNode maxNode = json.has("max_completion_tokens") ? json.get("max_completion_tokens")
        : json.get("max_tokens");
    int maxTokens = maxNode == null || maxNode.isNull() ? DEFAULT_MAX_TOKENS : maxNode.asInt(-1);
    if (maxNode != null && !maxNode.isNull() && !maxNode.isIntegralNumber()) {
      throw new IllegalArgumentException("max_tokens must be an integer");
    }
    JsonNode temperatureNode = json.get("temperature");
    if (temperatureNode != null && !temperatureNode.isNull() && !temperatureNode.isNumber()) {
      throw new IllegalArgumentException("temperature must be a number");
    }
    float temperature = temperatureNode == null || temperatureNode.isNull() ? 1f
        : (float) temperatureNode.asDouble();
    JsonNode seedNode = json.get("seed");
    Integer seed = seedNode == null || seedNode.isNull() ? null : seedNode.asInt();
    List<String> stop = new ArrayList<>();
    JsonNode stopNode = json.get("stop");
    if (stopNode != null && stopNode.isTextual()) {
      stop.add(stopNode.asText());
    } else if (stopNode != null && stopNode.isArray()) {
      if (stopNode.size() > 4) {
        throw new IllegalArgumentException("at most 4 stop sequences");
      }
      stopNode.forEach(s -> stop.add(s.asText()));
    }
    LlamaChatBackend.Sampling sampling =
        new LlamaChatBackend.Sampling(maxTokens, temperature, seed, stop);
    boolean stream = json.path("stream").asBoolean(false);
    boolean includeUsage = json.path("stream_options").path("include_usage").asBoolean(false);
    return new ChatRequest(prompt, sampling, stream, includeUsage);
  }

  // ---------------------------------------------------------------- replies

  private ObjectNode envelope(String id, String object) {
    return JSON.createObjectNode().put("id", id).put("object", object)
        .put("created", System.currentTimeMillis() / 1000).put("model", modelName);
  }

  private ObjectNode chunk(String id, ObjectNode delta, String finishReason) {
    ObjectNode chunk = envelope(id, "chat.completion.chunk");
    ArrayNode choices = chunk.putArray("choices");
    ObjectNode choice = choices.addObject().put("index", 0);
    choice.set("delta", delta);
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    return chunk;
  }

  private static void sse(HttpServerResponse response, ObjectNode event) {
    if (!response.closed()) {
      response.write("data: " + event + "\n\n");
    }
  }

  private static void json(HttpServerResponse response, int status, JsonNode body) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(body.toString());
  }

  static void error(HttpServerResponse response, int status, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("error").put("message", message)
        .put("type", status >= 500 ? "server_error" : "invalid_request_error");
    json(response, status, body);
  }

  private byte[] randomBytes() {
    byte[] b = new byte[12];
    random.nextBytes(b);
    return b;
  }

  @Override
  public void close() {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("model server close: {}", e.toString());
    }
    backend.close();
  }
}
