package dev.zg.bench.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.chain.tx.DynamicFeeTransaction;
import dev.zg.chain.tx.TransactionCodec;
import dev.zg.chain.tx.TransactionSigner;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * JSON-RPC throughput of one running node: sustained transfers per second and {@code eth_call}
 * and {@code eth_getBalance} requests per second. {@code zg-bench/rpc/run.sh} runs it against
 * {@code zg devnet} and a Hardhat node one after the other and prints them side by side.
 *
 * <ol>
 *   <li>Transfers: first {@code --warmup-per-account} transfers per account, sent the same
 *       way and waited for but not counted (a fresh JVM compiles as it goes), then {@code
 *       --per-account} EIP-1559 transfers of 1 wei from each of the 20 dev
 *       accounts (nonces in order, each account to its own recipient) are signed before the
 *       clock starts (and kept in {@code --signed FILE} for the next node) and sent as
 *       JSON-RPC batches of {@code --batch} over {@code --connections} keep-alive connections (each connection owns a fixed set of accounts, so every
 *       account's nonces arrive in order). The rate is the transfers included in blocks over
 *       the time from the first send to the poll that saw the last one included.
 *   <li>Reads: {@code --clients} threads, each on its own keep-alive connection, send one
 *       request at a time for {@code --warmup-s} then {@code --measure-s} seconds: {@code
 *       eth_getBalance} of the dev accounts, and {@code eth_call} of {@code balanceOf(address)}
 *       on a 25-byte contract deployed first that reads the mapping slot as Solidity does.
 * </ol>
 *
 * <p>Run: {@code java -cp benchmarks.jar dev.zg.bench.rpc.RpcThroughput --name zg --url URL
 * [options]} prints JSON; {@code --report A.json B.json} prints the Markdown table of results.
 */
public final class RpcThroughput {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);
  /** Well above any base fee the run reaches, so no transfer waits for the fee to fall. */
  private static final BigInteger MAX_FEE = GWEI.multiply(BigInteger.valueOf(100));
  private static final BigInteger TIP = GWEI;
  /** balanceOf(address): keccak(abi.encode(arg, 0)) -> SLOAD -> return 32 bytes. */
  private static final String TOKEN_RUNTIME = "600435600052600060205260406000205460005260206000f3";
  private static final String TOKEN_INIT = "601980600b6000396000f3" + TOKEN_RUNTIME;

  private RpcThroughput() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--report")) {
      List<JsonNode> runs = new ArrayList<>();
      for (int i = 1; i < args.length; i++) {
        runs.add(JSON.readTree(Files.readString(Path.of(args[i]))));
      }
      System.out.print(report(runs));
      return;
    }
    String name = option(args, "--name", "node");
    URI url = URI.create(option(args, "--url", "http://127.0.0.1:8545"));
    int perAccount = Integer.parseInt(option(args, "--per-account", "2500"));
    int warmupPerAccount = Integer.parseInt(option(args, "--warmup-per-account", "500"));
    int batch = Integer.parseInt(option(args, "--batch", "200"));
    int connections = Integer.parseInt(option(args, "--connections", "4"));
    int clients = Integer.parseInt(option(args, "--clients", "8"));
    double warmup = Double.parseDouble(option(args, "--warmup-s", "3"));
    double measure = Double.parseDouble(option(args, "--measure-s", "8"));

    ObjectNode out = JSON.createObjectNode();
    out.put("name", name);
    String signedOption = option(args, "--signed", null);
    Path signedFile = signedOption == null ? null : Path.of(signedOption);
    try (Rpc conn = new Rpc(url)) {
      out.put("client", result(conn, "web3_clientVersion", "[]").asText());
      long chainId = quantity(result(conn, "eth_chainId", "[]"));
      JsonNode latest = result(conn, "eth_getBlockByNumber", "[\"latest\",false]");
      out.put("chainId", chainId);
      out.put("blockGasLimit", quantity(latest.path("gasLimit")));
      transfers(conn, url, chainId, warmupPerAccount, perAccount, batch, connections,
          signedFile, out);
      String token = deploy(conn, chainId);
      out.put("token", token);
      List<byte[]> balances = new ArrayList<>();
      List<byte[]> calls = new ArrayList<>();
      for (Secp256k1.KeyPair key : DevnetGenesis.accounts()) {
        String a = key.address().toHex();
        balances.add(request("eth_getBalance", "[\"" + a + "\",\"latest\"]"));
        calls.add(request("eth_call", "[{\"to\":\"" + token + "\",\"data\":\"0x70a08231"
            + "0".repeat(24) + a.substring(2) + "\"},\"latest\"]"));
      }
      out.set("eth_getBalance", reads(url, balances, clients, warmup, measure, "eth_getBalance"));
      out.set("eth_call", reads(url, calls, clients, warmup, measure, "eth_call"));
    }
    System.out.println(JSON.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
  }

  // ---- transfers ---------------------------------------------------------------------------

  private static void transfers(Rpc conn, URI url, long chainId, int warmupPerAccount,
      int perAccount, int batch, int connections, Path signedFile, ObjectNode out)
      throws Exception {
    List<Secp256k1.KeyPair> keys = DevnetGenesis.accounts();
    long[] nonces = new long[keys.size()];
    for (int a = 0; a < keys.size(); a++) {
      nonces[a] = quantity(result(conn, "eth_getTransactionCount",
          "[\"" + keys.get(a).address().toHex() + "\",\"pending\"]"));
    }
    String[][] raw = signed(signedFile, chainId, nonces, warmupPerAccount + perAccount);
    if (warmupPerAccount > 0) {
      // The same load, uncounted, until it is all included: compilers warm, caches filled.
      System.err.print("warm-up: ");
      send(conn, url, raw, 0, warmupPerAccount, batch, connections,
          JSON.createObjectNode());
    }
    ObjectNode t = out.putObject("transfers");
    t.put("warmupPerAccount", warmupPerAccount);
    send(conn, url, raw, warmupPerAccount, warmupPerAccount + perAccount, batch, connections,
        t);
  }

  /**
   * Sends each account's transfers {@code [first, end)} and counts them as blocks include
   * them; the figures go into {@code t}.
   */
  private static void send(Rpc conn, URI url, String[][] raw, int first, int end, int batch,
      int connections, ObjectNode t) throws Exception {
    int accounts = raw.length;
    int perAccount = end - first;

    // Each connection owns accounts c, c + connections, ...; a batch takes the next slice of
    // each of them, so every account's nonces go out in order.
    List<List<byte[]>> bodies = new ArrayList<>();
    for (int c = 0; c < connections; c++) {
      List<Integer> owned = new ArrayList<>();
      for (int a = c; a < accounts; a += connections) {
        owned.add(a);
      }
      List<byte[]> list = new ArrayList<>();
      if (!owned.isEmpty()) {
        int slice = Math.max(1, batch / owned.size());
        for (int from = first; from < end; from += slice) {
          StringBuilder sb = new StringBuilder(batch * 260).append('[');
          int id = 0;
          for (int a : owned) {
            for (int k = from; k < Math.min(end, from + slice); k++) {
              if (id > 0) {
                sb.append(',');
              }
              sb.append("{\"jsonrpc\":\"2.0\",\"id\":").append(id++)
                  .append(",\"method\":\"eth_sendRawTransaction\",\"params\":[\"")
                  .append(raw[a][k]).append("\"]}");
            }
          }
          list.add(sb.append(']').toString().getBytes(StandardCharsets.US_ASCII));
        }
      }
      bodies.add(list);
    }

    long total = (long) accounts * perAccount;
    long startBlock = quantity(result(conn, "eth_blockNumber", "[]"));
    AtomicLong rejected = new AtomicLong();
    AtomicLong sendersLeft = new AtomicLong(connections);
    AtomicLong sentAt = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long start = System.nanoTime();
    List<Thread> senders = new ArrayList<>();
    for (List<byte[]> list : bodies) {
      Thread sender = Thread.ofPlatform().name("sender").start(() -> {
        try (HttpConnection c = new HttpConnection(url)) {
          for (byte[] body : list) {
            String response = new String(c.post(body), StandardCharsets.UTF_8);
            int errors = count(response, "\"error\"");
            if (errors > 0) {
              rejected.addAndGet(errors);
              firstError.compareAndSet(null, response.substring(response.indexOf("\"error\""),
                  Math.min(response.length(), response.indexOf("\"error\"") + 200)));
            }
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        } finally {
          if (sendersLeft.decrementAndGet() == 0) {
            sentAt.set(System.nanoTime());
          }
        }
      });
      senders.add(sender);
    }

    long included = 0;
    long lastInclusion = start;
    long seenBlock = startBlock;
    ArrayNode perBlock = JSON.createArrayNode();
    long deadline = start + (long) ((60 + total / 100.0) * 1e9);
    while (true) {
      if (failure.get() != null) {
        throw new IllegalStateException("sending failed", failure.get());
      }
      long head = quantity(result(conn, "eth_blockNumber", "[]"));
      long now = System.nanoTime();
      for (long b = seenBlock + 1; b <= head; b++) {
        long n = quantity(result(conn, "eth_getBlockTransactionCountByNumber",
            "[\"0x" + Long.toHexString(b) + "\"]"));
        if (n > 0) {
          included += n;
          lastInclusion = now;
          ObjectNode o = perBlock.addObject();
          o.put("block", b);
          o.put("transactions", n);
          o.put("seenAtS", round((now - start) / 1e9, 3));
        }
      }
      seenBlock = head;
      boolean allSent = sendersLeft.get() == 0;
      if (allSent && included >= total - rejected.get()) {
        break;
      }
      if (now > deadline) {
        System.err.println("gave up waiting: " + included + " of " + total + " included");
        break;
      }
      Thread.sleep(20);
    }
    for (Thread sender : senders) {
      sender.join();
    }
    double seconds = (lastInclusion - start) / 1e9;
    double sendSeconds = (sentAt.get() - start) / 1e9;
    t.put("sent", total);
    t.put("rejected", rejected.get());
    if (firstError.get() != null) {
      t.put("firstError", firstError.get());
    }
    t.put("included", included);
    t.put("batch", batch);
    t.put("connections", connections);
    t.put("sendSeconds", round(sendSeconds, 3));
    t.put("acceptedPerSecond", round((total - rejected.get()) / sendSeconds, 0));
    t.put("seconds", round(seconds, 3));
    t.put("perSecond", round(included / seconds, 0));
    t.set("blocks", perBlock);
    System.err.printf("%d of %d transfers included in %.2f s: %.0f/s (all sent after %.2f s, "
        + "%d rejected)%n", included, total, seconds, included / seconds, sendSeconds,
        rejected.get());
  }

  /**
   * The transfers, signed (on all cores) before any clock starts. Both nodes start fresh with
   * the same accounts and chain id, so the same signed transfers serve both: they are kept in
   * {@code file} (when given) and reused when the chain id and starting nonces match.
   */
  private static String[][] signed(Path file, long chainId, long[] nonces, int perAccount)
      throws IOException {
    List<Secp256k1.KeyPair> keys = DevnetGenesis.accounts();
    int accounts = keys.size();
    StringBuilder header = new StringBuilder().append(chainId).append(' ').append(perAccount);
    for (long n : nonces) {
      header.append(' ').append(n);
    }
    if (file != null && Files.exists(file)) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
      if (lines.size() == 1 + accounts * perAccount && lines.get(0).equals(header.toString())) {
        String[][] raw = new String[accounts][perAccount];
        for (int i = 0; i < accounts * perAccount; i++) {
          raw[i / perAccount][i % perAccount] = lines.get(1 + i);
        }
        System.err.printf("%d signed transfers read from %s%n", accounts * perAccount, file);
        return raw;
      }
    }
    long signStart = System.nanoTime();
    String[][] raw = new String[accounts][perAccount];
    IntStream.range(0, accounts * perAccount).parallel().forEach(i -> {
      int a = i / perAccount;
      int k = i % perAccount;
      DynamicFeeTransaction unsigned = new DynamicFeeTransaction(chainId, nonces[a] + k, TIP,
          MAX_FEE, 21_000, recipient(a), BigInteger.ONE, new byte[0], List.of(),
          new Secp256k1.Signature(BigInteger.ONE, BigInteger.ONE, 0));
      raw[a][k] = Hex.prefixed(TransactionCodec.encode(
          TransactionSigner.sign(unsigned, keys.get(a).privateKey())));
    });
    System.err.printf("%d transfers signed in %.1f s%n", accounts * perAccount,
        (System.nanoTime() - signStart) / 1e9);
    if (file == null) {
      return raw;
    }
    List<String> lines = new ArrayList<>(1 + accounts * perAccount);
    lines.add(header.toString());
    for (String[] perSender : raw) {
      lines.addAll(List.of(perSender));
    }
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(temporary, lines, StandardCharsets.US_ASCII);
    Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return raw;
  }

  /** Each sender's own recipient, none of them a dev account. */
  private static Address recipient(int account) {
    byte[] a = new byte[20];
    a[0] = 0x2e;
    a[19] = (byte) (account + 1);
    return Address.wrap(a);
  }

  private static String deploy(Rpc conn, long chainId) throws Exception {
    Secp256k1.KeyPair key = DevnetGenesis.accounts().get(0);
    long nonce = quantity(result(conn, "eth_getTransactionCount",
        "[\"" + key.address().toHex() + "\",\"pending\"]"));
    DynamicFeeTransaction unsigned = new DynamicFeeTransaction(chainId, nonce, TIP, MAX_FEE,
        200_000, null, BigInteger.ZERO, Hex.decode(TOKEN_INIT), List.of(),
        new Secp256k1.Signature(BigInteger.ONE, BigInteger.ONE, 0));
    String raw = Hex.prefixed(TransactionCodec.encode(
        TransactionSigner.sign(unsigned, key.privateKey())));
    String hash = result(conn, "eth_sendRawTransaction", "[\"" + raw + "\"]").asText();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonNode receipt = result(conn, "eth_getTransactionReceipt", "[\"" + hash + "\"]");
      if (!receipt.isNull()) {
        if (quantity(receipt.path("status")) != 1) {
          throw new IllegalStateException("token deployment failed: " + receipt);
        }
        String address = receipt.path("contractAddress").asText();
        String code = result(conn, "eth_getCode", "[\"" + address + "\",\"latest\"]").asText();
        if (!code.equalsIgnoreCase("0x" + TOKEN_RUNTIME)) {
          throw new IllegalStateException("unexpected token code " + code);
        }
        return address;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("token deployment not included within 60 s");
  }

  // ---- reads -------------------------------------------------------------------------------

  private static ObjectNode reads(URI url, List<byte[]> bodies, int clients, double warmup,
      double measure, String label) throws Exception {
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long start = System.nanoTime();
    long measureFrom = start + (long) (warmup * 1e9);
    long measureTo = measureFrom + (long) (measure * 1e9);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int offset = c;
      threads.add(Thread.ofPlatform().name("client").start(() -> {
        try (HttpConnection conn = new HttpConnection(url)) {
          long mine = 0;
          long bad = 0;
          for (int i = offset; ; i++) {
            byte[] response = conn.post(bodies.get(i % bodies.size()));
            long now = System.nanoTime();
            if (now >= measureTo) {
              break;
            }
            if (now >= measureFrom) {
              mine++;
              if (!contains(response, "\"result\"")) {
                bad++;
              }
            }
          }
          done.addAndGet(mine);
          failed.addAndGet(bad);
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException(label + " failed", failure.get());
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("clients", clients);
    o.put("requests", done.get());
    o.put("errors", failed.get());
    o.put("seconds", measure);
    o.put("perSecond", round(done.get() / measure, 0));
    System.err.printf("%s: %.0f requests/s (%d clients, %d errors)%n", label,
        done.get() / measure, clients, failed.get());
    return o;
  }

  // ---- JSON-RPC helpers --------------------------------------------------------------------

  private static byte[] request(String method, String params) {
    return ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params
        + "}").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The connection for single requests; it reconnects once when the node closed it while idle
   * (Node.js servers close keep-alive connections after 5 s).
   */
  private static final class Rpc implements AutoCloseable {
    private final URI url;
    private HttpConnection conn;

    Rpc(URI url) throws IOException {
      this.url = url;
      this.conn = new HttpConnection(url);
    }

    byte[] post(byte[] body) throws IOException {
      try {
        return conn.post(body);
      } catch (IOException e) {
        conn.close();
        conn = new HttpConnection(url);
        return conn.post(body);
      }
    }

    @Override
    public void close() throws IOException {
      conn.close();
    }
  }

  private static JsonNode result(Rpc conn, String method, String params)
      throws IOException {
    JsonNode response = JSON.readTree(conn.post(request(method, params)));
    if (response.has("error")) {
      throw new IllegalStateException(method + " failed: " + response.get("error"));
    }
    return response.path("result");
  }

  private static long quantity(JsonNode node) {
    return Long.decode(node.asText());
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }

  private static boolean contains(byte[] response, String needle) {
    return new String(response, StandardCharsets.ISO_8859_1).contains(needle);
  }

  private static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }

  private static String option(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  // ---- report ------------------------------------------------------------------------------

  /** The Markdown table: one column per node, the first node's ratio to each other one. */
  static String report(List<JsonNode> runs) {
    StringBuilder sb = new StringBuilder();
    sb.append("| | ");
    runs.forEach(r -> sb.append(r.path("name").asText()).append(" | "));
    if (runs.size() == 2) {
      sb.append(runs.get(0).path("name").asText()).append(" / ")
          .append(runs.get(1).path("name").asText()).append(" |");
    }
    sb.append("\n| --- |");
    runs.forEach(r -> sb.append(" --- |"));
    if (runs.size() == 2) {
      sb.append(" --- |");
    }
    sb.append('\n');
    row(sb, runs, "transfers/s (included)", r -> r.path("transfers").path("perSecond"));
    row(sb, runs, "transfers accepted/s (RPC)", r -> r.path("transfers").path("acceptedPerSecond"));
    row(sb, runs, "eth_call requests/s", r -> r.path("eth_call").path("perSecond"));
    row(sb, runs, "eth_getBalance requests/s", r -> r.path("eth_getBalance").path("perSecond"));
    sb.append('\n');
    for (JsonNode r : runs) {
      JsonNode t = r.path("transfers");
      sb.append(String.format(Locale.ROOT, "- %s (%s): %d of %d transfers included in %.2f s "
              + "(%d rejected; all sent after %.2f s), blocks of %s transfers; reads with %d "
              + "clients, errors %d / %d%n",
          r.path("name").asText(), r.path("client").asText(), t.path("included").asLong(),
          t.path("sent").asLong(), t.path("seconds").asDouble(), t.path("rejected").asLong(),
          t.path("sendSeconds").asDouble(), blockSizes(t.path("blocks")),
          r.path("eth_call").path("clients").asInt(), r.path("eth_call").path("errors").asLong(),
          r.path("eth_getBalance").path("errors").asLong()));
    }
    return sb.toString();
  }

  private static String blockSizes(JsonNode blocks) {
    List<String> sizes = new ArrayList<>();
    blocks.forEach(b -> sizes.add(String.format(Locale.ROOT, "%,d", b.path("transactions").asLong())));
    return String.join(", ", sizes);
  }

  private static void row(StringBuilder sb, List<JsonNode> runs, String label,
      java.util.function.Function<JsonNode, JsonNode> field) {
    sb.append("| ").append(label).append(" |");
    for (JsonNode r : runs) {
      sb.append(String.format(Locale.ROOT, " %,.0f |", field.apply(r).asDouble()));
    }
    if (runs.size() == 2) {
      double b = field.apply(runs.get(1)).asDouble();
      sb.append(b > 0 ? String.format(Locale.ROOT, " %.1fx |",
          field.apply(runs.get(0)).asDouble() / b) : " |");
    }
    sb.append('\n');
  }
}
