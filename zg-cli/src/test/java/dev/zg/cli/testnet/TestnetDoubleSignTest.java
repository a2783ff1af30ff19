package dev.zg.cli.testnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zg testnet --validators 4} as real processes, validator 3 started with the test-only
 * {@code --byzantine-double-sign}: it signs two different prevotes per round. The honest
 * validators catch it, the evidence lands in a block, and the staking precompile (read with
 * {@code eth_call}, as any client would) shows it slashed by 5 % and jailed for good, with a
 * {@code Slash} log; the three left keep committing one chain.
 */
class TestnetDoubleSignTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STAKING = "0x0000000000000000000000000000000000001001";
  private static final BigInteger ONE_ZG = BigInteger.TEN.pow(18);
  /** zg testnet stakes each validator's power (100) in whole 0G. */
  private static final BigInteger STAKE = ONE_ZG.multiply(BigInteger.valueOf(100));
  private static final int OFFENDER = 3;

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();
  private TestnetProcess testnet;

  @AfterEach
  void stop() {
    if (testnet != null) {
      testnet.close();
    }
  }

  @Test
  void aDoubleSigningValidatorProcessIsSlashedJailedAndTheOthersGoOn() throws Exception {
    Path tn = dir.resolve("tn");
    testnet = TestnetProcess.start(tn, 4, "--block-interval", "0.1", "--timeout-propose", "0.6",
        "--byzantine-double-sign", Integer.toString(OFFENDER));
    String offender = JSON.readTree(tn.resolve("node" + OFFENDER).resolve("config.json")
        .toFile()).get("coinbase").asText().toLowerCase(Locale.ROOT);

    // Every honest validator sees the slash in its own state.
    for (int i = 0; i < OFFENDER; i++) {
      int node = i;
      await(() -> jailed(node, offender), "node" + node + " to see " + offender + " jailed");
    }
    List<BigInteger> v = validator(0, offender);
    BigInteger slashed = STAKE.multiply(BigInteger.valueOf(95)).divide(BigInteger.valueOf(100));
    assertThat(v.get(0)).as("tokens after a 5 %% slash").isEqualTo(slashed);
    assertThat(v.get(3)).as("jailed").isEqualTo(BigInteger.ONE);
    assertThat(v.get(4)).as("jailed until: forever (tombstoned)")
        .isEqualTo(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
    assertThat(v.get(5)).as("status: unbonded, out of the set").isEqualTo(BigInteger.ONE);

    // One Slash log, for the offender, of 5 % for reason 1 (double-sign).
    String topic = Hex.prefixed(Hash.keccak("Slash(address,uint256,uint8)"
        .getBytes(StandardCharsets.US_ASCII)).bytesUnsafe());
    JsonNode logs = rpc(0, "eth_getLogs", List.of(JSON.createObjectNode().put("fromBlock", "0x0")
        .put("toBlock", "latest").put("address", STAKING)
        .set("topics", JSON.createArrayNode().add(topic))));
    assertThat(logs).hasSize(1);
    JsonNode slash = logs.get(0);
    assertThat(slash.get("topics").get(1).asText()).endsWith(offender.substring(2));
    List<BigInteger> data = words(slash.get("data").asText());
    assertThat(data).containsExactly(STAKE.subtract(slashed), BigInteger.ONE);

    // The evidence is in the block of the log: a submitEvidence transaction to the module.
    long slashedAt = Long.decode(slash.get("blockNumber").asText());
    String submitEvidence = selector("submitEvidence(bytes)");
    JsonNode block = rpc(1, "eth_getBlockByNumber", List.of(hex(slashedAt), true));
    assertThat(block.get("hash").asText()).isEqualTo(slash.get("blockHash").asText());
    assertThat(block.get("transactions")).anySatisfy(tx -> {
      assertThat(tx.get("to").asText()).isEqualToIgnoringCase(STAKING);
      assertThat(tx.get("input").asText()).startsWith(submitEvidence);
    });

    // The three honest validators go on without it (the set drops it two heights after the
    // slash), on one chain.
    long past = Math.max(height(0), slashedAt + 2) + 3;
    await(() -> allAtLeast(List.of(0, 1, 2), past), "the three to pass height " + past);
    for (long h : List.of(slashedAt, slashedAt + 2, past)) {
      String hash = blockHash(0, h);
      for (int i = 1; i < OFFENDER; i++) {
        assertThat(blockHash(i, h)).as("block %d on node%d", h, i).isEqualTo(hash);
      }
    }
    JsonNode set = rpc(0, "eth_call", List.of(JSON.createObjectNode().put("to", STAKING)
        .put("data", selector("validatorSetAt(uint64)") + word(BigInteger.valueOf(past))),
        hex(past)));
    List<BigInteger> setWords = words(set.asText());
    // (address[] validators, uint256[] power): offsets, then the 3 addresses.
    int at = setWords.get(0).intValue() / 32;
    assertThat(setWords.get(at)).isEqualTo(BigInteger.valueOf(3));
    for (int k = 1; k <= 3; k++) {
      assertThat(setWords.get(at + k)).isNotEqualTo(new BigInteger(offender.substring(2), 16));
    }
  }

  // ---- helpers -------------------------------------------------------------------------

  private List<BigInteger> validator(int node, String address) {
    JsonNode r = rpc(node, "eth_call", List.of(JSON.createObjectNode().put("to", STAKING)
        .put("data", selector("validator(address)")
            + word(new BigInteger(address.substring(2), 16))), "latest"));
    return words(r.asText());
  }

  private boolean jailed(int node, String address) {
    try {
      return validator(node, address).get(3).signum() != 0;
    } catch (RuntimeException e) {
      return false; // not answering yet
    }
  }

  private static String selector(String signature) {
    return Hex.prefixed(Hash.keccak(signature.getBytes(StandardCharsets.US_ASCII)).bytesUnsafe())
        .substring(0, 10);
  }

  private static String word(BigInteger value) {
    String h = value.toString(16);
    return "0".repeat(64 - h.length()) + h;
  }

  private static List<BigInteger> words(String hex) {
    String body = hex.startsWith("0x") ? hex.substring(2) : hex;
    List<BigInteger> out = new ArrayList<>();
    for (int i = 0; i + 64 <= body.length(); i += 64) {
      out.add(new BigInteger(body.substring(i, i + 64), 16));
    }
    return out;
  }

  private static String hex(long n) {
    return "0x" + Long.toHexString(n);
  }

  private boolean allAtLeast(List<Integer> which, long height) {
    for (int i : which) {
      try {
        if (height(i) < height) {
          return false;
        }
      } catch (RuntimeException e) {
        return false;
      }
    }
    return true;
  }

  private long height(int i) {
    return Long.decode(rpc(i, "eth_blockNumber", List.of()).asText());
  }

  private String blockHash(int i, long number) {
    return rpc(i, "eth_getBlockByNumber", List.of(hex(number), false)).get("hash").asText();
  }

  private JsonNode rpc(int i, String method, List<Object> params) {
    try {
      String body = JSON.writeValueAsString(JSON.createObjectNode().put("jsonrpc", "2.0")
          .put("id", 1).put("method", method).set("params", JSON.valueToTree(params)));
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(testnet.rpcs.get(i)))
          .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode json = JSON.readTree(r.body());
      if (json.has("error")) {
        throw new IllegalStateException(method + ": " + json.get("error"));
      }
      return json.get("result");
    } catch (IOException e) {
      throw new IllegalStateException("node" + i + " unreachable: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + WAIT + " for " + what + "\n--- node0 log\n"
            + tail(testnet.log(0)) + "\n--- node" + OFFENDER + " log\n"
            + tail(testnet.log(OFFENDER)));
      }
      Thread.sleep(50);
    }
  }

  private static String tail(String log) {
    return log.length() <= 4_000 ? log : log.substring(log.length() - 4_000);
  }
}
