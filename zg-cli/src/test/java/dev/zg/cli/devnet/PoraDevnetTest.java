package dev.zg.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.cli.Main;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.Keccak256;
import dev.zg.storage.mine.MiningService;
import dev.zg.storage.mine.PoraMiner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PoRA on {@code zg devnet}: the storage node's miner (devnet account 19) registers, mines the
 * data zg uploaded once an epoch has passed, and PoraMine pays it through the Reward contract;
 * a forged answer with the same miner id reverts.
 */
class PoraDevnetTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long BLOCKS_PER_EPOCH = 20;

  @TempDir
  Path folder;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @Test
  void theDevnetMinerIsPaidForValidAnswersAndAForgedOneReverts() throws Exception {
    Path dir = folder.resolve("devnet");
    try (DevnetProcess devnet = DevnetProcess.start(dir, "--miner-cpu", "100")) {
      JsonNode d = devnet.descriptor;
      String minerAddress = d.at("/miner/address").asText();
      assertThat(minerAddress).isEqualTo(d.at("/accounts/19/address").asText());
      String mine = d.at("/contracts/mine").asText();
      String flow = d.at("/contracts/flow").asText();
      String reward = d.at("/contracts/reward").asText();
      JsonRpc chain = new JsonRpc(devnet.rpc);

      Path file = StorageDevnetTest.randomFile(folder.resolve("data.bin"), 700_000, 11);
      assertThat(zg("storage", "upload", file.toString(), "--devnet", dir.toString()))
          .as(err.toString()).isZero();

      // Into epoch 1: its context covers the upload; the miner's answers land in its window.
      while (blockNumber(chain) < BLOCKS_PER_EPOCH + 1) {
        chain.call("evm_mine");
      }
      Poll.until(() -> !logs(chain, mine, MiningService.NEW_SUBMISSION).isEmpty(),
          Duration.ofSeconds(60));

      List<JsonNode> registered = logs(chain, mine, MiningService.NEW_MINER_ID);
      assertThat(registered).hasSize(1);
      String minerId = registered.get(0).at("/topics/1").asText();
      assertThat(Hex.decode(registered.get(0).at("/topics/2").asText()))
          .isEqualTo(wordOf(Hex.decode(minerAddress)));
      JsonNode submission = logs(chain, mine, MiningService.NEW_SUBMISSION).get(0);
      assertThat(submission.at("/topics/2").asText()).isEqualTo(minerId);
      BigInteger paid = pendingRewards(chain, reward, minerAddress);
      assertThat(paid).as("the miner's pending reward").isPositive();
      // the id is kept for restarts, and the node logs what it did
      assertThat(java.nio.file.Files.readString(dir.resolve("storage").resolve("miner-id"))
          .trim()).isEqualTo(minerId);
      Poll.until(() -> devnetLog(dir).contains("PoRA answer accepted (epoch 1"));

      // A forged answer: the miner's id and the current context, but made-up sealed data.
      byte[] context = Hex.decode(chain.call("eth_call", Map.of("to", flow,
          "data", "0x" + selector("getContext()")), "latest").asText());
      byte[] digest = Arrays.copyOfRange(context, 5 * 32, 6 * 32);
      long flowLength = new BigInteger(1, Arrays.copyOfRange(context, 3 * 32, 4 * 32))
          .longValueExact();
      byte[] sealed = new byte[4096];
      new SplittableRandom(5).nextBytes(sealed);
      List<Hash> proof = new ArrayList<>();
      int height = 64 - Long.numberOfLeadingZeros(flowLength - 1);
      for (int h = 4; h < height; h++) {
        proof.add(Hash.keccak(new byte[] {(byte) h}));
      }
      PoraMiner.Answer forged = new PoraMiner.Answer(digest, new byte[32], Hex.decode(minerId),
          new PoraMiner.Range(0, flowLength / 1024 * 1024, 0,
              BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)),
          1024, 0, digest, sealed, proof);
      String input = Hex.prefixed(MiningService.encodeSubmit(forged));
      String sender = d.at("/accounts/1/address").asText();
      JsonRpc.Error refused = chain.error("eth_call", Map.of("from", sender, "to", mine,
          "data", input), "latest");
      assertThat(refused.data.asText()).startsWith("0x" + selector("InvalidMerkleProof()"));
      ObjectNode tx = JSON.createObjectNode();
      tx.put("from", sender).put("to", mine).put("data", input).put("gas", "0x2dc6c0");
      String hash = chain.call("eth_sendTransaction", tx).asText();
      JsonNode[] receipt = new JsonNode[1];
      Poll.until(() -> {
        receipt[0] = chain.call("eth_getTransactionReceipt", hash);
        return receipt[0] != null && !receipt[0].isNull();
      });
      assertThat(receipt[0].path("status").asText()).as("the forged answer's receipt")
          .isEqualTo("0x0");
      assertThat(pendingRewards(chain, reward, minerAddress)).isGreaterThanOrEqualTo(paid);
      devnet.kill();
    }

    // After kill -9 the node mines on with the same id, in a later epoch: the data is now
    // sealed with the digest of an epoch recorded on chain (queryContextAtPosition).
    try (DevnetProcess devnet = DevnetProcess.start(dir, "--miner-cpu", "100")) {
      JsonRpc chain = new JsonRpc(devnet.rpc);
      String mine = devnet.descriptor.at("/contracts/mine").asText();
      long next = (blockNumber(chain) - 1) / BLOCKS_PER_EPOCH + 1;
      while (blockNumber(chain) < next * BLOCKS_PER_EPOCH + 1) {
        chain.call("evm_mine");
      }
      String epochTopic = "0x" + String.format("%064x", next);
      Poll.until(() -> logs(chain, mine, MiningService.NEW_SUBMISSION).stream()
          .anyMatch(l -> l.at("/topics/1").asText().equals(epochTopic)), Duration.ofSeconds(60));
      assertThat(logs(chain, mine, MiningService.NEW_MINER_ID)).hasSize(1);
    }
  }

  private int zg(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private static String devnetLog(Path dir) {
    try {
      return java.nio.file.Files.readString(dir.resolve("devnet.log"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long blockNumber(JsonRpc chain) {
    return Long.decode(chain.call("eth_blockNumber").asText());
  }

  private static List<JsonNode> logs(JsonRpc chain, String address, Hash topic) {
    ObjectNode filter = JSON.createObjectNode();
    filter.put("fromBlock", "0x0").put("toBlock", "latest").put("address", address);
    filter.putArray("topics").add(topic.toHex());
    List<JsonNode> out = new ArrayList<>();
    chain.call("eth_getLogs", filter).forEach(out::add);
    return out;
  }

  private static BigInteger pendingRewards(JsonRpc chain, String reward, String account) {
    String data = "0x" + selector("pendingRewards(address)")
        + Hex.encode(wordOf(Hex.decode(account)));
    return new BigInteger(1, Hex.decode(chain.call("eth_call", Map.of("to", reward,
        "data", data), "latest").asText()));
  }

  private static byte[] wordOf(byte[] address) {
    byte[] w = new byte[32];
    System.arraycopy(address, 0, w, 12, 20);
    return w;
  }

  private static String selector(String signature) {
    return Hex.encode(Arrays.copyOf(
        Keccak256.hash(signature.getBytes(StandardCharsets.US_ASCII)), 4));
  }
}
