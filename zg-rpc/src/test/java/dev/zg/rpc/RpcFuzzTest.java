package dev.zg.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Garbage in, never a crash: random bytes and mutated valid requests always get a well-formed
 * JSON-RPC answer (or none, for notifications), over HTTP and over one long-lived WebSocket,
 * and the server keeps serving.
 */
class RpcFuzzTest {
  private static final List<String> VALID = List.of(
      RpcServerHttpTest.call(1, "test_add", "\"0x1\",\"0x2\""),
      RpcServerHttpTest.call("\"s\"", "test_params", "\"0x" + "ab".repeat(20) + "\",\"0x"
          + "cd".repeat(32) + "\",\"0x00\",\"0x10\",{\"blockHash\":\"0x" + "ef".repeat(32)
          + "\"},true,{\"to\":\"0x" + "12".repeat(20) + "\",\"gas\":\"0x5208\"}"),
      "[" + RpcServerHttpTest.call(1, "test_echo", "[1,{\"a\":null}],\"x\"") + ","
          + "{\"jsonrpc\":\"2.0\",\"method\":\"test_null\"}," + RpcServerHttpTest.call(2,
          "test_revert", "") + "]",
      "{\"jsonrpc\":\"2.0\",\"id\":null,\"method\":\"test_subscribe\",\"params\":{}}",
      "{\"jsonrpc\":\"2.0\",\"method\":\"test_internal\"}");
  private static final String JSON_CHARS = "{}[]\",:0123456789abcdefx-.eE \\ntrul\u00e9\u0000";

  private static RpcServer server;
  private static TestClient client;
  private static TestClient.Ws ws;

  @BeforeContainer
  static void start() {
    // One worker answers WebSocket messages in order, so a sentinel call marks the end.
    server = new RpcServer(RpcOptions.defaults().withWorkerThreads(1).withMaxBatchSize(20));
    new TestMethods().registerOn(server);
    server.start();
    client = new TestClient(server.port());
    ws = client.webSocket();
  }

  @AfterContainer
  static void stop() {
    ws.close();
    server.close();
  }

  @Property(tries = 300)
  void randomBytesOverHttp(@ForAll("bytes") byte[] body) {
    TestClient.Response response = client.send(HttpRequest.newBuilder(client.uri("/"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    assertWellFormed(response);
  }

  @Property(tries = 400)
  void mutatedRequestsOverHttp(@ForAll("mutated") String body) {
    assertWellFormed(client.post(body));
  }

  @Property(tries = 300)
  void mutatedRequestsOverOneWebSocket(@ForAll("mutated") String body) {
    ws.send(body);
    ws.send(RpcServerHttpTest.call("\"sentinel\"", "test_null", ""));
    while (true) {
      JsonNode answer = ws.next();
      if (answer.isObject() && "sentinel".equals(answer.path("id").asText())) {
        return;
      }
      if (answer.has("method")) { // a mutation may still subscribe: notifications are fine
        assertThat(answer.get("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(answer.get("params").get("subscription").isTextual()).isTrue();
        continue;
      }
      assertAnswer(answer);
    }
  }

  @Example
  void garbageOnTheTcpSocketDoesNotHurtTheServer() throws IOException {
    for (String garbage : new String[] {"\u0000\u0001\u0002\r\n\r\n", "GET\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: -5\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n"
            + "\r\n{\"jsonrpc\"", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        "GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"}) {
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        socket.setSoTimeout(2_000);
        OutputStream out = socket.getOutputStream();
        out.write(garbage.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        socket.shutdownOutput();
        InputStream in = socket.getInputStream();
        in.readNBytes(4096); // whatever the server says, or nothing
      } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
        // A refusal by silence or reset is fine; the check below is what matters.
      }
    }
    assertThat(client.rpc(RpcServerHttpTest.call(1, "test_add", "\"0x1\",\"0x1\""))
        .get("result").asText()).isEqualTo("0x2");
    assertThat(ws.call(RpcServerHttpTest.call(2, "test_add", "\"0x2\",\"0x2\""))
        .get("result").asText()).isEqualTo("0x4");
  }

  private static void assertWellFormed(TestClient.Response response) {
    if (response.status() == 204) {
      assertThat(response.body()).isEmpty();
      return;
    }
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertAnswer(response.json());
  }

  private static void assertAnswer(JsonNode answer) {
    if (answer.isArray()) {
      assertThat(answer).isNotEmpty();
      answer.forEach(RpcFuzzTest::assertResponseObject);
    } else {
      assertResponseObject(answer);
    }
  }

  private static void assertResponseObject(JsonNode response) {
    assertThat(response.isObject()).as(response.toString()).isTrue();
    assertThat(response.get("jsonrpc").asText()).isEqualTo("2.0");
    JsonNode id = response.get("id");
    assertThat(id).as(response.toString()).isNotNull();
    assertThat(id.isNull() || id.isTextual() || id.isNumber()).isTrue();
    assertThat(response.has("result") ^ response.has("error")).as(response.toString()).isTrue();
    if (response.has("error")) {
      JsonNode error = response.get("error");
      assertThat(error.get("code").isIntegralNumber()).isTrue();
      assertThat(error.get("message").isTextual()).isTrue();
      assertThat(error.get("message").asText()).doesNotContain("Exception");
    }
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(512);
  }

  /** A valid request with one to six random deletions, insertions, replacements or cuts. */
  @Provide
  Arbitrary<String> mutated() {
    Arbitrary<int[]> edit = Combinators.combine(
            Arbitraries.integers().between(0, 3),
            Arbitraries.integers().between(0, 10_000),
            Arbitraries.integers().between(0, JSON_CHARS.length() - 1))
        .as((kind, at, c) -> new int[] {kind, at, c});
    return Combinators.combine(Arbitraries.of(VALID), edit.list().ofMinSize(1).ofMaxSize(6))
        .as(RpcFuzzTest::apply);
  }

  private static String apply(String valid, List<int[]> edits) {
    StringBuilder text = new StringBuilder(valid);
    for (int[] edit : edits) {
      if (text.isEmpty()) {
        break;
      }
      int at = edit[1] % text.length();
      char c = JSON_CHARS.charAt(edit[2]);
      switch (edit[0]) {
        case 0 -> text.deleteCharAt(at);
        case 1 -> text.insert(at, c);
        case 2 -> text.setCharAt(at, c);
        default -> text.setLength(at);
      }
    }
    return text.toString();
  }
}
