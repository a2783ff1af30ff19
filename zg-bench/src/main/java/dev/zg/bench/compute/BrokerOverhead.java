package dev.zg.bench.compute;

import dev.zg.common.Address;
import dev.zg.common.Secp256k1;
import dev.zg.compute.billing.FeeLedger;
import dev.zg.compute.broker.BrokerConfig;
import dev.zg.compute.broker.ProviderBroker;
import dev.zg.compute.chain.ServiceParams;
import dev.zg.compute.chain.ServingAccount;
import dev.zg.compute.chain.ServingChain;
import dev.zg.compute.chain.ServingService;
import dev.zg.compute.chain.SettlementItem;
import dev.zg.compute.chain.SettlementStatus;
import dev.zg.compute.token.AppSkToken;
import dev.zg.state.kv.Durability;
import dev.zg.state.kv.RocksKeyValueStore;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The latency and throughput the compute broker adds in front of a fast local backend,
 * measured against calling that backend directly in the same run. The backend answers a chat
 * completion computed from the request (word counts as usage) without any model work, so
 * what is measured is the broker: token check (cached account), balance check, forwarding,
 * metering, the durable fee write (RocksDB WAL) and the response signature.
 *
 * <p>Phases, each run for the direct path and the broker path alternately: latency with one
 * request in flight (p50, p99), then throughput with {@code concurrency} in flight (req/s).
 *
 * <pre>java -cp zg-bench/target/benchmarks.jar dev.zg.bench.compute.BrokerOverhead [seconds] [concurrency]</pre>
 */
public final class BrokerOverhead {
  static final BigInteger USER_KEY = BigInteger.valueOf(0xBEEF_CAFEL);
  static final BigInteger PROVIDER_KEY = BigInteger.valueOf(0xFACE_FEEDL);
  static final BigInteger SIGNER_KEY = BigInteger.valueOf(0x5151_5151L);
  static final String BODY = "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\","
      + "\"content\":\"the quick brown fox jumps over the lazy dog\"}]}";

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    Path dir = Files.createTempDirectory("zg-broker-bench");
    HttpServer backend = vertx.createHttpServer().requestHandler(req -> req.body()
        .onSuccess(body -> {
          int words = body.toString().split("\\s+").length;
          req.response().putHeader("Content-Type", "application/json").end(
              "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                  + "\"message\":{\"role\":\"assistant\",\"content\":\"ok " + words + "\"},"
                  + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" + words
                  + ",\"completion_tokens\":2,\"total_tokens\":" + (words + 2) + "}}");
        }));
    backend.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    String backendUrl = "http://127.0.0.1:" + backend.actualPort() + "/v1";
    Address provider = address(PROVIDER_KEY);
    Address user = address(USER_KEY);
    try (RocksKeyValueStore store = RocksKeyValueStore.open(dir, FeeLedger.COLUMN)) {
      FeeLedger ledger = new FeeLedger(store, Durability.WAL);
      BrokerConfig config = BrokerConfig.defaults("127.0.0.1", 0, provider, SIGNER_KEY,
          URI.create(backendUrl));
      ProviderBroker broker = new ProviderBroker(vertx, config,
          new FundedChain(provider, user, address(SIGNER_KEY)), ledger, Clock.systemUTC());
      int port = broker.start();
      long now = System.currentTimeMillis();
      String token = AppSkToken.mint(USER_KEY, provider.toChecksumHex(), now,
          now + 3_600_000, "bench", 0, 255);
      String direct = backendUrl + "/chat/completions";
      String proxied = "http://127.0.0.1:" + port + "/v1/proxy/chat/completions";
      // Warm-up of both paths (JIT, connections).
      run(vertx, direct, null, 2, concurrency);
      run(vertx, proxied, token, 2, concurrency);
      Result directLatency = run(vertx, direct, null, seconds, 1);
      Result brokerLatency = run(vertx, proxied, token, seconds, 1);
      Result directThroughput = run(vertx, direct, null, seconds, concurrency);
      Result brokerThroughput = run(vertx, proxied, token, seconds, concurrency);
      System.out.printf("%-28s %10s %10s %12s%n", "path", "p50 us", "p99 us", "req/s");
      print("backend direct, 1 in flight", directLatency);
      print("via broker, 1 in flight", brokerLatency);
      print("backend direct, " + concurrency + " in flight", directThroughput);
      print("via broker, " + concurrency + " in flight", brokerThroughput);
      System.out.printf("overhead at 1 in flight: p50 %+d us, p99 %+d us%n",
          (brokerLatency.p50Nanos - directLatency.p50Nanos) / 1000,
          (brokerLatency.p99Nanos - directLatency.p99Nanos) / 1000);
      System.out.printf("charged requests: %s; unsettled fee %s%n",
          ledger.requests(user, Integer.MAX_VALUE).size(), ledger.unsettled(user));
      broker.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  record Result(long p50Nanos, long p99Nanos, double perSecond, int errors) {}

  static void print(String name, Result r) {
    System.out.printf("%-28s %10d %10d %12.0f%s%n", name, r.p50Nanos / 1000, r.p99Nanos / 1000,
        r.perSecond, r.errors > 0 ? "  (" + r.errors + " errors)" : "");
  }

  /** A closed loop of {@code inFlight} request chains for {@code seconds}. */
  static Result run(Vertx vertx, String url, String token, int seconds, int inFlight)
      throws Exception {
    // A fresh client per phase, so that no phase inherits another's connections.
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(inFlight));
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long[] latencies = new long[4_000_000];
    AtomicInteger count = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicLong start = new AtomicLong(System.nanoTime());
    CompletableFuture<?>[] chains = new CompletableFuture<?>[inFlight];
    for (int i = 0; i < inFlight; i++) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      chains[i] = done;
      next(client, url, token, end, latencies, count, errors, done);
    }
    CompletableFuture.allOf(chains).get(seconds + 60L, TimeUnit.SECONDS);
    client.close();
    double elapsed = (System.nanoTime() - start.get()) / 1e9;
    int n = Math.min(count.get(), latencies.length);
    long[] sorted = Arrays.copyOf(latencies, n);
    Arrays.sort(sorted);
    return new Result(sorted[n / 2], sorted[(int) (n * 0.99)], n / elapsed, errors.get());
  }

  private static void next(HttpClient client, String url, String token, long end,
      long[] latencies, AtomicInteger count, AtomicInteger errors, CompletableFuture<Void> done) {
    if (System.nanoTime() >= end) {
      done.complete(null);
      return;
    }
    long t0 = System.nanoTime();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
        .setAbsoluteURI(url).putHeader("Content-Type", "application/json")
        .setIdleTimeout(10_000);
    if (token != null) {
      options.putHeader("Authorization", token);
    }
    client.request(options).compose(r -> r.send(Buffer.buffer(BODY)))
        .compose(r -> {
          if (r.statusCode() != 200) {
            errors.incrementAndGet();
          }
          return r.body();
        })
        .onComplete(r -> {
          int i = count.getAndIncrement();
          if (i < latencies.length) {
            latencies[i] = System.nanoTime() - t0;
          }
          if (r.failed()) {
            errors.incrementAndGet();
          }
          next(client, url, token, end, latencies, count, errors, done);
        });
  }

  static Address address(BigInteger key) {
    return Address.fromPublicKey(Secp256k1.publicKey(key));
  }

  /** One funded, acknowledged account and one registered service; nothing else. */
  record FundedChain(Address provider, Address user, Address signer) implements ServingChain {
    @Override
    public long chainId() {
      return 31337;
    }

    @Override
    public Address servingContract() {
      return Address.ZERO;
    }

    @Override
    public Optional<ServingAccount> account(Address u, Address p) {
      return Optional.of(new ServingAccount(u, p, BigInteger.ZERO,
          BigInteger.TEN.pow(30), BigInteger.ZERO, true, BigInteger.ZERO, BigInteger.ZERO));
    }

    @Override
    public Optional<ServingService> service(Address p) {
      return Optional.of(new ServingService(p, "chatbot", "http://bench", BigInteger.ONE,
          BigInteger.TWO, BigInteger.ONE, "echo", "TeeML", "{}", signer, true));
    }

    @Override
    public void registerService(ServiceParams params, BigInteger stakeWei) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<SettlementStatus> previewSettlement(List<SettlementItem> items) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<SettlementStatus> settle(List<SettlementItem> items) {
      throw new UnsupportedOperationException();
    }
  }
}
