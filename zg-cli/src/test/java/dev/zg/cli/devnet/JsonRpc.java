package dev.zg.cli.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A minimal JSON-RPC 2.0 client over HTTP for the tests, independent of any Ethereum SDK. */
final class JsonRpc {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final URI uri;
  private final HttpClient http;
  private final AtomicLong ids = new AtomicLong();

  /** A JSON-RPC error answer. */
  static final class Error extends RuntimeException {
    final int code;
    final JsonNode data;

    Error(String method, JsonNode error) {
      super(method + ": " + error.toString());
      this.code = error.path("code").asInt();
      this.data = error.get("data");
    }

    String rpcMessage() {
      return getMessage().substring(getMessage().indexOf(": ") + 2);
    }
  }

  JsonRpc(URI uri) {
    this.uri = uri;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(TIMEOUT).build();
  }

  URI uri() {
    return uri;
  }

  /** Calls a method; params are JSON values, or Java values Jackson turns into them. */
  JsonNode call(String method, Object... params) {
    JsonNode answer = send(request(method, params));
    if (answer.has("error")) {
      throw new Error(method, answer.get("error"));
    }
    return answer.get("result");
  }

  /**
   * Sends a transaction from an unlocked devnet account ({@code eth_sendTransaction}) and
   * waits up to 30 s for its receipt, which must show success.
   */
  JsonNode transact(String from, String to, byte[] data, java.math.BigInteger value)
      throws InterruptedException {
    ObjectNode tx = JSON.createObjectNode();
    tx.put("from", from).put("to", to).put("data", dev.zg.common.Hex.prefixed(data))
        .put("value", "0x" + value.toString(16));
    String hash = call("eth_sendTransaction", tx).asText();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode receipt;
    while ((receipt = call("eth_getTransactionReceipt", hash)) == null || receipt.isNull()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no receipt for " + hash + " within 30 s");
      }
      Thread.sleep(20);
    }
    if (!"0x1".equals(receipt.path("status").asText())) {
      throw new AssertionError("transaction " + hash + " failed: " + receipt);
    }
    return receipt;
  }

  /** The error of a call that must fail. */
  Error error(String method, Object... params) {
    try {
      JsonNode result = call(method, params);
      throw new AssertionError(method + " succeeded with " + result + " but should have failed");
    } catch (Error e) {
      return e;
    }
  }

  ObjectNode request(String method, Object... params) {
    return request(ids.incrementAndGet(), method, params);
  }

  static ObjectNode request(long id, String method, Object... params) {
    ObjectNode request = JSON.createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", id);
    request.put("method", method);
    ArrayNode array = request.putArray("params");
    for (Object p : params) {
      array.add(JSON.valueToTree(p) instanceof JsonNode n ? n : JSON.nullNode());
    }
    return request;
  }

  JsonNode send(JsonNode request) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(),
          HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(uri + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static JsonNode object(Object... keysAndValues) {
    ObjectNode o = JSON.createObjectNode();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      o.set((String) keysAndValues[i], JSON.valueToTree(keysAndValues[i + 1]));
    }
    return o;
  }

  /** Polls for a receipt until it appears; the deadline only guards against a hang. */
  JsonNode awaitReceipt(String txHash) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      JsonNode r = call("eth_getTransactionReceipt", txHash);
      if (r != null && !r.isNull()) {
        return r;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no receipt for " + txHash + " after " + TIMEOUT);
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
