package dev.zg.cli.testnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zg testnet --validators 4} as real processes, with SIGKILLs: with one validator of
 * four down blocks keep coming, and it catches up after a restart; with two down no block is
 * made and the two left agree on every block; once they are back, blocks come again and all
 * four hold the same chain.
 */
class TestnetFaultTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();
  private List<String> rpcs;
  private TestnetProcess testnet;

  @AfterEach
  void stop() {
    if (testnet != null) {
      testnet.close();
    }
  }

  @Test
  void survivesOneCrashHaltsWithTwoAndNeverForks() throws Exception {
    testnet = TestnetProcess.start(dir.resolve("tn"), 4, "--block-interval", "0.1",
        "--timeout-propose", "0.6");
    rpcs = testnet.rpcs;
    await(() -> allAtLeast(List.of(0, 1, 2, 3), 3));
    for (int i = 0; i < 4; i++) {
      int node = i;
      await(() -> rpc(node, "net_peerCount", List.of()).asText().equals("0x3"));
    }

    // kill -9 one: blocks keep coming on the three others.
    kill(3);
    long h = height(0);
    await(() -> allAtLeast(List.of(0, 1, 2), h + 3));
    String tx = rpc(0, "eth_sendTransaction", List.of(JSON.createObjectNode()
        .put("from", "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266")
        .put("to", "0x" + "42".repeat(20)).put("value", "0x1"))).asText();
    await(() -> !rpc(1, "eth_getTransactionReceipt", List.of(tx)).isNull());

    // Restart it: it catches up and has the same blocks.
    restart(3);
    long target = height(0);
    await(() -> allAtLeast(List.of(3), target));
    assertThat(rpc(3, "eth_getTransactionReceipt", List.of(tx)).isNull()).isFalse();
    assertSameBlocks(List.of(0, 1, 2, 3));

    // kill -9 two of four: 1/2 of the power is left, which is no quorum.
    kill(2);
    kill(3);
    long settled = awaitNoProgress(List.of(0, 1));
    assertSameBlocks(List.of(0, 1));

    // Back to four: progress resumes and nothing forked.
    restart(2);
    restart(3);
    await(() -> allAtLeast(List.of(0, 1, 2, 3), settled + 3));
    assertSameBlocks(List.of(0, 1, 2, 3));
  }

  private void kill(int i) {
    testnet.kill(i);
  }

  private void restart(int i) {
    testnet.restart(i);
  }

  /**
   * Waits until the heights stop moving: a block whose precommits were in flight at the kill
   * may still land. Then checks that none comes for several rounds' worth of timeouts.
   */
  private long awaitNoProgress(List<Integer> alive) throws Exception {
    long last = -1;
    while (true) {
      Thread.sleep(2_000);
      long now = Math.max(height(alive.get(0)), height(alive.get(1)));
      if (now == last) {
        break;
      }
      last = now;
    }
    Thread.sleep(3_000);
    for (int i : alive) {
      assertThat(height(i)).as("node%d made a block without a quorum", i).isEqualTo(last);
    }
    return last;
  }

  private void assertSameBlocks(List<Integer> which) {
    long common = Long.MAX_VALUE;
    for (int i : which) {
      common = Math.min(common, height(i));
    }
    for (long h = 1; h <= common; h++) {
      String hash = blockHash(which.get(0), h);
      for (int i : which) {
        assertThat(blockHash(i, h)).as("block %d on node%d", h, i).isEqualTo(hash);
      }
    }
  }

  private boolean allAtLeast(List<Integer> which, long height) {
    for (int i : which) {
      try {
        if (height(i) < height) {
          return false;
        }
      } catch (RuntimeException e) {
        return false; // not up yet
      }
    }
    return true;
  }

  private long height(int i) {
    return Long.decode(rpc(i, "eth_blockNumber", List.of()).asText());
  }

  private String blockHash(int i, long number) {
    return rpc(i, "eth_getBlockByNumber", List.of("0x" + Long.toHexString(number), false))
        .get("hash").asText();
  }

  private JsonNode rpc(int i, String method, List<Object> params) {
    try {
      String body = JSON.writeValueAsString(JSON.createObjectNode().put("jsonrpc", "2.0")
          .put("id", 1).put("method", method).set("params", JSON.valueToTree(params)));
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(rpcs.get(i)))
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

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + WAIT);
      }
      Thread.sleep(50);
    }
  }
}
