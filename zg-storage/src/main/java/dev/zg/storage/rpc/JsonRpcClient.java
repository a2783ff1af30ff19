package dev.zg.storage.rpc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small JSON-RPC 2.0 client over HTTP POST, used to read the chain and to fetch segments
 * from peers. Thread-safe. Transport failures are {@link IOException}s; an answer with an
 * {@code error} member is a {@link CallException}.
 */
public final class JsonRpcClient {
  /** Answers larger than this are refused (a 1024-chunk segment in base64 is ~350 KiB). */
  public static final int RESPONSE_MAX_BYTES = 64 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI uri;
  private final HttpClient http;
  private final Duration timeout;
  private final AtomicLong ids = new AtomicLong();
  /** Bulk GETs on http:// (segments); https goes through {@link #http}. */
  private final PlainHttpGet plainGet;

  public JsonRpcClient(String url, Duration timeout) {
    this.uri = URI.create(url);
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("a JSON-RPC URL is http:// or https://, got " + url);
    }
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout)
        .version(HttpClient.Version.HTTP_1_1).build();
    this.plainGet = "http".equals(uri.getScheme()) ? new PlainHttpGet(uri, timeout) : null;
  }

  public String url() {
    return uri.toString();
  }

  /** Calls {@code method} with positional {@code params} (JSON values or Java scalars). */
  public JsonNode call(String method, Object... params) throws IOException {
    JsonNode result = callReading(method, (parser, body) -> parser.readValueAsTree(), params);
    return result == null ? com.fasterxml.jackson.databind.node.NullNode.instance : result;
  }

  /**
   * Reads one value of an answer from a parser positioned on its first token; it must consume
   * the whole value. {@code body} is the whole answer the parser reads (its byte offsets index
   * it), for readers that decode a long string in place; it must not be modified.
   */
  @FunctionalInterface
  public interface ResultReader<T> {
    T read(JsonParser parser, byte[] body) throws IOException;
  }

  /**
   * Calls {@code method} and reads its {@code result} with {@code reader} while the answer is
   * parsed, without a tree of it first (a segment's base64 is decoded straight from the
   * answer's bytes); a null or missing result gives null.
   */
  public <T> T callReading(String method, ResultReader<T> reader, Object... params)
      throws IOException {
    ObjectNode request = JSON.createObjectNode();
    request.put("jsonrpc", "2.0").put("id", ids.incrementAndGet()).put("method", method);
    ArrayNode array = request.putArray("params");
    for (Object param : params) {
      // A JSON value is added as it is (valueToTree would copy a segment batch's bytes).
      array.add(param instanceof JsonNode json ? json : JSON.valueToTree(param));
    }
    HttpRequest post = HttpRequest.newBuilder(uri).timeout(timeout)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request))).build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(post, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted calling " + method + " on " + uri, e);
    }
    byte[] body = response.body();
    if (body.length > RESPONSE_MAX_BYTES) {
      throw new IOException(method + " on " + uri + " answered " + body.length + " bytes");
    }
    T result = null;
    JsonNode error = null;
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException(method + " on " + uri + ": HTTP " + response.statusCode()
            + ", not a JSON-RPC answer");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("result".equals(name) && value != JsonToken.VALUE_NULL) {
          result = reader.read(parser, body);
        } else if ("error".equals(name)) {
          error = parser.readValueAsTree();
        } else {
          parser.skipChildren();
        }
      }
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException(method + " on " + uri + ": HTTP " + response.statusCode()
          + ", not JSON (" + e.getOriginalMessage() + ")", e);
    }
    if (error != null && !error.isNull()) {
      throw new CallException(method, error.path("code").asInt(),
          error.path("message").asText(), error.get("data"));
    }
    return result;
  }

  /** A plain HTTP answer: status, content type (null when absent) and body. */
  public record HttpResult(int status, String contentType, byte[] body) {}

  /**
   * A plain {@code GET} of {@code path} on this client's host and port, beside JSON-RPC (for
   * routes such as the storage node's binary segments). An answer that declares or sends more
   * than {@code maxBytes} is refused without being read whole.
   */
  public HttpResult get(String path, int maxBytes) throws IOException {
    if (plainGet != null) {
      PlainHttpGet.Answer answer = plainGet.get(path, maxBytes);
      return new HttpResult(answer.status(), answer.contentType(), answer.body());
    }
    HttpRequest request = HttpRequest.newBuilder(uri.resolve(path)).timeout(timeout).GET()
        .build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted getting " + path + " from " + uri, e);
    }
    long declared = response.headers().firstValueAsLong("content-length").orElse(-1);
    byte[] body;
    try (InputStream in = response.body()) {
      if (declared > maxBytes) {
        throw new IOException("GET " + path + " on " + uri + " answered " + declared
            + " bytes, more than " + maxBytes);
      }
      if (declared >= 0) {
        body = new byte[(int) declared];
        if (in.readNBytes(body, 0, body.length) != body.length) {
          throw new IOException("GET " + path + " on " + uri + ": the answer ended early");
        }
      } else {
        body = in.readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
          throw new IOException("GET " + path + " on " + uri + " answered more than "
              + maxBytes + " bytes");
        }
      }
    }
    return new HttpResult(response.statusCode(),
        response.headers().firstValue("content-type").orElse(null), body);
  }

  /** The server answered with a JSON-RPC error. */
  public static final class CallException extends IOException {
    private final int code;
    private final transient JsonNode data;

    public CallException(String method, int code, String message, JsonNode data) {
      super(method + " failed: " + message + (data == null || data.isNull() ? "" : " (" + data
          + ")") + " [" + code + "]");
      this.code = code;
      this.data = data;
    }

    public int code() {
      return code;
    }

    /** The error's {@code data} member, or null. */
    public JsonNode data() {
      return data;
    }
  }
}
