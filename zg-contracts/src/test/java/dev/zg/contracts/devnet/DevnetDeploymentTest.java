package dev.zg.contracts.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.chain.genesis.Genesis;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.contracts.Artifacts;
import dev.zg.contracts.ContractArtifact;
import dev.zg.contracts.abi.AbiEvent;
import dev.zg.node.ChainNode;
import dev.zg.node.NodeConfig;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The devnet deployment: the plan's addresses (the compute slots are the ones the official
 * compute SDK has built in for chain 31337), the README's table, and a real chain node started
 * on the deployed genesis serving the contracts' code and accepting a storage submission.
 */
class DevnetDeploymentTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> EXPECTED = Map.of(
      "ledgerManager", "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0",
      "inferenceServing", "0x0165878A594ca255338adfa4d48449f69242Eb8F",
      "fineTuningServing", "0xA51c1fc2f0D1a1b8494Ed1FE312d7C3a78Ed91C0",
      "flow", "0x0DCd1Bf9A1b36cE34237eEaFef220932846BCD82",
      "market", "0x9A676e781A523b5d0C0e43731313A708CB607508",
      "reward", "0x0B306BF915C4d645ff596e518fAf3F9669b97016",
      "mine", "0x959922bE3CAee4b8Cd9a407cc3ac1C251C2007B1");

  @Test
  void planUsesEveryNonceOnceAndKeepsTheComputeSlots() {
    List<DevnetContracts.Step> plan = DevnetContracts.plan();
    assertThat(plan).hasSize((int) DevnetContracts.NEXT_NONCE);
    for (int i = 0; i < plan.size(); i++) {
      assertThat(plan.get(i).nonce()).isEqualTo(i);
    }
    assertThat(plan.get(2)).isInstanceOf(DevnetContracts.Step.Deploy.class);
    assertThat(plan.get(6)).isInstanceOf(DevnetContracts.Step.Deploy.class);
    assertThat(plan.get(12)).isInstanceOf(DevnetContracts.Step.Deploy.class);
    for (int n : new int[] {0, 1, 3, 4, 5, 7, 8, 9, 10, 11}) {
      assertThat(plan.get(n)).isInstanceOf(DevnetContracts.Step.Reserved.class);
    }
    assertThat(DevnetContracts.DEPLOYER.toChecksumHex())
        .isEqualTo("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    DevnetContracts.addresses().forEach((name, address) ->
        assertThat(address.toChecksumHex()).as(name).isEqualTo(EXPECTED.get(name)));
  }

  @Test
  void readmeListsTheAddresses() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    EXPECTED.forEach((name, address) ->
        assertThat(readme).as("README lists %s", name).contains(address));
  }

  @Test
  void chainNodeOnTheDeployedGenesisServesTheContracts() throws Exception {
    DevnetContracts.Deployed deployed = DevnetContracts.deploy(DevnetGenesis.create());
    Genesis genesis = deployed.genesis();
    assertThat(deployed.contracts().keySet()).containsExactly("ledgerManager", "inferenceServing",
        "fineTuningServing", "flow", "market", "reward", "mine");
    NodeConfig config = new NodeConfig(genesis, null, "127.0.0.1", 0, Duration.ZERO,
        DevnetContracts.DEPLOYER, DevnetGenesis.accounts(), List.of(),
        NodeConfig.RPC_GAS_CAP_DEFAULT);
    try (ChainNode node = ChainNode.start(config)) {
      Rpc rpc = new Rpc(URI.create(node.rpcUrl()));
      assertThat(rpc.call("eth_blockNumber").asText()).isEqualTo("0x0");
      for (Address a : deployed.contracts().values()) {
        assertThat(rpc.call("eth_getCode", a.toHex(), "latest").asText().length())
            .as("code at %s", a).isGreaterThan(1000);
      }
      // The SDK's start-up call: the ledger names the inference contract.
      ContractArtifact ledger = Artifacts.get("LedgerManager");
      String info = rpc.call("eth_call", call(null, deployed.contracts().get("ledgerManager"),
          ledger.function("getServiceInfo").encodeCall(
              deployed.contracts().get("inferenceServing")), null), "latest").asText();
      List<?> service = (List<?>) ledger.function("getServiceInfo")
          .decodeResult(Hex.decode(info)).get(0);
      assertThat(service.get(4)).isEqualTo(DevnetContracts.INFERENCE_SERVICE_NAME);
      info = rpc.call("eth_call", call(null, deployed.contracts().get("ledgerManager"),
          ledger.function("getServiceInfo").encodeCall(
              deployed.contracts().get("fineTuningServing")), null), "latest").asText();
      service = (List<?>) ledger.function("getServiceInfo").decodeResult(Hex.decode(info)).get(0);
      assertThat(service.get(4)).isEqualTo(DevnetContracts.FINE_TUNING_SERVICE_NAME);
      assertThat(rpc.call("eth_getTransactionCount", DevnetContracts.DEPLOYER.toHex(), "latest")
          .asText()).isEqualTo("0x11");
      assertThat(rpc.call("eth_getBalance", deployed.contracts().get("reward").toHex(), "latest")
          .asText()).isEqualTo("0x" + DevnetContracts.BASE_REWARD_POOL.toBigInteger()
              .toString(16));

      ContractArtifact flow = Artifacts.get("Flow");
      Address flowAddress = deployed.contracts().get("flow");
      String market = rpc.call("eth_call", call(null, flowAddress,
          flow.function("market").encodeCall(), null), "latest").asText();
      assertThat(Address.fromWord(Hex.decode(market)))
          .isEqualTo(deployed.contracts().get("market"));

      // A one-sector file, submitted as the SDK would, is announced by a Submit log.
      Address user = DevnetGenesis.accounts().get(1).address();
      byte[] root = Hash.keccak(new byte[256]).toArray();
      List<Object> data = List.of(BigInteger.valueOf(100), new byte[0],
          List.of(List.of(root, BigInteger.ZERO)));
      byte[] input = flow.function("submit(((uint256,bytes,(bytes32,uint256)[]),address))")
          .encodeCall(List.of(data, user));
      String hash = rpc.call("eth_sendTransaction", call(user, flowAddress, input,
          DevnetContracts.PRICE_PER_SECTOR)).asText();
      JsonNode receipt = receipt(rpc, hash);
      assertThat(receipt.get("status").asText()).isEqualTo("0x1");
      AbiEvent submit = flow.event("Submit");
      ObjectNode filter = JSON.createObjectNode();
      filter.put("fromBlock", "0x0").put("address", flowAddress.toHex());
      filter.putArray("topics").add(submit.topic().toHex());
      JsonNode logs = rpc.call("eth_getLogs", filter);
      assertThat(logs).hasSize(1);
      List<Hash> topics = new java.util.ArrayList<>();
      logs.get(0).get("topics").forEach(t -> topics.add(Hash.fromHex(t.asText())));
      List<Object> fields = submit.decode(topics, Hex.decode(logs.get(0).get("data").asText()));
      assertThat(fields.get(0)).isEqualTo(user);
      assertThat(fields.get(1)).isEqualTo(Hash.keccak(root).toArray());
      assertThat(fields.subList(2, 5)).containsExactly(BigInteger.ZERO, BigInteger.ONE,
          BigInteger.ONE);
    }
  }

  /** The node mines on demand, on its own thread: wait for the receipt (bounded). */
  private static JsonNode receipt(Rpc rpc, String hash) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      JsonNode receipt = rpc.call("eth_getTransactionReceipt", hash);
      if (receipt != null && !receipt.isNull()) {
        return receipt;
      }
      assertThat(System.nanoTime()).as("receipt of %s within 30 s", hash).isLessThan(deadline);
      Thread.sleep(10); // polling; the deadline is only a failure guard
    }
  }

  private static ObjectNode call(Address from, Address to, byte[] data, BigInteger value) {
    ObjectNode o = JSON.createObjectNode();
    if (from != null) {
      o.put("from", from.toHex());
    }
    o.put("to", to.toHex()).put("data", Hex.prefixed(data));
    if (value != null) {
      o.put("value", "0x" + value.toString(16));
    }
    return o;
  }

  /** A minimal JSON-RPC client; errors fail the test with the node's message. */
  private record Rpc(URI uri) {
    JsonNode call(String method, Object... params) throws Exception {
      ObjectNode request = JSON.createObjectNode();
      request.put("jsonrpc", "2.0").put("id", 1).put("method", method);
      request.set("params", JSON.valueToTree(params));
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
              .build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = JSON.readTree(response.body());
      assertThat(body.has("error")).as("%s: %s", method, body).isFalse();
      return body.get("result");
    }
  }
}
