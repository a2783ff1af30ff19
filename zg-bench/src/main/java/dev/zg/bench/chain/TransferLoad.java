package dev.zg.bench.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.chain.tx.DynamicFeeTransaction;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.TransactionSigner;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * End-to-end transfer benchmark over JSON-RPC, against one node (a devnet) or several (the
 * validators of a testnet), using the devnet's 20 funded accounts.
 *
 * <ol>
 *   <li>Latency: one transfer every {@code intervalMillis}, sent to the nodes in turn; the
 *       time from just before the send to the moment a watcher polling node 0 every 2 ms
 *       sees the committed block that holds it. p50 and p99.
 *   <li>Throughput: {@code count} pre-signed transfers sent as fast as 4 client threads can
 *       (JSON-RPC batches of 100, to the nodes in turn); transfers per second from the first
 *       send to the commit of the last.
 * </ol>
 *
 * <pre>java -cp zg-bench/target/benchmarks.jar dev.zg.bench.chain.TransferLoad CHAIN_ID
 *     LATENCY_TXS INTERVAL_MS THROUGHPUT_TXS RPC_URL [RPC_URL ...]</pre>
 */
public final class TransferLoad {
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BATCH = 100;
  private static final Address SINK = Address.fromHex("0x" + "5a".repeat(20));

  private final long chainId;
  private final List<URI> nodes;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final List<Secp256k1.KeyPair> accounts = DevnetGenesis.accounts();
  private final long[] nonces;
  private final Map<String, Long> includedNanos = new ConcurrentHashMap<>();
  private volatile boolean watching = true;

  private TransferLoad(long chainId, List<URI> nodes) {
    this.chainId = chainId;
    this.nodes = nodes;
    this.nonces = new long[accounts.size()];
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      System.err.println("usage: TransferLoad CHAIN_ID LATENCY_TXS INTERVAL_MS THROUGHPUT_TXS"
          + " RPC_URL...");
      System.exit(2);
    }
    List<URI> nodes = new ArrayList<>();
    for (int i = 4; i < args.length; i++) {
      nodes.add(URI.create(args[i]));
    }
    TransferLoad load = new TransferLoad(Long.parseLong(args[0]), nodes);
    load.run(Integer.parseInt(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]));
  }

  private void run(int latencyTxs, long intervalMillis, int throughputTxs) throws Exception {
    for (int a = 0; a < accounts.size(); a++) {
      nonces[a] = Long.decode(call(nodes.get(0), "eth_getTransactionCount",
          List.of(accounts.get(a).address().toHex(), "pending")).asText());
    }
    Thread watcher = Thread.ofPlatform().name("watcher").start(this::watch);

    // Latency at a light load.
    List<String> hashes = new ArrayList<>();
    long[] sent = new long[latencyTxs];
    for (int i = 0; i < latencyTxs; i++) {
      Transaction tx = next(i % accounts.size());
      sent[i] = System.nanoTime();
      call(nodes.get(i % nodes.size()), "eth_sendRawTransaction",
          List.of(Hex.prefixed(tx.encode())));
      hashes.add(tx.hash().toHex());
      Thread.sleep(intervalMillis);
    }
    awaitIncluded(hashes);
    long[] latencies = new long[latencyTxs];
    for (int i = 0; i < latencyTxs; i++) {
      latencies[i] = (includedNanos.get(hashes.get(i)) - sent[i]) / 1_000_000;
    }
    Arrays.sort(latencies);
    System.out.printf("latency: %d transfers, one every %d ms, to %d node(s): p50 %d ms, p90 %d"
        + " ms, p99 %d ms, max %d ms%n", latencyTxs, intervalMillis, nodes.size(),
        pct(latencies, 50), pct(latencies, 90), pct(latencies, 99), latencies[latencyTxs - 1]);

    // Sustained throughput.
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < throughputTxs; i++) {
      txs.add(next(i % accounts.size()));
    }
    List<List<Transaction>> batches = new ArrayList<>();
    for (int i = 0; i < txs.size(); i += BATCH) {
      batches.add(txs.subList(i, Math.min(txs.size(), i + BATCH)));
    }
    long start = System.nanoTime();
    ExecutorService senders = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int b = 0; b < batches.size(); b++) {
      List<Transaction> batch = batches.get(b);
      URI node = nodes.get(b % nodes.size());
      done.add(senders.submit(() -> {
        sendBatch(node, batch);
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    long sentAll = System.nanoTime();
    senders.shutdown();
    List<String> all = txs.stream().map(t -> t.hash().toHex()).toList();
    awaitIncluded(all);
    long last = all.stream().mapToLong(includedNanos::get).max().orElseThrow();
    double seconds = (last - start) / 1e9;
    System.out.printf("throughput: %d transfers to %d node(s) sent in %.2f s, all committed in"
        + " %.2f s: %.0f transfers/s%n", throughputTxs, nodes.size(), (sentAll - start) / 1e9,
        seconds, throughputTxs / seconds);
    watching = false;
    watcher.join();
  }

  private Transaction next(int account) {
    long nonce = nonces[account]++;
    return TransactionSigner.sign(new DynamicFeeTransaction(chainId, nonce, GWEI,
        GWEI.multiply(BigInteger.valueOf(100)), 21_000, SINK, BigInteger.ONE, new byte[0],
        List.of(), Transaction.UNSIGNED), accounts.get(account).privateKey());
  }

  private void sendBatch(URI node, List<Transaction> batch) throws Exception {
    ArrayNode requests = JSON.createArrayNode();
    int id = 0;
    for (Transaction tx : batch) {
      requests.addObject().put("jsonrpc", "2.0").put("id", id++)
          .put("method", "eth_sendRawTransaction").putArray("params")
          .add(Hex.prefixed(tx.encode()));
    }
    JsonNode answers = post(node, JSON.writeValueAsString(requests));
    for (JsonNode a : answers) {
      if (a.has("error")) {
        throw new IllegalStateException("refused: " + a.get("error"));
      }
    }
  }

  private void watch() {
    long seen = -1;
    while (watching) {
      try {
        long head = Long.decode(call(nodes.get(0), "eth_blockNumber", List.of()).asText());
        if (seen < 0) {
          seen = head;
        }
        for (long n = seen + 1; n <= head; n++) {
          long now = System.nanoTime();
          JsonNode block = call(nodes.get(0), "eth_getBlockByNumber",
              List.of("0x" + Long.toHexString(n), false));
          for (JsonNode h : block.get("transactions")) {
            includedNanos.putIfAbsent(h.asText(), now);
          }
        }
        seen = Math.max(seen, head);
        Thread.sleep(2);
      } catch (Exception e) {
        if (watching) {
          System.err.println("watcher: " + e.getMessage());
        }
      }
    }
  }

  private void awaitIncluded(List<String> hashes) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    for (String h : hashes) {
      while (!includedNanos.containsKey(h)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("not included within 5 minutes: " + h);
        }
        Thread.sleep(5);
      }
    }
  }

  private JsonNode call(URI node, String method, List<Object> params) throws Exception {
    JsonNode answer = post(node, JSON.writeValueAsString(JSON.createObjectNode()
        .put("jsonrpc", "2.0").put("id", 1).put("method", method)
        .set("params", JSON.valueToTree(params))));
    if (answer.has("error")) {
      throw new IllegalStateException(method + ": " + answer.get("error"));
    }
    return answer.get("result");
  }

  private JsonNode post(URI node, String body) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(node)
        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private static long pct(long[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
