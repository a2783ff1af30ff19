package dev.zg.contracts.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.contracts.Artifacts;
import dev.zg.node.ChainNode;
import dev.zg.node.NodeConfig;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * eth_estimateGas on the genesis head of the deployed devnet: the provider's first
 * addOrUpdateService stores the block's time, zero at genesis, so an estimate in the genesis
 * block's context missed a zero-to-nonzero write; in the next block's context it is what block
 * 1 charges, and a transaction sent with it is mined.
 */
class GenesisEstimateTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void estimateAtGenesisIsEnoughForBlockOne() throws Exception {
    DevnetContracts.Deployed deployed = DevnetContracts.deploy(DevnetGenesis.create());
    NodeConfig config = new NodeConfig(deployed.genesis(), null, "127.0.0.1", 0, Duration.ZERO,
        DevnetContracts.DEPLOYER, DevnetGenesis.accounts(), List.of(),
        NodeConfig.RPC_GAS_CAP_DEFAULT);
    Address provider = DevnetGenesis.accounts().get(2).address();
    Address signer = DevnetGenesis.accounts().get(3).address();
    Address inference = deployed.contracts().get("inferenceServing");
    byte[] input = Artifacts.get("InferenceServing").function("addOrUpdateService").encodeCall(
        List.of("chatbot", "http://127.0.0.1:9", "zg-tiny", "TeeML", BigInteger.TEN,
            BigInteger.valueOf(20), "{}", signer));
    BigInteger stake = BigInteger.TEN.pow(20);
    try (ChainNode node = ChainNode.start(config)) {
      Rpc rpc = new Rpc(URI.create(node.rpcUrl()));
      assertThat(rpc.call("eth_blockNumber").asText()).isEqualTo("0x0");
      ObjectNode tx = call(provider, inference, input, stake);
      long estimate = Long.decode(rpc.call("eth_estimateGas", tx, "latest").asText());

      tx.put("gas", "0x" + Long.toHexString(estimate));
      String hash = rpc.call("eth_sendTransaction", tx).asText();
      JsonNode receipt = receipt(rpc, hash);
      assertThat(receipt.get("blockNumber").asText()).isEqualTo("0x1");
      assertThat(receipt.get("status").asText()).as("mined with the genesis estimate %s",
          estimate).isEqualTo("0x1");
      long used = Long.decode(receipt.get("gasUsed").asText());
      // The estimate is the search's bound: at most the used gas plus the 1/64 a call keeps
      // back and the search's 1.5 % tolerance, so it priced what block 1 charged.
      assertThat(used).isLessThanOrEqualTo(estimate);
      assertThat(estimate).isLessThan(used + used / 64 + used * 3 / 200 + 2300);
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
    o.put("from", from.toHex()).put("to", to.toHex()).put("data", Hex.prefixed(data));
    o.put("value", "0x" + value.toString(16));
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
