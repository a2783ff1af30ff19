package dev.zg.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Plain GET routes beside JSON-RPC on one port. */
class RpcServerRouteTest {
  private static RpcServer server;
  private static TestClient client;

  @BeforeAll
  static void start() {
    server = new RpcServer(RpcOptions.defaults());
    new TestMethods().registerOn(server);
    server.route("/files/", (path, query) -> {
      if (path.equals("boom")) {
        throw new IllegalStateException("handler failed");
      }
      byte[] head = ("path=" + path + ";query=" + query + ";").getBytes(StandardCharsets.UTF_8);
      byte[] tail = "0123456789".getBytes(StandardCharsets.UTF_8);
      // Two parts, the second a slice: sent one after the other as they are.
      return HttpAnswer.ok("application/octet-stream", ByteBuffer.wrap(head),
          ByteBuffer.wrap(tail, 2, 3));
    });
    server.route("/files/special/", (path, query) -> HttpAnswer.text(404, "no " + path));
    server.start();
    client = new TestClient(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static TestClient.Response get(String path) {
    return client.send(HttpRequest.newBuilder(client.uri(path)).GET());
  }

  @Test
  void aRouteAnswersItsPrefixWithItsPartsInOrder() {
    TestClient.Response response = get("/files/a/b?x=1");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).contains(
        "application/octet-stream");
    assertThat(response.body()).isEqualTo("path=a/b;query=x=1;234");
    assertThat(response.headers().firstValueAsLong("content-length")).hasValue(
        response.body().length());
  }

  @Test
  void theLongestPrefixWins() {
    TestClient.Response response = get("/files/special/x");
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("no x\n");
  }

  @Test
  void otherPathsStillGetTheHealthAnswerAndPostsStayJsonRpc() {
    assertThat(get("/other").body()).isEqualTo("ok\n");
    assertThat(get("/files").body()).isEqualTo("ok\n");
    assertThat(client.rpc(RpcServerHttpTest.call(1, "test_add", "\"0x1\",\"0x2\""))
        .get("result").asText()).isEqualTo("0x3");
  }

  @Test
  void aFailingHandlerIsA500AndTheServerGoesOn() {
    TestClient.Response response = get("/files/boom");
    assertThat(response.status()).isEqualTo(500);
    assertThat(response.body()).isEqualTo("internal error\n");
    assertThat(get("/files/ok").status()).isEqualTo(200);
  }

  @Test
  void browserOriginsNotAllowedAreRefused() {
    TestClient.Response response = client.send(HttpRequest.newBuilder(client.uri("/files/a"))
        .header("Origin", "https://evil.example").GET());
    assertThat(response.status()).isEqualTo(403);
  }

  @Test
  void prefixesAreCheckedAndUnique() {
    assertThatThrownBy(() -> server.route("files/", (p, q) -> HttpAnswer.text(200, "")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server.route("/", (p, q) -> HttpAnswer.text(200, "")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server.route("/files/", (p, q) -> HttpAnswer.text(200, "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already registered");
    assertThatThrownBy(() -> HttpAnswer.text(99, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
