package dev.zg.compute.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.compute.billing.FeeLedger;
import dev.zg.compute.broker.BrokerConfig;
import dev.zg.compute.broker.ProviderBroker;
import dev.zg.compute.settle.Settler;
import dev.zg.compute.settle.TeeSettlementTypedData;
import dev.zg.compute.testing.EchoBackend;
import dev.zg.compute.token.AppSkToken;
import dev.zg.contracts.Artifacts;
import dev.zg.contracts.ContractArtifact;
import dev.zg.contracts.devnet.DevnetContracts;
import dev.zg.node.ChainNode;
import dev.zg.node.NodeConfig;
import dev.zg.state.kv.Durability;
import dev.zg.state.kv.RocksKeyValueStore;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker against the real compute contracts: an in-process chain node on the devnet
 * genesis (LedgerManager and InferenceServing at the SDK's addresses), the echo backend, and
 * {@link JsonRpcServingChain}. A provider registers, a user funds a sub-account, chats with an
 * app-sk token, and the settlement moves exactly the metered fees on chain, once.
 */
class ServingChainEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BigInteger ONE_0G = BigInteger.TEN.pow(18);
  private static final BigInteger INPUT_PRICE = BigInteger.valueOf(1_000_000_000L);
  private static final BigInteger OUTPUT_PRICE = BigInteger.valueOf(3_000_000_000L);

  @TempDir Path dir;

  @Test
  void brokerRegistersMetersAndSettlesOnTheRealContracts() throws Exception {
    DevnetContracts.Deployed deployed = DevnetContracts.deploy(DevnetGenesis.create());
    Address ledgerManager = deployed.contracts().get("ledgerManager");
    Address serving = deployed.contracts().get("inferenceServing");
    List<Secp256k1.KeyPair> keys = DevnetGenesis.accounts();
    Address owner = DevnetContracts.DEPLOYER;
    BigInteger providerKey = keys.get(1).privateKey();
    Address provider = keys.get(1).address();
    BigInteger signerKey = new BigInteger(1, Hex.decode(
        "8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba"));
    Address signer = Address.fromPublicKey(Secp256k1.publicKey(signerKey));
    BigInteger userKey = keys.get(3).privateKey();
    Address user = keys.get(3).address();
    ContractArtifact ledgerAbi = Artifacts.get("LedgerManager");
    ContractArtifact servingAbi = Artifacts.get("InferenceServing");

    NodeConfig nodeConfig = new NodeConfig(deployed.genesis(), null, "127.0.0.1", 0,
        Duration.ZERO, owner, keys, List.of(), NodeConfig.RPC_GAS_CAP_DEFAULT);
    Vertx vertx = Vertx.vertx();
    ProviderBroker broker = null;
    try (ChainNode node = ChainNode.start(nodeConfig);
        EchoBackend backend = new EchoBackend(vertx);
        RocksKeyValueStore store = RocksKeyValueStore.open(dir.resolve("fees"),
            FeeLedger.COLUMN)) {
      Rpc rpc = new Rpc(URI.create(node.rpcUrl()));
      JsonRpcServingChain chain =
          new JsonRpcServingChain(URI.create(node.rpcUrl()), serving, providerKey);
      assertThat(chain.chainId()).isEqualTo(DevnetGenesis.DEFAULT_CHAIN_ID);

      // The provider registers (100 0G stake); the owner acknowledges its signer.
      assertThat(chain.service(provider)).isEmpty();
      chain.registerService(new ServiceParams("chatbot", "http://127.0.0.1/provider",
          EchoBackend.MODEL, "TeeML", INPUT_PRICE, OUTPUT_PRICE, "{}", signer),
          ONE_0G.multiply(BigInteger.valueOf(100)));
      ServingService registered = chain.service(provider).orElseThrow();
      assertThat(registered.teeSignerAddress()).isEqualTo(signer);
      assertThat(registered.teeSignerAcknowledged()).isFalse();
      rpc.send(owner, serving, servingAbi.function("acknowledgeTEESignerByOwner")
          .encodeCall(provider), BigInteger.ZERO);
      registered = chain.service(provider).orElseThrow();
      assertThat(registered.teeSignerAcknowledged()).isTrue();
      assertThat(registered.model()).isEqualTo(EchoBackend.MODEL);
      assertThat(registered.inputPrice()).isEqualTo(INPUT_PRICE);
      assertThat(registered.outputPrice()).isEqualTo(OUTPUT_PRICE);

      // The user: a ledger of 5 0G, a deposit of 2, 4 into the provider's sub-account.
      assertThat(chain.account(user, provider)).isEmpty();
      rpc.send(user, ledgerManager, ledgerAbi.function("addLedger").encodeCall(""),
          ONE_0G.multiply(BigInteger.valueOf(5)));
      rpc.send(user, ledgerManager, ledgerAbi.function("depositFund").encodeCall(),
          ONE_0G.multiply(BigInteger.TWO));
      BigInteger funded = ONE_0G.multiply(BigInteger.valueOf(4));
      rpc.send(user, ledgerManager, ledgerAbi.function("transferFund").encodeCall(provider,
          DevnetContracts.INFERENCE_SERVICE_NAME, funded), BigInteger.ZERO);
      rpc.send(user, serving, servingAbi.function("acknowledgeTEESigner")
          .encodeCall(provider, true), BigInteger.ZERO);
      ServingAccount account = chain.account(user, provider).orElseThrow();
      assertThat(account.balance()).isEqualTo(funded);
      assertThat(account.acknowledged()).isTrue();
      assertThat(account.nonce()).isZero();

      // Chats through the broker with a real app-sk token.
      FeeLedger fees = new FeeLedger(store, Durability.WAL);
      BrokerConfig config = BrokerConfig.defaults("127.0.0.1", 0, provider, signerKey,
          URI.create(backend.baseUrl())).withChainCacheMillis(0);
      broker = new ProviderBroker(vertx, config, chain, fees, Clock.systemUTC());
      broker.start();
      long now = System.currentTimeMillis();
      String token = AppSkToken.mint(userKey, provider.toChecksumHex(), now, now + 3_600_000,
          now + "-e2e", 0, 255);
      BigInteger metered = BigInteger.ZERO;
      for (String prompt : List.of("one two three four", "a b", "x y z")) {
        metered = metered.add(chat(broker.port(), token, prompt));
      }
      assertThat(metered.signum()).isPositive();
      assertThat(fees.unsettled(user)).isEqualTo(metered);

      // Settlement: the preview agrees, then the fees move on chain, exactly.
      BigInteger ledgerTotal = ledgerTotal(rpc, ledgerAbi, ledgerManager, user);
      BigInteger servingHeld = rpc.balance(serving);
      BigInteger providerWallet = rpc.balance(provider);
      TeeSettlementTypedData typed = new TeeSettlementTypedData(chain.chainId(), serving);
      SettlementItem probe = typed.sign(user, provider, metered,
          TeeSettlementTypedData.requestsHash(fees.requests(user, 100)), BigInteger.ONE,
          signerKey);
      assertThat(chain.previewSettlement(List.of(probe)))
          .containsExactly(SettlementStatus.SUCCESS);

      Settler settler = new Settler(chain, fees, provider, signerKey, Clock.systemUTC());
      List<Settler.Outcome> outcomes = settler.settleOnce();
      assertThat(outcomes).hasSize(1);
      assertThat(outcomes.get(0).status()).isEqualTo(SettlementStatus.SUCCESS);
      assertThat(outcomes.get(0).totalFee()).isEqualTo(metered);
      assertThat(outcomes.get(0).requests()).isEqualTo(3);
      assertThat(fees.unsettled(user)).isZero();
      BigInteger gas = rpc.lastTransactionCost();

      account = chain.account(user, provider).orElseThrow();
      assertThat(account.balance()).isEqualTo(funded.subtract(metered));
      // Crash recovery relies on this: the account records the settled nonce.
      assertThat(account.nonce()).isEqualTo(outcomes.get(0).nonce());
      assertThat(ledgerTotal(rpc, ledgerAbi, ledgerManager, user))
          .isEqualTo(ledgerTotal.subtract(metered));
      assertThat(rpc.balance(serving)).isEqualTo(servingHeld.subtract(metered));
      assertThat(rpc.balance(provider)).isEqualTo(providerWallet.add(metered).subtract(gas));
      assertThat(settler.settleOnce()).isEmpty();

      // The same signed item again is refused (its nonce is used) and charges nothing.
      SettlementItem replay = typed.sign(user, provider, metered,
          TeeSettlementTypedData.requestsHash(List.of()), outcomes.get(0).nonce(), signerKey);
      assertThat(chain.previewSettlement(List.of(replay)))
          .containsExactly(SettlementStatus.INVALID_NONCE);
      assertThat(chain.settle(List.of(replay))).containsExactly(SettlementStatus.INVALID_NONCE);
      assertThat(chain.account(user, provider).orElseThrow().balance())
          .isEqualTo(funded.subtract(metered));
      assertThat(rpc.balance(serving)).isEqualTo(servingHeld.subtract(metered));
      assertThat(ledgerTotal(rpc, ledgerAbi, ledgerManager, user))
          .isEqualTo(ledgerTotal.subtract(metered));

      // A crash after the settlement landed but before the ledger was updated: the next run
      // sees the account's nonce reached the pending one and does not settle those fees again.
      BigInteger more = chat(broker.port(), token, "after the first settlement");
      BigInteger nonce = outcomes.get(0).nonce().add(BigInteger.ONE);
      List<dev.zg.compute.billing.MeteredRequest> open = fees.requests(user, 100);
      fees.useNonce(nonce);
      fees.recordPending(new FeeLedger.Pending(user, nonce,
          open.get(open.size() - 1).sequence()));
      assertThat(chain.settle(List.of(typed.sign(user, provider, more,
          TeeSettlementTypedData.requestsHash(open), nonce, signerKey))))
          .containsExactly(SettlementStatus.SUCCESS);
      Settler restarted = new Settler(chain, fees, provider, signerKey, Clock.systemUTC());
      assertThat(restarted.settleOnce()).isEmpty();
      assertThat(fees.unsettled(user)).isZero();
      assertThat(chain.account(user, provider).orElseThrow().balance())
          .isEqualTo(funded.subtract(metered).subtract(more));
      assertThat(rpc.balance(serving)).isEqualTo(servingHeld.subtract(metered).subtract(more));

      // The receipts carried one TEESettlementResult per item, which settle() reads.
      ObjectNode filter = JSON.createObjectNode();
      filter.put("fromBlock", "0x0").put("address", serving.toHex());
      filter.putArray("topics").add(JsonRpcServingChain.TEE_SETTLEMENT_RESULT_TOPIC);
      JsonNode logs = rpc.call("eth_getLogs", filter);
      assertThat(logs).hasSize(3);
      int[] expected = {0, 4, 0};
      for (int i = 0; i < 3; i++) {
        JsonNode log = logs.get(i);
        assertThat(Address.fromWord(Hex.decode(log.get("topics").get(1).asText())))
            .isEqualTo(user);
        byte[] data = Hex.decode(log.get("data").asText());
        assertThat(new BigInteger(1, java.util.Arrays.copyOfRange(data, 0, 32)).intValue())
            .isEqualTo(expected[i]);
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** One chat through the broker; returns its fee from the reply's {@code usage}. */
  private static BigInteger chat(int port, String token, String prompt) throws Exception {
    String body = "{\"model\":\"echo-1\",\"messages\":[{\"role\":\"user\",\"content\":\""
        + prompt + "\"}]}";
    HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/v1/proxy/chat/completions"))
        .header("Authorization", token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
    JsonNode usage = JSON.readTree(reply.body()).get("usage");
    return INPUT_PRICE.multiply(BigInteger.valueOf(usage.get("prompt_tokens").asLong()))
        .add(OUTPUT_PRICE.multiply(BigInteger.valueOf(usage.get("completion_tokens").asLong())));
  }

  @Test
  void selectorsAndEventTopicMatchTheCompiledContract() {
    ContractArtifact serving = Artifacts.get("InferenceServing");
    assertThat(JsonRpcServingChain.GET_ACCOUNT)
        .isEqualTo(serving.function("getAccount").selector());
    assertThat(JsonRpcServingChain.GET_SERVICE)
        .isEqualTo(serving.function("getService").selector());
    assertThat(JsonRpcServingChain.ADD_OR_UPDATE_SERVICE)
        .isEqualTo(serving.function("addOrUpdateService").selector());
    assertThat(JsonRpcServingChain.SETTLE_FEES_WITH_TEE)
        .isEqualTo(serving.function("settleFeesWithTEE").selector());
    assertThat(JsonRpcServingChain.PREVIEW_SETTLEMENT_RESULTS)
        .isEqualTo(serving.function("previewSettlementResults").selector());
    assertThat(JsonRpcServingChain.TEE_SETTLEMENT_RESULT_TOPIC)
        .isEqualTo(serving.event("TEESettlementResult").topic().toHex());
  }

  private static BigInteger ledgerTotal(Rpc rpc, ContractArtifact abi, Address ledgerManager,
      Address user) throws Exception {
    byte[] out = rpc.call(ledgerManager, abi.function("getLedger").encodeCall(user));
    List<?> ledger = (List<?>) abi.function("getLedger").decodeResult(out).get(0);
    return (BigInteger) ledger.get(2);
  }

  /** A bare JSON-RPC client for the user's and owner's transactions (unlocked dev accounts). */
  private static final class Rpc {
    private final URI uri;
    private final HttpClient http = HttpClient.newHttpClient();
    private String lastHash;

    Rpc(URI uri) {
      this.uri = uri;
    }

    JsonNode call(String method, Object... params) throws Exception {
      ObjectNode request = JSON.createObjectNode();
      request.put("jsonrpc", "2.0").put("id", 1).put("method", method);
      ArrayNode array = request.putArray("params");
      for (Object p : params) {
        array.add(JSON.valueToTree(p));
      }
      HttpResponse<String> reply = http.send(HttpRequest.newBuilder(uri)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode json = JSON.readTree(reply.body());
      assertThat(json.get("error")).as("%s: %s", method, reply.body()).isNull();
      return json.get("result");
    }

    byte[] call(Address to, byte[] data) throws Exception {
      ObjectNode tx = JSON.createObjectNode();
      tx.put("to", to.toHex()).put("data", Hex.prefixed(data));
      return Hex.decode(call("eth_call", tx, "latest").asText());
    }

    BigInteger balance(Address a) throws Exception {
      return new BigInteger(call("eth_getBalance", a.toHex(), "latest").asText().substring(2),
          16);
    }

    /** Sends from an unlocked dev account and waits for a successful receipt (bounded). */
    void send(Address from, Address to, byte[] data, BigInteger value) throws Exception {
      ObjectNode tx = JSON.createObjectNode();
      tx.put("from", from.toHex()).put("to", to.toHex()).put("data", Hex.prefixed(data))
          .put("value", "0x" + value.toString(16));
      String hash = call("eth_sendTransaction", tx).asText();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (true) {
        JsonNode receipt = call("eth_getTransactionReceipt", hash);
        if (receipt != null && !receipt.isNull()) {
          assertThat(receipt.get("status").asText()).as("receipt of %s", hash).isEqualTo("0x1");
          return;
        }
        assertThat(System.nanoTime()).as("receipt of %s within 30 s", hash).isLessThan(deadline);
        Thread.sleep(20);
      }
    }

    /** gasUsed × effectiveGasPrice of the newest block's only transaction. */
    BigInteger lastTransactionCost() throws Exception {
      JsonNode block = call("eth_getBlockByNumber", "latest", false);
      assertThat(block.get("transactions")).hasSize(1);
      JsonNode receipt = call("eth_getTransactionReceipt",
          block.get("transactions").get(0).asText());
      return quantity(receipt.get("gasUsed")).multiply(quantity(receipt.get("effectiveGasPrice")));
    }

    private static BigInteger quantity(JsonNode node) {
      return new BigInteger(node.asText().substring(2), 16);
    }
  }
}
