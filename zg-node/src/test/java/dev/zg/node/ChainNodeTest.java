package dev.zg.node;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A chain node in memory, producing blocks only through evm_mine (an hour-long interval), so
 * a block can hold several transactions at once. The end-to-end acceptance tests (SDKs,
 * Hardhat, crash, bad input) run {@code zg devnet} in zg-cli; these pin down what they found.
 */
class ChainNodeTest {
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);
  private static final String TOPIC = "0x" + "c0".repeat(32);
  /** Init code that logs twice (LOG0 of 0x11, LOG1 with TOPIC) and deploys nothing. */
  private static final String TWO_LOGS = "0x601160005260206000a07f" + TOPIC.substring(2)
      + "60206000a100";

  private final List<Secp256k1.KeyPair> keys = DevnetGenesis.accounts();
  private ChainNode node;
  private RpcClient rpc;

  @BeforeEach
  void start() {
    node = ChainNode.start(new NodeConfig(DevnetGenesis.create(), null, "127.0.0.1", 0,
        Duration.ofHours(1), keys.get(0).address(), keys, List.of(),
        NodeConfig.RPC_GAS_CAP_DEFAULT));
    rpc = new RpcClient(node.rpcUrl());
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void logIndexesCountAcrossTheWholeBlock() {
    List<String> hashes = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      hashes.add(rpc.call("eth_sendRawTransaction", signed(i, 0, null, TWO_LOGS, 100_000))
          .asText());
    }
    assertThat(rpc.call("txpool_status").get("pending").asText()).isEqualTo("0x3");
    rpc.call("evm_mine");

    List<String> logIndexes = new ArrayList<>();
    long cumulative = 0;
    for (int i = 0; i < 3; i++) {
      JsonNode receipt = rpc.call("eth_getTransactionReceipt", hashes.get(i));
      assertThat(receipt.get("transactionIndex").asText()).isEqualTo("0x" + i);
      cumulative += Long.decode(receipt.get("gasUsed").asText());
      assertThat(Long.decode(receipt.get("cumulativeGasUsed").asText())).isEqualTo(cumulative);
      receipt.get("logs").forEach(l -> {
        logIndexes.add(l.get("logIndex").asText());
        assertThat(l.get("transactionIndex")).isEqualTo(receipt.get("transactionIndex"));
      });
    }
    assertThat(logIndexes).containsExactly("0x0", "0x1", "0x2", "0x3", "0x4", "0x5");

    JsonNode logs = rpc.call("eth_getLogs", RpcClient.object("fromBlock", "0x1", "toBlock",
        "0x1"));
    assertThat(logs).extracting(l -> l.get("logIndex").asText()).containsExactlyElementsOf(
        logIndexes);
    JsonNode topicLogs = rpc.call("eth_getLogs", RpcClient.object("fromBlock", "0x1",
        "topics", List.of(TOPIC)));
    assertThat(topicLogs).extracting(l -> l.get("logIndex").asText())
        .containsExactly("0x1", "0x3", "0x5");
    JsonNode blockReceipts = rpc.call("eth_getBlockReceipts", "0x1");
    assertThat(blockReceipts).hasSize(3);
    assertThat(blockReceipts.get(2).get("logs").get(1).get("logIndex").asText()).isEqualTo("0x5");
  }

  /**
   * Regression: a storage node following a contract's events (address and topic0, pages of
   * blocks, the head moving) must see each log once. Every query shape returns each log
   * exactly once, in the order and with the indexes of the receipts.
   */
  @Test
  void getLogsReturnsEachContractLogOnceForEveryQueryShape() {
    // Runtime: CALLDATACOPY(0, 0, 32); LOG1(0, 32, TOPIC); STOP. 46 bytes after a 12-byte init.
    String runtime = "60206000600037" + "7f" + TOPIC.substring(2) + "60206000a100";
    String init = "0x602e600c600039602e6000f3" + runtime;
    String deploy = rpc.call("eth_sendRawTransaction", signed(1, 0, null, init, 200_000))
        .asText();
    rpc.call("evm_mine");
    Address emitter = Address.fromHex(rpc.call("eth_getTransactionReceipt", deploy)
        .get("contractAddress").asText());
    String filter = rpc.call("eth_newFilter", RpcClient.object("address", emitter.toHex(),
        "topics", List.of(TOPIC))).asText();

    List<String> expected = new ArrayList<>();
    int[] perBlock = {3, 2};
    long nonce = 1;
    for (int txs : perBlock) {
      List<String> hashes = new ArrayList<>();
      for (int i = 0; i < txs; i++) {
        String word = "0x" + String.format("%064x", expected.size() + i);
        hashes.add(rpc.call("eth_sendRawTransaction", signed(1, nonce++, emitter, word, 60_000))
            .asText());
      }
      rpc.call("evm_mine");
      for (String hash : hashes) {
        JsonNode receipt = rpc.call("eth_getTransactionReceipt", hash);
        assertThat(receipt.get("status").asText()).isEqualTo("0x1");
        receipt.get("logs").forEach(l -> expected.add(key(l)));
      }
    }
    assertThat(expected).hasSize(5).doesNotHaveDuplicates();

    List<String> whole = keys(rpc.call("eth_getLogs", RpcClient.object("address",
        emitter.toHex(), "topics", List.of(TOPIC), "fromBlock", "0x0", "toBlock", "latest")));
    assertThat(whole).containsExactlyElementsOf(expected);
    List<String> paged = new ArrayList<>();
    long head = Long.decode(rpc.call("eth_blockNumber").asText());
    for (long n = 0; n <= head + 2; n++) { // past the head too, as a follower may ask
      paged.addAll(keys(rpc.call("eth_getLogs", RpcClient.object("address",
          List.of(emitter.toHex()), "topics", List.of(List.of(TOPIC, TOPIC)),
          "fromBlock", "0x" + Long.toHexString(n), "toBlock", "0x" + Long.toHexString(n)))));
    }
    assertThat(paged).containsExactlyElementsOf(expected);
    List<String> byHash = new ArrayList<>();
    for (long n = head - 1; n <= head; n++) {
      String hash = rpc.call("eth_getBlockByNumber", "0x" + Long.toHexString(n), false)
          .get("hash").asText();
      byHash.addAll(keys(rpc.call("eth_getLogs", RpcClient.object("blockHash", hash,
          "address", emitter.toHex()))));
    }
    assertThat(byHash).containsExactlyElementsOf(expected);
    assertThat(keys(rpc.call("eth_getFilterChanges", filter))).containsExactlyElementsOf(expected);
    assertThat(keys(rpc.call("eth_getFilterChanges", filter))).isEmpty();
  }

  private static String key(JsonNode log) {
    return log.get("blockHash").asText() + "/" + log.get("logIndex").asText() + "/"
        + log.get("transactionHash").asText() + "/" + log.get("data").asText();
  }

  private static List<String> keys(JsonNode logs) {
    List<String> out = new ArrayList<>();
    logs.forEach(l -> out.add(key(l)));
    return out;
  }

  @Test
  void aPlainTransferIsEstimatedAtExactly21000() {
    String to = "0x" + "00".repeat(19) + "42";
    assertThat(rpc.call("eth_estimateGas", RpcClient.object("from",
        keys.get(1).address().toHex(), "to", to, "value", "0x1")).asText()).isEqualTo("0x5208");
    // Not for a call that runs code: the contract below needs more.
    assertThat(Long.decode(rpc.call("eth_estimateGas", RpcClient.object("from",
        keys.get(1).address().toHex(), "data", TWO_LOGS)).asText())).isGreaterThan(53_000);
  }

  @Test
  void theEstimateIsBoundedByWhatTheSenderCanPayAtItsFeeCap() {
    // 0.001 0G at a 10 gwei fee cap pays for 100,000 gas: far below the block gas limit,
    // enough for a transfer (go-ethereum narrows its search the same way).
    Address poor = Address.fromHex("0x" + "00".repeat(19) + "aa");
    String fund = signed(1, 0, poor, "0x", 21_000, BigInteger.TEN.pow(15));
    rpc.call("eth_sendRawTransaction", fund);
    rpc.call("evm_mine");
    String fee = "0x" + GWEI.multiply(BigInteger.TEN).toString(16);
    assertThat(rpc.call("eth_estimateGas", RpcClient.object("from", poor.toHex(), "to",
        keys.get(2).address().toHex(), "maxFeePerGas", fee)).asText()).isEqualTo("0x5208");
    JsonNode tooDear = rpc.answer("eth_estimateGas", RpcClient.object("from", poor.toHex(),
        "data", TWO_LOGS, "maxFeePerGas", "0x" + BigInteger.TEN.pow(12).toString(16)));
    assertThat(tooDear.get("error").get("message").asText()).contains("allowance");
    JsonNode noFunds = rpc.answer("eth_estimateGas", RpcClient.object("from", poor.toHex(), "to",
        keys.get(2).address().toHex(), "value", "0x" + BigInteger.TEN.pow(16).toString(16),
        "maxFeePerGas", fee));
    assertThat(noFunds.get("error").get("message").asText())
        .isEqualTo("insufficient funds for transfer");
  }

  @Test
  void aCreationReturnsItsDeployedCodeToCallsAndTraces() {
    // Init code that returns the 3-byte runtime code 0x600100 (PUSH1 1, STOP).
    String init = "0x62600100600052600360" + "1df3";
    JsonNode call = RpcClient.object("from", keys.get(1).address().toHex(), "data", init);
    assertThat(rpc.call("eth_call", call, "latest").asText()).isEqualTo("0x600100");
    assertThat(rpc.call("debug_traceCall", call, "latest").get("returnValue").asText())
        .isEqualTo("600100");
    String hash = rpc.call("eth_sendRawTransaction", signed(1, 0, null, init, 100_000))
        .asText();
    rpc.call("evm_mine");
    JsonNode receipt = rpc.call("eth_getTransactionReceipt", hash);
    assertThat(rpc.call("eth_getCode", receipt.get("contractAddress"), "latest").asText())
        .isEqualTo("0x600100");
    assertThat(rpc.call("debug_traceTransaction", hash).get("returnValue").asText())
        .isEqualTo("600100");
  }

  @Test
  void concurrentSendTransactionsFromOneDevAccountGetConsecutiveNonces() throws Exception {
    String from = keys.get(3).address().toHex();
    int count = 16;
    List<java.util.concurrent.Future<JsonNode>> answers = new ArrayList<>();
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < count; i++) {
        answers.add(pool.submit(() -> rpc.answer("eth_sendTransaction", RpcClient.object(
            "from", from, "to", keys.get(4).address().toHex(), "value", "0x1"))));
      }
    }
    for (var answer : answers) {
      assertThat(answer.get().has("result")).as("%s", answer.get()).isTrue();
    }
    assertThat(rpc.call("txpool_status").get("pending").asText()).isEqualTo("0x10");
    rpc.call("evm_mine");
    assertThat(rpc.call("eth_getTransactionCount", from, "latest").asText()).isEqualTo("0x10");
  }

  @Test
  void sendTransactionFillsTheFeesACallerLeftOut() {
    String from = keys.get(5).address().toHex();
    String to = keys.get(6).address().toHex();
    String tipOnly = rpc.call("eth_sendTransaction", RpcClient.object("from", from, "to", to,
        "maxPriorityFeePerGas", "0x2")).asText();
    String priceOnly = rpc.call("eth_sendTransaction", RpcClient.object("from", from, "to", to,
        "gasPrice", "0x77359400")).asText();
    rpc.call("evm_mine");
    JsonNode first = rpc.call("eth_getTransactionByHash", tipOnly);
    assertThat(first.get("maxPriorityFeePerGas").asText()).isEqualTo("0x2");
    // Twice the next base fee (0.875 gwei after the empty genesis) plus the tip.
    assertThat(first.get("maxFeePerGas").asText()).isEqualTo("0x" + Long.toHexString(
        2 * 875_000_000L + 2));
    JsonNode second = rpc.call("eth_getTransactionByHash", priceOnly);
    assertThat(second.get("maxFeePerGas").asText()).isEqualTo("0x77359400");
    assertThat(second.get("maxPriorityFeePerGas").asText()).isEqualTo("0x77359400");
    assertThat(rpc.call("eth_getTransactionReceipt", tipOnly).get("status").asText())
        .isEqualTo("0x1");
  }

  @Test
  void sendTransactionSignsOnlyForTheDevAccounts() {
    JsonNode answer = rpc.answer("eth_sendTransaction", RpcClient.object("from",
        "0x" + "00".repeat(19) + "99", "to", keys.get(4).address().toHex()));
    assertThat(answer.get("error").get("code").asInt()).isEqualTo(-32000);
    assertThat(rpc.call("eth_accounts")).hasSize(keys.size());
    assertThat(rpc.call("eth_accounts").get(0).asText()).isEqualTo(keys.get(0).address().toHex());
  }

  private String signed(int account, long nonce, Address to, String data, long gas) {
    return signed(account, nonce, to, data, gas, BigInteger.ZERO);
  }

  private String signed(int account, long nonce, Address to, String data, long gas,
      BigInteger value) {
    Transaction tx = TransactionSigner.sign(new DynamicFeeTransaction(node.config().chainId(),
        nonce, GWEI, GWEI.multiply(BigInteger.TEN), gas, to, value, Hex.decode(data),
        List.of(), Transaction.UNSIGNED), keys.get(account).privateKey());
    return Hex.prefixed(tx.encode());
  }
}
