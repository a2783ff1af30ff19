package dev.zg.compute.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.compute.billing.FeeLedger;
import dev.zg.compute.chain.ServiceParams;
import dev.zg.compute.testing.EchoBackend;
import dev.zg.compute.testing.MemoryServingChain;
import dev.zg.compute.token.AppSkToken;
import dev.zg.compute.token.PersonalSign;
import dev.zg.state.kv.Durability;
import dev.zg.state.kv.RocksKeyValueStore;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProviderBrokerTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final BigInteger USER_KEY =
      new BigInteger("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", 16);
  static final BigInteger PROVIDER_KEY =
      new BigInteger("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d", 16);
  static final BigInteger SIGNER_KEY =
      new BigInteger("5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a", 16);
  static final Address USER = address(USER_KEY);
  static final Address PROVIDER = address(PROVIDER_KEY);
  static final Address SIGNER = address(SIGNER_KEY);
  static final BigInteger INPUT_PRICE = BigInteger.valueOf(1_000_000_000L);
  static final BigInteger OUTPUT_PRICE = BigInteger.valueOf(3_000_000_000L);
  static final BigInteger FIVE_0G = BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(5));

  @TempDir Path dir;
  Vertx vertx;
  EchoBackend backend;
  MemoryServingChain chain;
  RocksKeyValueStore store;
  FeeLedger ledger;
  ProviderBroker broker;
  BrokerConfig config;
  final HttpClient http = HttpClient.newHttpClient();

  static Address address(BigInteger key) {
    return Address.fromPublicKey(Secp256k1.publicKey(key));
  }

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    backend = new EchoBackend(vertx);
    chain = new MemoryServingChain(PROVIDER);
    chain.registerService(new ServiceParams("chatbot", "http://provider", EchoBackend.MODEL,
        "TeeML", INPUT_PRICE, OUTPUT_PRICE, "{}", SIGNER), BigInteger.TEN.pow(20));
    chain.fund(USER, PROVIDER, FIVE_0G);
    config = BrokerConfig.defaults("127.0.0.1", 0, PROVIDER, SIGNER_KEY,
            URI.create(backend.baseUrl()))
        .withBackendHeaders(Map.of("X-Backend-Key", "backend-secret"))
        .withLimits(64 * 1024, 1 << 20)
        .withChainCacheMillis(0);
    openBroker();
  }

  void openBroker() {
    store = RocksKeyValueStore.open(dir.resolve("fees"), FeeLedger.COLUMN);
    ledger = new FeeLedger(store, Durability.WAL);
    broker = new ProviderBroker(vertx, config, chain, ledger, Clock.systemUTC());
    broker.start();
  }

  void closeBroker() {
    broker.close();
    store.close();
  }

  @AfterEach
  void stop() throws Exception {
    closeBroker();
    backend.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  String url(String path) {
    return "http://127.0.0.1:" + broker.port() + path;
  }

  static String token(long generation, int tokenId, Address provider) {
    long now = System.currentTimeMillis();
    return AppSkToken.mint(USER_KEY, provider.toChecksumHex(), now,
        tokenId == 255 ? now + 3_600_000 : 0, now + "-test", generation, tokenId);
  }

  static String token() {
    return token(0, 255, PROVIDER);
  }

  HttpResponse<String> post(String path, String authorization, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  BigInteger unsettledFee() throws Exception {
    HttpResponse<String> reply =
        get("/v1/user/" + USER.toChecksumHex() + "/unsettledfee",
            token(chain.get(USER, PROVIDER).generation().longValueExact(), 255, PROVIDER));
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    return new BigInteger(JSON.readTree(reply.body()).get("unsettledFee").asText());
  }

  static String chatBody(String prompt, boolean stream) {
    return "{\"model\":\"echo-1\",\"stream\":" + stream + ",\"messages\":["
        + "{\"role\":\"system\",\"content\":\"you echo backwards\"},"
        + "{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
  }

  static BigInteger fee(long input, long output) {
    return INPUT_PRICE.multiply(BigInteger.valueOf(input))
        .add(OUTPUT_PRICE.multiply(BigInteger.valueOf(output)));
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** Fetches the signature as the SDK does and checks the signer and what was signed. */
  void assertSigned(String chatId, String requestBody, byte[] responseBody) throws Exception {
    HttpResponse<String> reply = get("/v1/proxy/signature/" + chatId + "?model=echo-1", null);
    assertThat(reply.statusCode()).isEqualTo(200);
    JsonNode signed = JSON.readTree(reply.body());
    String text = signed.get("text").asText();
    assertThat(text).isEqualTo(sha256(requestBody.getBytes(StandardCharsets.UTF_8)) + ":"
        + sha256(responseBody));
    Address recovered = PersonalSign.recover(text.getBytes(StandardCharsets.UTF_8),
        Hex.decode(signed.get("signature").asText()));
    assertThat(recovered).isEqualTo(SIGNER);
  }

  @Test
  void chatIsForwardedMeteredChargedAndSigned() throws Exception {
    String body = chatBody("one two three four", false);
    HttpResponse<String> reply = post("/v1/proxy/chat/completions", token(), body);
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    JsonNode json = JSON.readTree(reply.body());
    assertThat(json.at("/choices/0/message/content").asText()).isEqualTo("four three two one");
    // prompt: 3 system words + 4 user words; completion: 4 words.
    assertThat(json.at("/usage/prompt_tokens").asInt()).isEqualTo(7);
    assertThat(unsettledFee()).isEqualTo(fee(7, 4));
    String chatId = reply.headers().firstValue(ProviderBroker.RES_KEY_HEADER).orElseThrow();
    assertSigned(chatId, body, reply.body().getBytes(StandardCharsets.UTF_8));
    // The backend saw the configured header and never the user's token.
    Map<String, String> seen = backend.headers.get(backend.headers.size() - 1);
    assertThat(seen).containsEntry("x-backend-key", "backend-secret");
    assertThat(seen).doesNotContainKey("authorization");
    // A second request adds to the same user's total.
    post("/v1/proxy/chat/completions", token(), chatBody("a b", false));
    assertThat(unsettledFee()).isEqualTo(fee(7, 4).add(fee(5, 2)));
  }

  @Test
  void streamingRequestsUsageAndChargesFromTheFinalChunk() throws Exception {
    String body = chatBody("alpha beta gamma delta epsilon", true);
    HttpResponse<byte[]> reply = http.send(HttpRequest.newBuilder(
            URI.create(url("/v1/proxy/chat/completions")))
        .header("Authorization", token()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(reply.statusCode()).isEqualTo(200);
    assertThat(reply.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    String text = new String(reply.body(), StandardCharsets.UTF_8);
    StringBuilder content = new StringBuilder();
    for (String line : text.split("\n")) {
      if (line.startsWith("data: {")) {
        JsonNode chunk = JSON.readTree(line.substring(6));
        content.append(chunk.at("/choices/0/delta/content").asText(""));
      }
    }
    assertThat(content.toString()).isEqualTo("epsilon delta gamma beta alpha");
    assertThat(text).endsWith("data: [DONE]\n\n");
    JsonNode forwarded = backend.bodies.get(backend.bodies.size() - 1);
    assertThat(forwarded.at("/stream_options/include_usage").asBoolean()).isTrue();
    assertThat(unsettledFee()).isEqualTo(fee(8, 5));
    String chatId = reply.headers().firstValue(ProviderBroker.RES_KEY_HEADER).orElseThrow();
    assertSigned(chatId, body, reply.body());
  }

  @Test
  void embeddingsAreChargedForInputAndModelsAreListed() throws Exception {
    String body = "{\"model\":\"echo-1\",\"input\":[\"one two\",\"three four five\"]}";
    HttpResponse<String> reply = post("/v1/proxy/embeddings", token(), body);
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    assertThat(JSON.readTree(reply.body()).at("/data/1/embedding/1").asInt()).isEqualTo(3);
    assertThat(unsettledFee()).isEqualTo(fee(5, 0));

    HttpResponse<String> proxied = get("/v1/proxy/models", token());
    assertThat(proxied.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(proxied.body()).at("/data/0/id").asText()).isEqualTo("echo-1");
    assertThat(get("/v1/proxy/models", null).statusCode()).isEqualTo(401);

    JsonNode models = JSON.readTree(get("/v1/models", null).body());
    assertThat(models.at("/data/0/id").asText()).isEqualTo("echo-1");
    assertThat(models.at("/data/0/pricing/completion").asText())
        .isEqualTo(OUTPUT_PRICE.toString());
  }

  @Test
  void quoteNamesTheSignerAndSaysItIsNotHardwareBacked() throws Exception {
    JsonNode quote = JSON.readTree(get("/v1/quote", null).body());
    assertThat(quote.get("hardware_backed").asBoolean()).isFalse();
    String reportData = new String(java.util.Base64.getDecoder()
        .decode(quote.get("report_data").asText()), StandardCharsets.US_ASCII).replace("\0", "");
    assertThat(reportData).isEqualToIgnoringCase(SIGNER.toHex());
    String compose = quote.at("/tcb_info/app_compose").asText();
    assertThat(quote.at("/tcb_info/event_log/0/event_payload").asText())
        .isEqualTo(sha256(compose.getBytes(StandardCharsets.UTF_8)));
  }

  String errorCode(HttpResponse<String> reply) throws Exception {
    return reply.statusCode() + " " + JSON.readTree(reply.body()).at("/error/code").asText();
  }

  @Test
  void badRequestsGetClearErrorsAndAreNeverCharged() throws Exception {
    String body = chatBody("x y", false);
    String path = "/v1/proxy/chat/completions";
    assertThat(errorCode(post(path, null, body))).isEqualTo("401 missing_token");
    String forged = token().replace("app-sk-eyJ", "app-sk-eyK");
    assertThat(errorCode(post(path, forged, body))).startsWith("401 ");
    long past = System.currentTimeMillis() - 7_200_000;
    String expired = AppSkToken.mint(USER_KEY, PROVIDER.toChecksumHex(), past, past + 3_600_000,
        "n", 0, 255);
    assertThat(errorCode(post(path, expired, body))).isEqualTo("401 token_expired");
    assertThat(errorCode(post(path, token(0, 255, USER), body))).isEqualTo("401 wrong_provider");
    String apiKey = token(0, 7, PROVIDER);
    assertThat(post(path, apiKey, body).statusCode()).isEqualTo(200);
    BigInteger charged = unsettledFee();
    chain.revoke(USER, PROVIDER, 7);
    assertThat(errorCode(post(path, apiKey, body))).isEqualTo("401 token_revoked");
    chain.revokeAll(USER, PROVIDER);
    assertThat(errorCode(post(path, token(0, 255, PROVIDER), body)))
        .isEqualTo("401 token_revoked");
    String fresh = token(1, 255, PROVIDER);
    assertThat(errorCode(post(path, fresh, "{not json"))).isEqualTo("400 bad_json");
    String huge = chatBody("w ".repeat(40_000), false);
    assertThat(errorCode(post(path, fresh, huge))).isEqualTo("413 body_too_large");
    assertThat(errorCode(post(path, fresh, chatBody("x", false).replace("echo-1", "fail"))))
        .startsWith("400");
    int backendCalls = backend.requests.get();
    chain.fund(USER, PROVIDER, BigInteger.TEN.pow(18)); // exactly the reserve: too little
    chain.revokeAll(USER, PROVIDER); // fund() reset the generation; keep using generation 1
    assertThat(errorCode(post(path, fresh, body))).isEqualTo("402 insufficient_balance");
    assertThat(backend.requests.get()).isEqualTo(backendCalls);
    assertThat(unsettledFee()).isEqualTo(charged);
    assertThat(get("/v1/proxy/signature/nope", null).statusCode()).isEqualTo(404);
    assertThat(errorCode(post("/v1/proxy/images/generations", fresh, "{}")))
        .isEqualTo("404 unsupported_route");
  }

  @Test
  void unsettledFeeNeedsTheUsersOwnToken() throws Exception {
    Address other = address(BigInteger.valueOf(12345));
    HttpResponse<String> reply = get("/v1/user/" + other.toChecksumHex() + "/unsettledfee",
        token());
    assertThat(errorCode(reply)).isEqualTo("403 wrong_user");
    assertThat(errorCode(get("/v1/user/" + USER.toChecksumHex() + "/unsettledfee", null)))
        .isEqualTo("401 missing_token");
  }

  @Test
  void aRestartKeepsEveryUnsettledFee() throws Exception {
    for (int i = 1; i <= 3; i++) {
      String words = "w ".repeat(i).strip();
      assertThat(post("/v1/proxy/chat/completions", token(), chatBody(words, i == 2))
          .statusCode()).isEqualTo(200);
    }
    BigInteger before = unsettledFee();
    assertThat(before).isEqualTo(fee(3 + 1, 1).add(fee(3 + 2, 2)).add(fee(3 + 3, 3)));
    closeBroker();
    openBroker();
    assertThat(unsettledFee()).isEqualTo(before);
    assertThat(ledger.requests(USER, 100)).hasSize(3);
  }
}
