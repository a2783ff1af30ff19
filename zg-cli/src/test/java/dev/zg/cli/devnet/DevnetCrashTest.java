package dev.zg.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.chain.tx.DynamicFeeTransaction;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.TransactionSigner;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash acceptance test: {@code zg devnet} (its own OS process) is killed with SIGKILL
 * while clients keep sending transactions, twice, and restarted on the same data folder.
 * Every transaction whose receipt the node returned before a kill is still there afterwards,
 * in the same block (number and hash), and the chain goes on.
 */
@Timeout(300)
class DevnetCrashTest {
  private static final int SENDERS = 4;
  private static final int BATCH = 8;
  private static final int RECEIPTS_PER_ROUND = 200;
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);

  /** Where a returned receipt said the transaction is. */
  private record Inclusion(String blockNumber, String blockHash) {}

  @TempDir
  Path folder;

  private final Map<String, Inclusion> returned = new ConcurrentHashMap<>();

  @Test
  void everyReturnedReceiptSurvivesSigkill() throws Exception {
    Path data = folder.resolve("devnet");
    for (int round = 0; round < 2; round++) {
      DevnetProcess devnet = DevnetProcess.start(data);
      try {
        checkReturnedReceipts(new JsonRpc(devnet.rpc));
        int before = returned.size();
        loadThenKill(devnet, before + RECEIPTS_PER_ROUND);
        assertThat(devnet.isAlive()).isFalse();
      } finally {
        devnet.kill();
      }
    }
    try (DevnetProcess devnet = DevnetProcess.start(data)) {
      JsonRpc rpc = new JsonRpc(devnet.rpc);
      checkReturnedReceipts(rpc);
      // The chain goes on from where it was.
      Secp256k1.KeyPair key = DevnetGenesis.accounts().get(10);
      long nonce = Long.decode(rpc.call("eth_getTransactionCount", key.address().toHex(),
          "pending").asText());
      String hash = rpc.call("eth_sendRawTransaction", transfer(key, nonce)).asText();
      JsonNode receipt = rpc.awaitReceipt(hash);
      assertThat(receipt.get("status").asText()).isEqualTo("0x1");
      long highest = returned.values().stream()
          .mapToLong(i -> Long.decode(i.blockNumber())).max().orElseThrow();
      assertThat(Long.decode(receipt.get("blockNumber").asText())).isGreaterThan(highest);
    }
    assertThat(returned).hasSizeGreaterThanOrEqualTo(2 * RECEIPTS_PER_ROUND);
  }

  /** Each returned receipt is still served, in the same block, which is still canonical. */
  private void checkReturnedReceipts(JsonRpc rpc) {
    for (Map.Entry<String, Inclusion> e : returned.entrySet()) {
      JsonNode receipt = rpc.call("eth_getTransactionReceipt", e.getKey());
      assertThat(receipt).as("receipt of %s after a kill", e.getKey()).isNotNull();
      assertThat(receipt.isNull()).as("receipt of %s after a kill", e.getKey()).isFalse();
      Inclusion now = new Inclusion(receipt.get("blockNumber").asText(),
          receipt.get("blockHash").asText());
      assertThat(now).as("block of %s", e.getKey()).isEqualTo(e.getValue());
      assertThat(rpc.call("eth_getBlockByNumber", now.blockNumber(), false).get("hash").asText())
          .isEqualTo(now.blockHash());
    }
  }

  /**
   * Senders send batches of transfers and poll for their receipts until {@code target}
   * receipts have been returned in all; then the node is killed while they are still sending.
   */
  private void loadThenKill(DevnetProcess devnet, int target) throws Exception {
    AtomicBoolean killed = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
    try {
      List<Future<?>> senders = new ArrayList<>();
      for (int s = 0; s < SENDERS; s++) {
        Secp256k1.KeyPair key = DevnetGenesis.accounts().get(10 + s);
        senders.add(pool.submit(() -> send(new JsonRpc(devnet.rpc), key, killed)));
      }
      Poll.until(() -> returned.size() >= target || senders.stream().anyMatch(Future::isDone),
          java.time.Duration.ofMinutes(3));
      killed.set(true);
      devnet.kill();
      for (Future<?> f : senders) {
        f.get(60, TimeUnit.SECONDS); // rethrows what a sender hit before the kill
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(returned.size()).isGreaterThanOrEqualTo(target);
  }

  private Void send(JsonRpc rpc, Secp256k1.KeyPair key, AtomicBoolean killed) {
    try {
      long nonce = Long.decode(rpc.call("eth_getTransactionCount", key.address().toHex(),
          "pending").asText());
      while (!killed.get()) {
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
          hashes.add(rpc.call("eth_sendRawTransaction", transfer(key, nonce++)).asText());
        }
        for (String hash : hashes) {
          JsonNode receipt = rpc.awaitReceipt(hash);
          assertThat(receipt.get("status").asText()).isEqualTo("0x1");
          returned.put(hash, new Inclusion(receipt.get("blockNumber").asText(),
              receipt.get("blockHash").asText()));
        }
      }
    } catch (RuntimeException | AssertionError e) {
      if (!killed.get()) {
        throw e;
      }
      // The node is gone: a request cut short by the kill is expected.
    }
    return null;
  }

  private static String transfer(Secp256k1.KeyPair key, long nonce) {
    Address sink = Address.fromHex("0x" + "00".repeat(19) + "5a");
    Transaction tx = TransactionSigner.sign(new DynamicFeeTransaction(
        DevnetGenesis.DEFAULT_CHAIN_ID, nonce, GWEI, GWEI.multiply(BigInteger.TEN), 21_000, sink,
        BigInteger.ONE, new byte[0], List.of(), Transaction.UNSIGNED), key.privateKey());
    return Hex.prefixed(tx.encode());
  }
}
