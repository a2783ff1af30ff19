package dev.zg.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RpcServerWebSocketTest {
  private static final String SUBSCRIBE = RpcServerHttpTest.call(1, "test_subscribe", "");
  private static RpcServer server;
  private static TestMethods methods;
  private static TestClient client;

  @BeforeAll
  static void start() {
    server = new RpcServer(RpcOptions.defaults()
        .withMaxBodyBytes(64 * 1024)
        .withMaxSubscriptionsPerConnection(3)
        .withCorsAllowedOrigins(List.of("https://app.example")));
    methods = new TestMethods();
    methods.registerOn(server);
    server.start();
    client = new TestClient(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static void eventually(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  static void assertHandshakeRefused(Runnable connect, int status) {
    assertThatThrownBy(connect::run)
        .hasCauseInstanceOf(WebSocketHandshakeException.class)
        .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse()
            .statusCode()).isEqualTo(status));
  }

  @Test
  void callsBatchesAndErrorsOverOneConnection() {
    TestClient.Ws ws = client.webSocket();
    try {
      JsonNode single = ws.call(RpcServerHttpTest.call(5, "test_add", "\"0x2\",\"0x2\""));
      assertThat(single.get("id").asInt()).isEqualTo(5);
      assertThat(single.get("result").asText()).isEqualTo("0x4");
      assertThat(ws.call(RpcServerHttpTest.call(6, "test_transport", "")).get("result").asText())
          .isEqualTo("WEBSOCKET");
      JsonNode batch = ws.call("[" + RpcServerHttpTest.call(1, "test_null", "") + ","
          + RpcServerHttpTest.call(2, "nope", "") + "]");
      assertThat(batch).hasSize(2);
      assertThat(batch.get(1).get("error").get("code").asInt()).isEqualTo(-32601);
      assertThat(ws.call("{not json").get("error").get("code").asInt()).isEqualTo(-32700);
      assertThat(ws.call("[]").get("error").get("code").asInt()).isEqualTo(-32600);
      // A notification is not answered: the next message is the following call's answer.
      ws.send("{\"jsonrpc\":\"2.0\",\"method\":\"test_null\"}");
      assertThat(ws.call(RpcServerHttpTest.call(9, "test_null", "")).get("id").asInt())
          .isEqualTo(9);
    } finally {
      ws.close();
    }
  }

  @Test
  void subscriptionsAnnounceTheirIdBeforeAnyNotification() {
    TestClient.Ws ws = client.webSocket();
    try {
      JsonNode answer = ws.call(SUBSCRIBE);
      String id = answer.get("result").asText();
      assertThat(id).matches("0x[0-9a-f]{32}");
      JsonNode first = ws.next();
      assertThat(first.get("jsonrpc").asText()).isEqualTo("2.0");
      assertThat(first.get("method").asText()).isEqualTo("test_subscription");
      assertThat(first.has("id")).isFalse();
      assertThat(first.get("params").get("subscription").asText()).isEqualTo(id);
      assertThat(first.get("params").get("result").asText()).isEqualTo("first");

      Subscription subscription = methods.subscriptions.get(id);
      assertThat(subscription.push(Json.object().put("number", "0x1"))).isTrue();
      assertThat(subscription.push(new RawJson("[1,2,3]"))).isTrue();
      assertThat(ws.next().get("params").get("result").get("number").asText()).isEqualTo("0x1");
      assertThat(ws.next().get("params").get("result").toString()).isEqualTo("[1,2,3]");

      JsonNode unsubscribed = ws.call(RpcServerHttpTest.call(2, "test_unsubscribe",
          "\"" + id + "\""));
      assertThat(unsubscribed.get("result").asBoolean()).isTrue();
      assertThat(subscription.isOpen()).isFalse();
      assertThat(subscription.push("late")).isFalse();
      assertThat(methods.closed).containsKey(id);
      assertThat(ws.call(RpcServerHttpTest.call(3, "test_unsubscribe", "\"" + id + "\""))
          .get("result").asBoolean()).isFalse();
    } finally {
      ws.close();
    }
  }

  @Test
  void aFailedSubscribeCallClosesWhatItOpened() {
    TestClient.Ws ws = client.webSocket();
    try {
      int before = server.metrics().subscriptions();
      JsonNode answer = ws.call(RpcServerHttpTest.call(1, "test_subscribeThenFail", ""));
      assertThat(answer.get("error").get("message").asText()).isEqualTo("changed my mind");
      eventually(() -> server.metrics().subscriptions() <= before);
      assertThat(methods.subscriptions.values()).anyMatch(s -> !s.isOpen());
    } finally {
      ws.close();
    }
  }

  @Test
  void closingTheConnectionEndsItsSubscriptions() {
    TestClient.Ws ws = client.webSocket();
    String a = ws.call(SUBSCRIBE).get("result").asText();
    ws.next();
    String b = ws.call(SUBSCRIBE).get("result").asText();
    ws.next();
    assertThat(methods.subscriptions.get(a).isOpen()).isTrue();
    ws.close();
    eventually(() -> methods.closed.containsKey(a) && methods.closed.containsKey(b));
    assertThat(methods.subscriptions.get(b).push("gone")).isFalse();
    eventually(() -> server.metrics().webSocketConnections() == 0);
  }

  @Test
  void subscriptionsPerConnectionAreLimited() {
    TestClient.Ws ws = client.webSocket();
    try {
      for (int i = 0; i < 3; i++) {
        assertThat(ws.call(SUBSCRIBE).has("result")).isTrue();
        ws.next();
      }
      JsonNode refused = ws.call(SUBSCRIBE);
      assertThat(refused.get("error").get("code").asInt()).isEqualTo(-32005);
      assertThat(refused.get("error").get("message").asText())
          .isEqualTo("too many subscriptions on this connection (max 3)");
    } finally {
      ws.close();
    }
  }

  @Test
  void browserOriginsFollowTheCorsList() {
    TestClient.Ws allowed = client.webSocket("https://app.example");
    assertThat(allowed.call(RpcServerHttpTest.call(1, "test_null", "")).has("result")).isTrue();
    allowed.close();
    assertHandshakeRefused(() -> client.webSocket("https://evil.example"), 403);
  }

  @Test
  void oversizedMessagesCloseOnlyThatConnection() {
    TestClient.Ws ws = client.webSocket();
    ws.send(RpcServerHttpTest.call(1, "test_echo", "\"" + "a".repeat(70 * 1024) + "\""));
    assertThat(ws.closed.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(1009);
    ws.close();
    TestClient.Ws next = client.webSocket();
    assertThat(next.call(RpcServerHttpTest.call(1, "test_null", "")).has("result")).isTrue();
    next.close();
  }

  @Test
  void aClientThatStopsReadingIsDropped() {
    try (RpcServer small = new RpcServer(RpcOptions.defaults()
        .withWebSocketSendQueueMaxBytes(64 * 1024))) {
      TestMethods local = new TestMethods();
      local.registerOn(small);
      small.start();
      TestClient.Ws ws = new TestClient(small.port()).webSocket();
      String id = ws.call(SUBSCRIBE).get("result").asText();
      ws.next();
      ws.manualDemand = true; // one more message is asked for, then the client reads nothing
      Subscription subscription = local.subscriptions.get(id);
      String chunk = "x".repeat(32 * 1024);
      int pushed = 0;
      // Loopback socket buffers absorb a few MiB before the server's queue starts to fill.
      while (subscription.push(chunk) && pushed < 20_000) {
        pushed++;
      }
      assertThat(subscription.isOpen()).isFalse();
      assertThat(small.metrics().slowClientsDropped()).isEqualTo(1);
      eventually(() -> small.metrics().webSocketConnections() == 0);
      ws.socket.abort();
      TestClient.Ws fresh = new TestClient(small.port()).webSocket();
      assertThat(fresh.call(RpcServerHttpTest.call(1, "test_null", "")).has("result")).isTrue();
      fresh.close();
    }
  }

  @Test
  void connectionsAreLimited() {
    try (RpcServer small = new RpcServer(RpcOptions.defaults().withMaxWebSocketConnections(1))) {
      new TestMethods().registerOn(small);
      small.start();
      TestClient local = new TestClient(small.port());
      TestClient.Ws first = local.webSocket();
      assertHandshakeRefused(local::webSocket, 503);
      first.close();
      eventually(() -> small.metrics().webSocketConnections() == 0);
      TestClient.Ws again = local.webSocket();
      assertThat(again.call(RpcServerHttpTest.call(1, "test_null", "")).has("result")).isTrue();
      again.close();
    }
  }

  @Test
  void serverShutdownSaysGoingAway() {
    RpcServer doomed = new RpcServer(RpcOptions.defaults().withShutdownGrace(Duration.ZERO));
    new TestMethods().registerOn(doomed);
    doomed.start();
    TestClient.Ws ws = new TestClient(doomed.port()).webSocket();
    assertThat(ws.call(RpcServerHttpTest.call(1, "test_null", "")).has("result")).isTrue();
    doomed.close();
    assertThat(ws.closed.orTimeout(10, TimeUnit.SECONDS).join()).isIn(1001, 1006, -1);
    ws.socket.abort();
  }
}
