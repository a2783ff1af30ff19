package dev.zg.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.cli.testnet.TestnetProcess;
import dev.zg.common.testing.NpmPackages;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ethers and viem scripts of the devnet acceptance, against {@code zg testnet
 * --validators 4}: each talks to one validator, and every transaction it reports is in the same block, with the
 * same receipt, on another validator.
 */
@Timeout(600)
class JsSdkTestnetTest {
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);

  @TempDir
  static Path folder;
  private static Path contracts;
  private static TestnetProcess testnet;

  @BeforeAll
  static void start() {
    contracts = NpmProject.prepare();
    testnet = TestnetProcess.start(folder.resolve("testnet"), 4);
  }

  @AfterAll
  static void stop() {
    if (testnet != null) {
      testnet.close();
    }
  }

  @Test
  void ethersDeploysTransfersQueriesAndSubscribesOnFourValidators() {
    runAndCheck("ethers-erc20.mjs", 0, 2);
  }

  @Test
  void viemDeploysTransfersQueriesAndSubscribesOnFourValidators() {
    runAndCheck("viem-erc20.mjs", 1, 3);
  }

  /** Runs the script against validator {@code node}; checks its transfers on {@code other}. */
  private static void runAndCheck(String script, int node, int otherNode) {
    NpmPackages.Result r = NpmProject.run(SCRIPT_TIMEOUT, "node", script,
        testnet.rpcs.get(node), testnet.ws(node), contracts.toString());
    assertThat(r.exitCode()).as("%s\n--- node log\n%s", r, testnet.log(node)).isZero();
    JsonNode result = r.json();
    JsonRpc first = new JsonRpc(URI.create(testnet.rpcs.get(node)));
    JsonRpc other = new JsonRpc(URI.create(testnet.rpcs.get(otherNode)));
    assertThat(result.get("transfers")).hasSize(3);
    for (JsonNode hash : result.get("transfers")) {
      JsonNode receipt = first.call("eth_getTransactionReceipt", hash.asText());
      JsonNode elsewhere = awaitReceipt(other, hash.asText());
      assertThat(elsewhere.get("status").asText()).isEqualTo("0x1");
      assertThat(elsewhere.get("blockHash")).isEqualTo(receipt.get("blockHash"));
      assertThat(elsewhere.get("logs")).isEqualTo(receipt.get("logs"));
    }
  }

  /** Another validator may commit a moment later than the one the script used. */
  private static JsonNode awaitReceipt(JsonRpc rpc, String hash) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      JsonNode receipt = rpc.call("eth_getTransactionReceipt", hash);
      if (receipt != null && !receipt.isNull()) {
        return receipt;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no receipt for " + hash + " on the other validator");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
