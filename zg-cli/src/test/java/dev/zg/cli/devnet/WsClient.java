package dev.zg.cli.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A JSON-RPC client over the JDK's WebSocket: answers and subscription notifications as JSON,
 * in arrival order. Messages read while waiting for another one are kept for later.
 */
final class WsClient implements WebSocket.Listener, AutoCloseable {
  private static final Duration WAIT_GUARD = Duration.ofSeconds(60);

  private final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
  private final List<JsonNode> held = new ArrayList<>();
  private final StringBuilder partial = new StringBuilder();
  private long ids;
  /** The close code the node sent, once it closed the connection. */
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  WebSocket socket;

  static WsClient open(URI uri) throws Exception {
    WsClient client = new WsClient();
    client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(30)).buildAsync(uri, client)
        .get(30, TimeUnit.SECONDS);
    return client;
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      try {
        messages.add(JsonRpc.JSON.readTree(partial.toString()));
      } catch (IOException e) {
        messages.add(JsonRpc.JSON.getNodeFactory().textNode("unparsable: " + partial));
      }
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.completeExceptionally(error);
  }

  /** Sends a request as text and returns its answer. */
  JsonNode exchange(String text) throws Exception {
    socket.sendText(text, true).get(30, TimeUnit.SECONDS);
    return next(m -> !m.has("method"));
  }

  /** Calls a method and returns its result (failing on an error answer). */
  JsonNode call(String method, Object... params) throws Exception {
    JsonNode answer = exchange(JsonRpc.request(++ids, method, params).toString());
    if (answer.has("error")) {
      throw new AssertionError(method + ": " + answer.get("error"));
    }
    return answer.get("result");
  }

  /** The result of the next notification of a subscription. */
  JsonNode notification(String subscription) throws Exception {
    return next(m -> subscription.equals(m.path("params").path("subscription").asText()))
        .get("params").get("result");
  }

  private JsonNode next(Predicate<JsonNode> wanted) throws Exception {
    for (var it = held.iterator(); it.hasNext(); ) {
      JsonNode m = it.next();
      if (wanted.test(m)) {
        it.remove();
        return m;
      }
    }
    while (true) {
      JsonNode m = messages.poll(WAIT_GUARD.toSeconds(), TimeUnit.SECONDS);
      if (m == null) {
        throw new AssertionError("no message from the node within " + WAIT_GUARD);
      }
      if (wanted.test(m)) {
        return m;
      }
      held.add(m);
    }
  }

  @Override
  public void close() {
    socket.abort();
  }
}
