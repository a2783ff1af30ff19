package dev.zg.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.common.testing.NpmPackages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first acceptance point for the JavaScript SDKs: an ethers v6 script and a viem
 * script each deploy the OpenZeppelin ERC-20 compiled with solcjs to {@code zg devnet},
 * transfer, read balances, find the Transfer events with eth_getLogs and receive them over a
 * WebSocket subscription (the scripts check all of that themselves). Here the outcome is
 * checked once more from the chain, through plain JSON-RPC.
 */
@Timeout(600)
class JsSdkDevnetTest {
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);
  private static final String TRANSFER_TOPIC =
      "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

  @TempDir
  static Path folder;
  private static Path contracts;
  private static DevnetProcess devnet;
  private static JsonRpc rpc;

  @BeforeAll
  static void start() {
    contracts = NpmProject.prepare();
    devnet = DevnetProcess.start(folder.resolve("devnet"));
    rpc = new JsonRpc(devnet.rpc);
  }

  @AfterAll
  static void stop() {
    if (devnet != null) {
      devnet.close();
    }
  }

  @Test
  void ethersDeploysTransfersQueriesAndSubscribes() {
    checkOnChain(runScript("ethers-erc20.mjs"));
  }

  @Test
  void viemDeploysTransfersQueriesAndSubscribes() {
    checkOnChain(runScript("viem-erc20.mjs"));
  }

  private static JsonNode runScript(String script) {
    NpmPackages.Result r = NpmProject.run(SCRIPT_TIMEOUT, "node", script, devnet.rpc.toString(),
        devnet.ws.toString(), contracts.toString());
    assertThat(r.exitCode()).as("%s\n%s\n--- devnet log\n%s", script, r, devnet.log()).isZero();
    return r.json();
  }

  /** Every transfer the script reports is included, succeeded and logged one Transfer. */
  private static void checkOnChain(JsonNode result) {
    String token = result.get("token").asText().toLowerCase(Locale.ROOT);
    assertThat(rpc.call("eth_getCode", token, "latest").asText()).hasSizeGreaterThan(2);
    assertThat(result.get("transfers")).hasSize(3);
    assertThat(result.get("events").asInt()).isEqualTo(3);
    for (JsonNode hash : result.get("transfers")) {
      JsonNode receipt = rpc.call("eth_getTransactionReceipt", hash.asText());
      assertThat(receipt.get("status").asText()).isEqualTo("0x1");
      assertThat(receipt.get("to").asText()).isEqualTo(token);
      assertThat(receipt.get("logs")).hasSize(1);
      JsonNode log = receipt.get("logs").get(0);
      assertThat(log.get("address").asText()).isEqualTo(token);
      assertThat(log.get("topics").get(0).asText()).isEqualTo(TRANSFER_TOPIC);
      JsonNode tx = rpc.call("eth_getTransactionByHash", hash.asText());
      assertThat(tx.get("blockHash")).isEqualTo(receipt.get("blockHash"));
    }
    JsonNode logs = rpc.call("eth_getLogs", JsonRpc.object("fromBlock", "0x0",
        "address", token, "topics", new String[] {TRANSFER_TOPIC}));
    assertThat(logs).hasSize(result.get("logs").asInt());
  }
}
