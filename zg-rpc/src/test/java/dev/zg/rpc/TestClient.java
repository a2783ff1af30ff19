package dev.zg.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A JDK HttpClient and WebSocket client for tests against a real server on loopback. */
final class TestClient {
  static final Duration WAIT = Duration.ofSeconds(10);

  record Response(int status, String body, HttpHeaders headers) {
    JsonNode json() {
      return parse(body);
    }
  }

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(WAIT)
      .build();
  private final int port;

  TestClient(int port) {
    this.port = port;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  Response post(String body) {
    return send(HttpRequest.newBuilder(uri("/"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** The parsed answer to a POST, which must be 200. */
  JsonNode rpc(String body) {
    Response response = post(body);
    if (response.status() != 200) {
      throw new AssertionError("status " + response.status() + ": " + response.body());
    }
    return response.json();
  }

  Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(request.timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  Ws webSocket() {
    return webSocket(null);
  }

  Ws webSocket(String origin) {
    Ws listener = new Ws();
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(WAIT);
    if (origin != null) {
      builder.header("Origin", origin);
    }
    listener.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/"), listener)
        .orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    return listener;
  }

  static JsonNode parse(String text) {
    try {
      return Json.mapper().readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  /** Collects whole text messages; {@link #manualDemand} stops reading to act as a slow client. */
  static final class Ws implements WebSocket.Listener {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    volatile boolean manualDemand;
    WebSocket socket;
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
      if (!manualDemand) {
        webSocket.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(-1);
    }

    void send(String text) {
      socket.sendText(text, true).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    JsonNode next() {
      try {
        String message = messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (message == null) {
          throw new AssertionError("no message within " + WAIT);
        }
        return parse(message);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    /** Sends and returns the next message (the answer when nothing else is pending). */
    JsonNode call(String text) {
      send(text);
      return next();
    }

    void close() {
      try {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(WAIT.toSeconds(), TimeUnit.SECONDS);
      } catch (Exception e) {
        // Already closed by the server; abort below cleans up either way.
      }
      socket.abort();
    }
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
