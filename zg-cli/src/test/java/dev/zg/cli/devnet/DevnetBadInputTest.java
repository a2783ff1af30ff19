package dev.zg.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.chain.tx.DynamicFeeTransaction;
import dev.zg.chain.tx.LegacyTransaction;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.TransactionCodec;
import dev.zg.chain.tx.TransactionSigner;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input acceptance test: malformed JSON, unknown methods, wrong parameter types,
 * oversized bodies and invalid raw transactions, over HTTP and WebSocket, each get a JSON-RPC
 * error (the codes of the JSON-RPC spec and go-ethereum), and {@code zg devnet} keeps serving:
 * after each test a normal call and a normal transaction still work.
 */
@Timeout(120)
class DevnetBadInputTest {
  private static final long CHAIN_ID = DevnetGenesis.DEFAULT_CHAIN_ID;
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);
  private static final Address SINK = Address.fromHex("0x" + "00".repeat(19) + "77");
  private static final int BODY_BYTES_MAX = 5 << 20;

  @TempDir
  static Path folder;
  private static DevnetProcess devnet;
  private static JsonRpc rpc;
  private static HttpClient http;

  @BeforeAll
  static void start() {
    devnet = DevnetProcess.start(folder.resolve("devnet"));
    rpc = new JsonRpc(devnet.rpc);
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() {
    if (devnet != null) {
      devnet.close();
    }
  }

  /** The node still answers and still mines. */
  @AfterEach
  void stillServing() {
    assertThat(devnet.isAlive()).isTrue();
    assertThat(rpc.call("eth_chainId").asText()).isEqualTo("0x7a69");
    Secp256k1.KeyPair key = key(15);
    String hash = rpc.call("eth_sendRawTransaction", raw(dynamic(nextNonce(key), 21_000,
        GWEI.multiply(BigInteger.TEN), GWEI), key)).asText();
    assertThat(rpc.awaitReceipt(hash).get("status").asText()).isEqualTo("0x1");
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  @Test
  void malformedJsonIsAParseErrorWithNullId() throws Exception {
    for (String body : List.of("{\"jsonrpc\":\"2.0\",", "not json", "{\"a\":1}}", "\u0000\u0001",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[}")) {
      JsonNode answer = post(body, 200);
      assertThat(answer.get("error").get("code").asInt()).as(body).isEqualTo(-32700);
      assertThat(answer.get("id").isNull()).as(body).isTrue();
    }
  }

  @Test
  void invalidRequestsAreInvalidRequestErrors() throws Exception {
    for (String body : List.of("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"eth_chainId\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}", "{\"jsonrpc\":\"2.0\",\"id\":{},"
            + "\"method\":\"eth_chainId\"}", "42", "\"eth_chainId\"", "[]")) {
      JsonNode answer = post(body, 200);
      assertThat(answer.get("error").get("code").asInt()).as(body).isEqualTo(-32600);
    }
    JsonNode batch = post("[1, {\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_chainId\"},"
        + " {\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"no_such\"}]", 200);
    assertThat(batch).hasSize(3);
    assertThat(batch.get(0).get("error").get("code").asInt()).isEqualTo(-32600);
    assertThat(batch.get(1).get("result").asText()).isEqualTo("0x7a69");
    assertThat(batch.get(2).get("error").get("code").asInt()).isEqualTo(-32601);
  }

  @Test
  void unknownMethodsAreMethodNotFound() {
    for (String method : List.of("eth_noSuchMethod", "", "admin_peers", "debug_setHead",
        "ETH_CHAINID")) {
      JsonRpc.Error e = rpc.error(method);
      assertThat(e.code).as(method).isEqualTo(-32601);
      assertThat(e.rpcMessage()).contains("does not exist");
    }
  }

  @Test
  void wrongParameterTypesAreInvalidParams() {
    String a = key(1).address().toHex();
    List<Object[]> calls = List.of(
        new Object[] {"eth_getBalance", 123},
        new Object[] {"eth_getBalance", "0x1234"},
        new Object[] {"eth_getBalance", a, "0xzz"},
        new Object[] {"eth_getBalance", a, "newest"},
        new Object[] {"eth_getBalance", a, "latest", "extra"},
        new Object[] {"eth_getBlockByNumber", "latest", "yes"},
        new Object[] {"eth_getBlockByNumber", "0x01", false},
        new Object[] {"eth_getBlockByHash", "0x1234", false},
        new Object[] {"eth_getTransactionReceipt", 5},
        new Object[] {"eth_call", "0x1234", "latest"},
        new Object[] {"eth_call", JsonRpc.object("to", "nope"), "latest"},
        new Object[] {"eth_call", JsonRpc.object("to", a, "value", -1), "latest"},
        new Object[] {"eth_call", JsonRpc.object("to", a, "data", "0x1"), "latest"},
        new Object[] {"eth_estimateGas", JsonRpc.object("gas", "0x" + "f".repeat(20))},
        new Object[] {"eth_getLogs", JsonRpc.object("fromBlock", true)},
        new Object[] {"eth_getLogs", JsonRpc.object("topics", "0x12")},
        new Object[] {"eth_getLogs", JsonRpc.object("address", List.of(1, 2))},
        new Object[] {"eth_sendRawTransaction", 123},
        new Object[] {"eth_sendRawTransaction", "0xabc"},
        new Object[] {"eth_sendRawTransaction"},
        new Object[] {"eth_feeHistory", "0x4", "latest", List.of(90, 10)},
        new Object[] {"eth_getStorageAt", a, "0x" + "1".repeat(70), "latest"},
        new Object[] {"debug_traceTransaction", "0x12"});
    for (Object[] call : calls) {
      Object[] params = java.util.Arrays.copyOfRange(call, 1, call.length);
      JsonRpc.Error e = rpc.error((String) call[0], params);
      assertThat(e.code).as("%s %s", call[0], JsonRpc.JSON.valueToTree(params)).isEqualTo(-32602);
    }
  }

  @Test
  void oversizedBodiesAreRefusedAndTheNextRequestIsServed() throws Exception {
    String padding = "0".repeat(BODY_BYTES_MAX);
    String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_sendRawTransaction\","
        + "\"params\":[\"0x" + padding + "\"]}";
    JsonNode answer = post(body, 413);
    assertThat(answer.get("error").get("code").asInt()).isEqualTo(-32600);
    // Large but under the limit: refused by the transaction size rule, not the transport.
    String big = "0x" + "00".repeat(200_000);
    JsonRpc.Error e = rpc.error("eth_sendRawTransaction", big);
    assertThat(e.code).isEqualTo(-32000);
  }

  @Test
  void requestsWithoutJsonContentTypeAreRefused() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(devnet.rpc)
        .header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(415);
  }

  // ---- invalid raw transactions ----------------------------------------------------------

  @Test
  void undecodableTransactionsAreRejected() {
    Transaction valid = dynamic(0, 21_000, GWEI.multiply(BigInteger.TEN), GWEI);
    byte[] good = TransactionSigner.sign(valid, key(5).privateKey()).encode();
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
    byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
    byte[] unknownType = good.clone();
    unknownType[0] = 0x05;
    for (byte[] bytes : List.of(new byte[0], Hex.decode("0xdeadbeef"), Hex.decode("0xc0"),
        Hex.decode("0x02c0"), truncated, trailing, unknownType)) {
      JsonRpc.Error e = rpc.error("eth_sendRawTransaction", Hex.prefixed(bytes));
      assertThat(e.code).as(Hex.prefixed(bytes)).isEqualTo(-32000);
    }
  }

  @Test
  void transactionsBreakingARuleAreRejectedWithGethsWording() {
    Secp256k1.KeyPair key = key(16);
    BigInteger fee = GWEI.multiply(BigInteger.TEN);
    expectRejected(raw(TransactionSigner.sign(dynamic(nextNonce(key), 21_000, fee, GWEI), 1,
        key.privateKey())), "invalid chain id");
    expectRejected(raw(dynamic(nextNonce(key), 20_000, fee, GWEI), key), "intrinsic gas too low");
    expectRejected(raw(dynamic(nextNonce(key), 21_000, BigInteger.ONE, BigInteger.ONE), key),
        "max fee per gas less than block base fee");
    expectRejected(raw(dynamic(nextNonce(key), 21_000, fee, fee.add(BigInteger.ONE)), key),
        "max priority fee per gas higher than max fee per gas");
    expectRejected(raw(dynamic(nextNonce(key), 31_000_000, fee, GWEI), key),
        "exceeds block gas limit");
    Secp256k1.KeyPair pauper = Secp256k1.KeyPair.fromPrivateKey(BigInteger.valueOf(0x5eed));
    expectRejected(raw(dynamic(0, 21_000, fee, GWEI), pauper), "insufficient funds");

    // A signature that recovers to no key, and one with s in the upper half (EIP-2).
    DynamicFeeTransaction signed = TransactionSigner.sign(dynamic(nextNonce(key), 21_000, fee,
        GWEI), key.privateKey());
    Secp256k1.Signature sig = signed.signature();
    expectRejected(Hex.prefixed(signed.withSignature(new Secp256k1.Signature(BigInteger.ZERO,
        sig.s(), sig.recoveryId())).encode()), "invalid");
    expectRejected(Hex.prefixed(signed.withSignature(new Secp256k1.Signature(sig.r(),
        Secp256k1.N.subtract(sig.s()), 1 - sig.recoveryId())).encode()), "invalid");

    // Nonce too low: a nonce already used on chain.
    long used = nextNonce(key);
    String first = rpc.call("eth_sendRawTransaction", raw(dynamic(used, 21_000, fee, GWEI), key))
        .asText();
    rpc.awaitReceipt(first);
    expectRejected(raw(dynamic(used, 21_000, fee.add(GWEI), GWEI), key), "nonce too low");

    // A queued transaction (behind a nonce gap) and its replacements.
    long gap = nextNonce(key) + 1;
    String queued = raw(dynamic(gap, 21_000, fee, GWEI), key);
    rpc.call("eth_sendRawTransaction", queued);
    expectRejected(queued, "already known");
    expectRejected(raw(dynamic(gap, 21_000, fee.add(BigInteger.ONE), GWEI.add(BigInteger.ONE)),
        key), "replacement transaction underpriced");
    // A proper bump replaces it; then filling the gap mines both.
    BigInteger bumped = fee.multiply(BigInteger.TWO);
    String replacement = rpc.call("eth_sendRawTransaction", raw(dynamic(gap, 21_000, bumped,
        GWEI.multiply(BigInteger.TWO)), key)).asText();
    String filler = rpc.call("eth_sendRawTransaction", raw(dynamic(gap - 1, 21_000, fee, GWEI),
        key)).asText();
    assertThat(rpc.awaitReceipt(filler).get("status").asText()).isEqualTo("0x1");
    assertThat(rpc.awaitReceipt(replacement).get("status").asText()).isEqualTo("0x1");
  }

  @Test
  void anUnprotectedLegacyTransactionIsAcceptedAsOnOtherLocalChains() {
    // Pre-EIP-155 transactions (no chain id) are valid Ethereum transactions; local chains
    // (Hardhat, Anvil) accept them, and deployment tools rely on that for keyless deployers.
    Secp256k1.KeyPair key = key(17);
    LegacyTransaction tx = TransactionSigner.sign(new LegacyTransaction(nextNonce(key),
        GWEI.multiply(BigInteger.TEN), 21_000, SINK, BigInteger.ONE, new byte[0],
        OptionalLong.empty(), Transaction.UNSIGNED), key.privateKey());
    String hash = rpc.call("eth_sendRawTransaction", Hex.prefixed(tx.encode())).asText();
    assertThat(rpc.awaitReceipt(hash).get("status").asText()).isEqualTo("0x1");
  }

  private static void expectRejected(String raw, String message) {
    JsonRpc.Error e = rpc.error("eth_sendRawTransaction", raw);
    assertThat(e.code).as(e.getMessage()).isEqualTo(-32000);
    assertThat(e.rpcMessage()).as(e.getMessage()).contains(message);
  }

  // ---- WebSocket ---------------------------------------------------------------------------

  @Test
  void webSocketErrorsLeaveTheConnectionOpen() throws Exception {
    try (WsClient ws = WsClient.open(devnet.ws)) {
      assertThat(ws.exchange("{\"jsonrpc\":\"2.0\",").get("error").get("code").asInt())
          .isEqualTo(-32700);
      assertThat(ws.exchange("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_nothing\"}")
          .get("error").get("code").asInt()).isEqualTo(-32601);
      assertThat(ws.exchange("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_getBalance\","
          + "\"params\":[true]}").get("error").get("code").asInt()).isEqualTo(-32602);
      assertThat(ws.exchange("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"eth_subscribe\","
          + "\"params\":[\"everything\"]}").get("error").get("code").asInt()).isEqualTo(-32602);
      assertThat(ws.exchange("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"eth_sendRawTransaction\","
          + "\"params\":[\"0xdeadbeef\"]}").get("error").get("code").asInt()).isEqualTo(-32000);
      assertThat(ws.exchange("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"eth_chainId\"}")
          .get("result").asText()).isEqualTo("0x7a69");
    }
  }

  @Test
  void anOversizedWebSocketMessageClosesOnlyThatConnection() throws Exception {
    try (WsClient ws = WsClient.open(devnet.ws)) {
      ws.socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[\""
          + "0".repeat(BODY_BYTES_MAX) + "\"]}", true);
      assertThat(ws.closed.get(60, TimeUnit.SECONDS)).isEqualTo(1009);
    }
    try (WsClient ws = WsClient.open(devnet.ws)) {
      assertThat(ws.exchange("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}")
          .get("result").asText()).isEqualTo("0x7a69");
    }
  }

  @Test
  void subscriptionsDeliverHeadsLogsAndPendingTransactions() throws Exception {
    try (WsClient ws = WsClient.open(devnet.ws)) {
      String heads = ws.exchange("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\","
          + "\"params\":[\"newHeads\"]}").get("result").asText();
      String pending = ws.exchange("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_subscribe\","
          + "\"params\":[\"newPendingTransactions\"]}").get("result").asText();
      String fullPending = ws.exchange("{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":"
          + "\"eth_subscribe\",\"params\":[\"newPendingTransactions\",true]}").get("result")
          .asText();
      String logs = ws.exchange("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"eth_subscribe\","
          + "\"params\":[\"logs\",{\"topics\":[\"0x" + "ab".repeat(32) + "\"]}]}")
          .get("result").asText();
      assertThat(List.of(heads, pending, fullPending, logs)).doesNotHaveDuplicates()
          .allMatch(id -> id.matches("0x[0-9a-f]{32}"));

      Secp256k1.KeyPair key = key(18);
      // A contract whose init code emits LOG1 with topic 0xabab..: PUSH32 topic, PUSH1 0,
      // PUSH1 0, LOG1, STOP.
      byte[] init = Hex.decode("0x7f" + "ab".repeat(32) + "60006000a100");
      DynamicFeeTransaction tx = TransactionSigner.sign(new DynamicFeeTransaction(CHAIN_ID,
          nextNonce(key), GWEI, GWEI.multiply(BigInteger.TEN), 100_000, null, BigInteger.ZERO,
          init, List.of(), Transaction.UNSIGNED), key.privateKey());
      String hash = rpc.call("eth_sendRawTransaction", Hex.prefixed(tx.encode())).asText();
      JsonNode receipt = rpc.awaitReceipt(hash);

      JsonNode pendingNote = ws.notification(pending);
      assertThat(pendingNote.asText()).isEqualTo(hash);
      JsonNode pendingTx = ws.notification(fullPending);
      assertThat(pendingTx.get("hash").asText()).isEqualTo(hash);
      assertThat(pendingTx.get("from").asText()).isEqualTo(key.address().toHex());
      assertThat(pendingTx.get("input").asText()).isEqualTo(Hex.prefixed(init));
      JsonNode head = ws.notification(heads);
      assertThat(head.get("hash").asText()).isEqualTo(receipt.get("blockHash").asText());
      assertThat(head.get("number").asText()).isEqualTo(receipt.get("blockNumber").asText());
      JsonNode log = ws.notification(logs);
      assertThat(log.get("transactionHash").asText()).isEqualTo(hash);
      assertThat(log.get("logIndex").asText()).isEqualTo("0x0");
      assertThat(log).isEqualTo(receipt.get("logs").get(0));

      assertThat(ws.exchange("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"eth_unsubscribe\","
          + "\"params\":[\"" + heads + "\"]}").get("result").asBoolean()).isTrue();
      assertThat(ws.exchange("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"eth_unsubscribe\","
          + "\"params\":[\"" + heads + "\"]}").get("result").asBoolean()).isFalse();
    }
    JsonRpc.Error overHttp = rpc.error("eth_subscribe", "newHeads");
    assertThat(overHttp.code).isEqualTo(-32601);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static JsonNode post(String body, int status) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(devnet.rpc)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(body.length() > 200 ? body.substring(0, 200) : body)
        .isEqualTo(status);
    return JsonRpc.JSON.readTree(r.body());
  }

  private static Secp256k1.KeyPair key(int account) {
    return DevnetGenesis.accounts().get(account);
  }

  private static long nextNonce(Secp256k1.KeyPair key) {
    return Long.decode(rpc.call("eth_getTransactionCount", key.address().toHex(), "pending")
        .asText());
  }

  private static DynamicFeeTransaction dynamic(long nonce, long gas, BigInteger maxFee,
      BigInteger tip) {
    return new DynamicFeeTransaction(CHAIN_ID, nonce, tip, maxFee, gas, SINK, BigInteger.ONE,
        new byte[0], List.of(), Transaction.UNSIGNED);
  }

  private static String raw(Transaction unsigned, Secp256k1.KeyPair key) {
    return raw(TransactionSigner.sign(unsigned, key.privateKey()));
  }

  private static String raw(Transaction signed) {
    assertThat(TransactionCodec.decode(signed.encode()).hash()).isEqualTo(signed.hash());
    return Hex.prefixed(signed.encode());
  }
}
