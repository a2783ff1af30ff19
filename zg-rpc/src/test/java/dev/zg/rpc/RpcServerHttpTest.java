package dev.zg.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RpcServerHttpTest {
  private static RpcServer server;
  private static TestClient client;

  @BeforeAll
  static void start() {
    server = new RpcServer(RpcOptions.defaults().withMaxBodyBytes(64 * 1024).withMaxBatchSize(50));
    new TestMethods().registerOn(server);
    server.start();
    client = new TestClient(server.port());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void stillServing() {
    assertThat(client.rpc(call(99, "test_add", "\"0x1\",\"0x1\"")).get("result").asText())
        .isEqualTo("0x2");
  }

  static String call(Object id, String method, String params) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":["
        + params + "]}";
  }

  static void assertError(JsonNode response, int code, String message) {
    assertThat(response.get("jsonrpc").asText()).isEqualTo("2.0");
    assertThat(response.has("result")).isFalse();
    assertThat(response.get("error").get("code").asInt()).isEqualTo(code);
    assertThat(response.get("error").get("message").asText()).isEqualTo(message);
  }

  @Test
  void singleCallEchoesIdAndVersion() {
    JsonNode response = client.rpc(call(7, "test_add", "\"0x1\",\"0xff\""));
    assertThat(response.get("jsonrpc").asText()).isEqualTo("2.0");
    assertThat(response.get("id").asInt()).isEqualTo(7);
    assertThat(response.get("result").asText()).isEqualTo("0x100");
    assertThat(response.has("error")).isFalse();
  }

  @Test
  void idsOfEveryKindComeBackAsSent() {
    assertThat(client.post(call("\"abc\"", "test_null", "")).body()).contains("\"id\":\"abc\"");
    assertThat(client.post(call("null", "test_null", "")).body()).contains("\"id\":null");
    assertThat(client.post(call("123456789012345678901234567890", "test_null", "")).body())
        .contains("\"id\":123456789012345678901234567890");
    assertThat(client.post(call("-5", "test_null", "")).body()).contains("\"id\":-5");
  }

  @Test
  void nullResultIsWrittenExplicitly() {
    JsonNode response = client.rpc(call(1, "test_null", ""));
    assertThat(response.has("result")).isTrue();
    assertThat(response.get("result").isNull()).isTrue();
  }

  @Test
  void notificationGetsNoContent() {
    TestClient.Response response =
        client.post("{\"jsonrpc\":\"2.0\",\"method\":\"test_add\",\"params\":[\"0x1\",\"0x2\"]}");
    assertThat(response.status()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void notificationErrorsAreNotAnswered() {
    assertThat(client.post("{\"jsonrpc\":\"2.0\",\"method\":\"nope\"}").status()).isEqualTo(204);
    assertThat(client.post("{\"jsonrpc\":\"2.0\",\"method\":\"test_internal\"}").status())
        .isEqualTo(204);
  }

  @Test
  void batchAnswersInRequestOrderWithoutNotifications() {
    String batch = "[" + String.join(",",
        call(1, "test_add", "\"0x1\",\"0x2\""),
        "{\"jsonrpc\":\"2.0\",\"method\":\"test_add\",\"params\":[\"0x1\",\"0x2\"]}",
        "1",
        call(2, "no_such_method", ""),
        call(3, "test_add", "\"0x01\",\"0x2\""),
        "{\"jsonrpc\":\"1.0\",\"id\":4,\"method\":\"test_null\"}",
        call("\"five\"", "test_asyncAdd", "\"0x2\",\"0x3\""),
        "{\"foo\":\"bar\"}") + "]";
    JsonNode response = client.rpc(batch);
    assertThat(response.isArray()).isTrue();
    assertThat(response).hasSize(7);
    assertThat(response.get(0).get("result").asText()).isEqualTo("0x3");
    assertError(response.get(1), -32600, "invalid request: expected an object, got number");
    assertThat(response.get(1).get("id").isNull()).isTrue();
    assertError(response.get(2), -32601,
        "the method no_such_method does not exist/is not available");
    assertThat(response.get(2).get("id").asInt()).isEqualTo(2);
    assertThat(response.get(3).get("error").get("code").asInt()).isEqualTo(-32602);
    assertError(response.get(4), -32600, "invalid request: jsonrpc must be \"2.0\"");
    assertThat(response.get(4).get("id").asInt()).isEqualTo(4);
    assertThat(response.get(5).get("id").asText()).isEqualTo("five");
    assertThat(response.get(5).get("result").asText()).isEqualTo("0x5");
    assertThat(response.get(6).get("error").get("code").asInt()).isEqualTo(-32600);
  }

  @Test
  void largeBatchKeepsOrder() {
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 50; i++) {
      batch.append(i == 0 ? "" : ",").append(call(i, "test_add", "\"0x" + Integer.toHexString(i)
          + "\",\"0x0\""));
    }
    JsonNode response = client.rpc(batch.append("]").toString());
    for (int i = 0; i < 50; i++) {
      assertThat(response.get(i).get("id").asInt()).isEqualTo(i);
      assertThat(response.get(i).get("result").asText()).isEqualTo(Json.quantity(i));
    }
  }

  @Test
  void batchOfNotificationsGetsNoContent() {
    String notification = "{\"jsonrpc\":\"2.0\",\"method\":\"test_null\"}";
    TestClient.Response response = client.post("[" + notification + "," + notification + "]");
    assertThat(response.status()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void emptyBatchIsOneInvalidRequest() {
    JsonNode response = client.rpc("[]");
    assertThat(response.isObject()).isTrue();
    assertError(response, -32600, "invalid request: empty batch");
    assertThat(response.get("id").isNull()).isTrue();
  }

  @Test
  void batchOverTheLimitIsRefused() {
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 51; i++) {
      batch.append(i == 0 ? "" : ",").append(call(i, "test_null", ""));
    }
    JsonNode response = client.rpc(batch.append("]").toString());
    assertError(response, -32600, "batch too large: 51 requests, the limit is 50");
  }

  @Test
  void parseErrorsHaveNullId() {
    for (String body : new String[] {"{", "{\"jsonrpc\":\"2.0\",", "", "  ", "nul", "[1,",
        call(1, "test_null", "") + " trailing", "{\"a\":1}{\"b\":2}", "\u0000\u0001",
        "[".repeat(20_000), "{\"a\":".repeat(5_000), "1".repeat(2_000), "\"\\u12\""}) {
      JsonNode response = client.rpc(body);
      assertThat(response.get("error").get("code").asInt()).as(body).isEqualTo(-32700);
      assertThat(response.get("error").get("message").asText()).startsWith("parse error");
      assertThat(response.get("id").isNull()).isTrue();
    }
  }

  @Test
  void invalidRequestsAreAnsweredEvenWithoutId() {
    assertError(client.rpc("1"), -32600, "invalid request: expected an object, got number");
    assertError(client.rpc("null"), -32600, "invalid request: expected an object, got null");
    assertError(client.rpc("\"x\""), -32600, "invalid request: expected an object, got string");
    assertError(client.rpc("{\"id\":1,\"method\":\"test_null\"}"), -32600,
        "invalid request: jsonrpc must be \"2.0\"");
    assertError(client.rpc("{\"jsonrpc\":2.0,\"id\":1,\"method\":\"test_null\"}"), -32600,
        "invalid request: jsonrpc must be \"2.0\"");
    assertError(client.rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}"), -32600,
        "invalid request: method must be a string");
    assertError(client.rpc("{\"jsonrpc\":\"2.0\",\"id\":1}"), -32600,
        "invalid request: method must be a string");
    JsonNode badId = client.rpc("{\"jsonrpc\":\"2.0\",\"id\":{\"a\":1},\"method\":\"test_null\"}");
    assertError(badId, -32600, "invalid request: id must be a string, a number or null");
    assertThat(badId.get("id").isNull()).isTrue();
  }

  @Test
  void methodNotFoundUsesTheEthereumWording() {
    assertError(client.rpc(call(1, "eth_nothing", "")), -32601,
        "the method eth_nothing does not exist/is not available");
  }

  @Test
  void invalidParamsNameTheArgumentAndReason() {
    assertError(client.rpc(call(1, "test_add", "\"0x1\"")), -32602,
        "missing value for required argument 1");
    assertError(client.rpc(call(1, "test_add", "\"0x01\",\"0x1\"")), -32602,
        "invalid argument 0: hex number with leading zero digits: \"0x01\"");
    assertError(client.rpc(call(1, "test_add", "\"1\",\"0x1\"")), -32602,
        "invalid argument 0: hex string without 0x prefix: \"1\"");
    assertError(client.rpc(call(1, "test_add", "1,\"0x1\"")), -32602,
        "invalid argument 0: expected a hex quantity string, got number");
    assertError(client.rpc(call(1, "test_add", "\"0x1\",\"0x2\",\"0x3\"")), -32602,
        "too many arguments, want at most 2");
    assertError(client.rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_add\",\"params\":5}"),
        -32602, "invalid params: expected an array or an object, got number");
    assertError(client.rpc(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_add\",\"params\":{\"a\":1}}"),
        -32602, "invalid params: expected an array of arguments, got an object");
  }

  @Test
  void everyParamTypeParses() {
    String address = "\"0x" + "Ab".repeat(20) + "\"";
    String hash = "\"0x" + "cd".repeat(32) + "\"";
    JsonNode result = client.rpc(call(1, "test_params", address + "," + hash
        + ",\"0x00ff\",\"0x0\",\"safe\",true,{\"to\":" + address + ",\"gas\":null}"))
        .get("result");
    assertThat(result.get("address").asText()).isEqualTo("0x" + "ab".repeat(20));
    assertThat(result.get("hash").asText()).isEqualTo("0x" + "cd".repeat(32));
    assertThat(result.get("data").asText()).isEqualTo("0x00ff");
    assertThat(result.get("quantity").asText()).isEqualTo("0x0");
    assertThat(result.get("block").asText()).isEqualTo("SAFE");
    assertThat(result.get("flag").asBoolean()).isTrue();
    assertThat(result.get("gas").asText()).isEqualTo("0x5208");
    assertError(client.rpc(call(1, "test_params", address + "," + hash
        + ",\"0x\",\"0x1\",\"latest\",false,{\"to\":\"0x12\"}")), -32602,
        "invalid argument 6: field 'to': an address must be 20 bytes (40 hex digits), got 2 "
            + "digits: \"0x12\"");
  }

  @Test
  void internalErrorsDoNotLeak() {
    TestClient.Response response = client.post(call(1, "test_internal", ""));
    assertError(response.json(), -32603, "internal error");
    assertThat(response.body()).doesNotContain("secret").doesNotContain("Exception");
  }

  @Test
  void applicationErrorsCarryCodeMessageAndData() {
    JsonNode revert = client.rpc(call(1, "test_revert", ""));
    assertError(revert, 3, "execution reverted: nope");
    assertThat(revert.get("error").get("data").asText()).isEqualTo("0x08c379a0");
    JsonNode custom = client.rpc(call(1, "test_custom", ""));
    assertError(custom, -32000, "custom failure");
    assertThat(custom.get("error").get("data").get("k").asInt()).isEqualTo(1);
    assertError(client.rpc(call(1, "test_asyncFail", "")), -32001, "async failure");
  }

  @Test
  void resultsOfManyTypesUseEthereumEncodings() {
    assertThat(client.rpc(call(1, "test_raw", "")).get("result").get("a").get(1).asInt())
        .isEqualTo(2);
    JsonNode typed = client.rpc(call(1, "test_typed", "")).get("result");
    assertThat(typed.get("data").asText()).isEqualTo("0x0102");
    assertThat(typed.get("address").asText()).isEqualTo("0x" + "00".repeat(20));
    assertThat(typed.get("hash").asText()).isEqualTo("0x" + "00".repeat(32));
    assertThat(typed.get("value").asText()).isEqualTo("0xff");
    assertThat(typed.get("numbers").toString()).isEqualTo("[1,2]");
    assertThat(client.rpc(call(1, "test_asyncAdd", "\"0x2\",\"0x3\"")).get("result").asText())
        .isEqualTo("0x5");
    assertThat(client.rpc(call(1, "test_transport", "")).get("result").asText())
        .isEqualTo("HTTP");
  }

  @Test
  void subscribingOverHttpFailsClearly() {
    assertError(client.rpc(call(1, "test_subscribe", "")), -32601,
        "notifications not supported: subscribe over a WebSocket connection");
  }

  @Test
  void oversizedBodiesGet413AndAJsonRpcError() {
    String big = call(1, "test_echo", "\"" + "a".repeat(70 * 1024) + "\"");
    TestClient.Response response = client.post(big);
    assertThat(response.status()).isEqualTo(413);
    assertError(response.json(), -32600, "request body too large: " + big.length()
        + " bytes, the limit is 65536");
    // Without a Content-Length (chunked), the limit is found while reading.
    byte[] bytes = TestClient.utf8(big);
    TestClient.Response chunked = client.send(HttpRequest.newBuilder(client.uri("/"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
    assertThat(chunked.status()).isEqualTo(413);
    assertThat(chunked.json().get("error").get("code").asInt()).isEqualTo(-32600);
  }

  @Test
  void bodiesJustUnderTheLimitAreServed() {
    String padding = "a".repeat(60 * 1024);
    JsonNode response = client.rpc(call(1, "test_echo", "\"" + padding + "\""));
    assertThat(response.get("result").get(0).asText()).hasSize(padding.length());
  }

  @Test
  void contentTypeMustBeJson() {
    for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded"}) {
      TestClient.Response response = client.send(HttpRequest.newBuilder(client.uri("/"))
          .header("Content-Type", type)
          .POST(HttpRequest.BodyPublishers.ofString(call(1, "test_null", ""))));
      assertThat(response.status()).as(type).isEqualTo(415);
    }
    TestClient.Response charset = client.send(HttpRequest.newBuilder(client.uri("/"))
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString(call(1, "test_null", ""))));
    assertThat(charset.status()).isEqualTo(200);
  }

  @Test
  void anyPathServesRpcAndGetIsHealth() {
    TestClient.Response rpc = client.send(HttpRequest.newBuilder(client.uri("/some/path?x=1"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(call(1, "test_add", "\"0x1\",\"0x2\""))));
    assertThat(rpc.json().get("result").asText()).isEqualTo("0x3");
    TestClient.Response health = client.send(HttpRequest.newBuilder(client.uri("/")).GET());
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("ok\n");
    TestClient.Response put = client.send(HttpRequest.newBuilder(client.uri("/"))
        .PUT(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(put.status()).isEqualTo(405);
  }

  @Test
  void browserOriginsAreRefusedWithoutCors() {
    TestClient.Response response = client.send(HttpRequest.newBuilder(client.uri("/"))
        .header("Content-Type", "application/json")
        .header("Origin", "https://evil.example")
        .POST(HttpRequest.BodyPublishers.ofString(call(1, "test_null", ""))));
    assertThat(response.status()).isEqualTo(403);
  }

  @Test
  void metricsCountRequestsAndErrors() {
    long before = server.metrics().methods().get("test_internal").requests();
    client.rpc(call(1, "test_internal", ""));
    client.rpc(call(1, "absent_method", ""));
    Map<String, RpcMetrics.MethodStats> stats = server.metrics().methods();
    assertThat(stats.get("test_internal").requests()).isEqualTo(before + 1);
    assertThat(stats.get("test_internal").errors()).isGreaterThanOrEqualTo(1);
    assertThat(stats.get("(unknown)").requests()).isGreaterThanOrEqualTo(1);
    assertThat(server.metrics().parseErrors()).isGreaterThanOrEqualTo(0);
  }
}
