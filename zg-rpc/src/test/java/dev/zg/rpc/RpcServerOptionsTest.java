package dev.zg.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviour that needs its own server settings: CORS, timeouts, busy workers, lifecycle. */
class RpcServerOptionsTest {

  private static RpcServer started(RpcOptions options) {
    RpcServer server = new RpcServer(options);
    new TestMethods().registerOn(server);
    return server.start();
  }

  private static HttpRequest.Builder preflight(TestClient client, String origin) {
    return HttpRequest.newBuilder(client.uri("/"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "content-type");
  }

  @Test
  void corsListAnswersPreflightAndTagsResponses() {
    try (RpcServer server = started(
        RpcOptions.defaults().withCorsAllowedOrigins(List.of("https://app.example")))) {
      TestClient client = new TestClient(server.port());
      TestClient.Response allowed = client.send(preflight(client, "https://app.example"));
      assertThat(allowed.status()).isEqualTo(204);
      assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
          .hasValue("https://app.example");
      assertThat(allowed.headers().firstValue("Access-Control-Allow-Methods").orElseThrow())
          .contains("POST");
      assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers"))
          .hasValue("content-type");
      assertThat(allowed.headers().firstValue("Vary")).hasValue("Origin");
      assertThat(client.send(preflight(client, "https://evil.example")).status()).isEqualTo(403);

      TestClient.Response post = client.send(HttpRequest.newBuilder(client.uri("/"))
          .header("Content-Type", "application/json")
          .header("Origin", "https://app.example")
          .POST(HttpRequest.BodyPublishers.ofString(
              RpcServerHttpTest.call(1, "test_add", "\"0x1\",\"0x2\""))));
      assertThat(post.status()).isEqualTo(200);
      assertThat(post.headers().firstValue("Access-Control-Allow-Origin"))
          .hasValue("https://app.example");
      assertThat(post.json().get("result").asText()).isEqualTo("0x3");
    }
  }

  @Test
  void corsWildcardAllowsAnyOrigin() {
    try (RpcServer server = started(RpcOptions.defaults().withCorsAllowedOrigins(List.of("*")))) {
      TestClient client = new TestClient(server.port());
      TestClient.Response allowed = client.send(preflight(client, "https://anything.example"));
      assertThat(allowed.status()).isEqualTo(204);
      assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    }
  }

  @Test
  void slowCallsTimeOutAndTheRestOfTheBatchIsAnswered() {
    try (RpcServer server = started(RpcOptions.defaults()
        .withRequestTimeout(Duration.ofMillis(300)))) {
      TestClient client = new TestClient(server.port());
      RpcServerHttpTest.assertError(client.rpc(RpcServerHttpTest.call(1, "test_never", "")),
          -32002, "request timed out");
      JsonNode batch = client.rpc("[" + RpcServerHttpTest.call(1, "test_add", "\"0x1\",\"0x1\"")
          + "," + RpcServerHttpTest.call(2, "test_sleep", "\"0xbb8\"") + "]");
      assertThat(batch.get(0).get("result").asText()).isEqualTo("0x2");
      RpcServerHttpTest.assertError(batch.get(1), -32002, "request timed out");
      assertThat(server.metrics().methods().get("test_never").errors()).isEqualTo(1);
    }
  }

  @Test
  void busyWorkersAnswerLimitExceededInsteadOfQueueingForever() throws Exception {
    try (RpcServer server = started(RpcOptions.defaults()
        .withWorkerThreads(1).withWorkerQueueMax(1))) {
      TestClient client = new TestClient(server.port());
      // Occupy the only worker and the only queue slot, then ask once more.
      Thread first = Thread.ofVirtual().start(() ->
          client.post(RpcServerHttpTest.call(1, "test_sleep", "\"0x7d0\"")));
      RpcServerWebSocketTest.eventually(() ->
          server.metrics().methods().get("test_sleep").requests() == 1);
      Thread second = Thread.ofVirtual().start(() ->
          client.post(RpcServerHttpTest.call(2, "test_sleep", "\"0x1\"")));
      Thread.sleep(300);
      JsonNode busy = client.rpc(RpcServerHttpTest.call(3, "test_null", ""));
      assertThat(busy.get("id").asInt()).isEqualTo(3);
      RpcServerHttpTest.assertError(busy, -32005,
          "server busy: too many requests waiting, try again later");
      first.join();
      second.join();
      assertThat(server.metrics().busyRejections()).isEqualTo(1);
      assertThat(client.rpc(RpcServerHttpTest.call(4, "test_null", "")).has("result")).isTrue();
    }
  }

  @Test
  void parallelBatchesKeepAnswersInRequestOrder() {
    try (RpcServer server = started(RpcOptions.defaults().withParallelBatches(true))) {
      TestClient client = new TestClient(server.port());
      StringBuilder batch = new StringBuilder("[");
      for (int i = 0; i < 200; i++) {
        batch.append(i == 0 ? "" : ",")
            .append(RpcServerHttpTest.call(i, "test_add", "\"" + Json.quantity(i) + "\",\"0x1\""));
      }
      JsonNode answers = client.rpc(batch.append("]").toString());
      for (int i = 0; i < 200; i++) {
        assertThat(answers.get(i).get("result").asText()).isEqualTo(Json.quantity(i + 1));
      }
    }
  }

  @Test
  void closeWaitsForCallsInFlight() throws Exception {
    RpcServer server = started(RpcOptions.defaults());
    TestClient client = new TestClient(server.port());
    JsonNode[] answer = new JsonNode[1];
    Thread caller = Thread.ofVirtual().start(() ->
        answer[0] = client.rpc(RpcServerHttpTest.call(1, "test_sleep", "\"0x12c\"")));
    RpcServerWebSocketTest.eventually(() ->
        server.metrics().methods().get("test_sleep").requests() == 1);
    server.close();
    caller.join();
    assertThat(answer[0].get("result").asText()).isEqualTo("slept");
    server.close(); // idempotent
  }

  @Test
  void ephemeralPortsWorkWithSeveralEventLoops() {
    try (RpcServer server = started(RpcOptions.defaults().withEventLoopThreads(2))) {
      TestClient client = new TestClient(server.port());
      for (int i = 0; i < 4; i++) {
        assertThat(client.rpc(RpcServerHttpTest.call(i, "test_null", "")).has("result")).isTrue();
      }
    }
  }

  @Test
  void contradictoryOptionsAreRejected() {
    assertThatThrownBy(() -> RpcOptions.defaults().withRequestTimeout(Duration.ofMinutes(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requestTimeout must be < idleTimeout");
    assertThatThrownBy(() -> RpcOptions.defaults().withPort(70_000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RpcServer(RpcOptions.defaults())
        .register("x", (p, c) -> null).register("x", (p, c) -> null))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aTakenPortFailsStartClearly() {
    try (RpcServer first = started(RpcOptions.defaults())) {
      RpcServer second = new RpcServer(RpcOptions.defaults().withPort(first.port()));
      assertThatThrownBy(second::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot listen on 127.0.0.1:" + first.port());
    }
  }
}
