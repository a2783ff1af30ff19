package dev.zg.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A bare JSON-RPC client over HTTP for the node's tests: the answer object as JSON. */
public final class RpcClient {
  static final ObjectMapper JSON = new ObjectMapper();

  private final URI uri;
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();

  public RpcClient(String url) {
    this.uri = URI.create(url);
  }

  /** The whole answer: {@code result} or {@code error}. */
  public JsonNode answer(String method, Object... params) {
    ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1)
        .put("method", method);
    ArrayNode array = request.putArray("params");
    for (Object p : params) {
      array.add(JSON.valueToTree(p) instanceof JsonNode n ? n : JSON.nullNode());
    }
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(),
          HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public JsonNode call(String method, Object... params) {
    JsonNode answer = answer(method, params);
    if (answer.has("error")) {
      throw new AssertionError(method + " failed: " + answer.get("error"));
    }
    return answer.get("result");
  }

  public static ObjectNode object(Object... keysAndValues) {
    ObjectNode o = JSON.createObjectNode();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      o.set((String) keysAndValues[i], JSON.valueToTree(keysAndValues[i + 1]));
    }
    return o;
  }
}
