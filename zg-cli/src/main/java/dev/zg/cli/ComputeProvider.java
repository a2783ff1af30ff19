package dev.zg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.common.Address;
import dev.zg.common.Secp256k1;
import dev.zg.compute.billing.FeeLedger;
import dev.zg.compute.broker.BrokerConfig;
import dev.zg.compute.broker.ProviderBroker;
import dev.zg.compute.chain.JsonRpcServingChain;
import dev.zg.compute.chain.ServiceParams;
import dev.zg.compute.chain.ServingService;
import dev.zg.compute.settle.Settler;
import dev.zg.state.kv.Durability;
import dev.zg.state.kv.RocksKeyValueStore;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running inference provider: the broker in front of an OpenAI-compatible backend, its
 * service registered (or updated) on chain, and a settler that runs every {@code
 * settleInterval}. Used by {@code zg devnet} and {@code zg compute provider serve}; the fee
 * ledger lives in RocksDB under {@code dataDir}, so unsettled fees survive a restart.
 */
final class ComputeProvider implements AutoCloseable {
  /** First registration stakes the contract's minimum, 100 0G. */
  static final BigInteger STAKE = BrokerConfig.ONE_0G.multiply(BigInteger.valueOf(100));
  private static final Logger LOG = LoggerFactory.getLogger(ComputeProvider.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What to run; prices in neuron (wei) per token. */
  record Config(URI rpc, Address servingContract, BigInteger providerKey, BigInteger signerKey,
      URI backend, String model, String host, int port, String publicHost,
      BigInteger inputPrice, BigInteger outputPrice, Duration settleInterval, Path dataDir) {}

  private final Config config;
  private final Vertx vertx;
  private final RocksKeyValueStore store;
  private final ProviderBroker broker;
  private final Settler settler;
  private final ScheduledExecutorService timer;
  private final Address provider;
  private final String url;
  private final String model;

  private ComputeProvider(Config config, Vertx vertx, RocksKeyValueStore store,
      ProviderBroker broker, Settler settler, ScheduledExecutorService timer, String url,
      String model) {
    this.config = config;
    this.vertx = vertx;
    this.store = store;
    this.broker = broker;
    this.settler = settler;
    this.timer = timer;
    this.provider = Address.fromPublicKey(Secp256k1.publicKey(config.providerKey()));
    this.url = url;
    this.model = model;
  }

  /**
   * Starts the broker, registers the service at the broker's URL (staking on first
   * registration), and, when {@code ownerKey} is present, has the contract owner acknowledge
   * the signer (a devnet convenience: on a public chain the owner does that).
   */
  static ComputeProvider start(Config config, Optional<BigInteger> ownerKey) {
    String model = config.model() != null ? config.model() : backendModel(config.backend());
    Address provider = Address.fromPublicKey(Secp256k1.publicKey(config.providerKey()));
    JsonRpcServingChain chain =
        new JsonRpcServingChain(config.rpc(), config.servingContract(), config.providerKey());
    Vertx vertx = Vertx.vertx();
    RocksKeyValueStore store = null;
    ProviderBroker broker = null;
    try {
      store = RocksKeyValueStore.open(config.dataDir().resolve("fees"), FeeLedger.COLUMN);
      FeeLedger fees = new FeeLedger(store, Durability.WAL);
      BrokerConfig brokerConfig = BrokerConfig.defaults(config.host(), config.port(), provider,
          config.signerKey(), config.backend());
      broker = new ProviderBroker(vertx, brokerConfig, chain, fees, Clock.systemUTC());
      int port = broker.start();
      String url = "http://" + config.publicHost() + ":" + port;
      ServiceParams params = new ServiceParams("chatbot", url, model, "TeeML",
          config.inputPrice(), config.outputPrice(), "{}", brokerConfig.signerAddress());
      Optional<ServingService> existing = chain.service(provider);
      if (existing.isEmpty() || !sameService(existing.get(), params)) {
        chain.registerService(params, existing.isEmpty() ? STAKE : BigInteger.ZERO);
      }
      if (ownerKey.isPresent()
          && !chain.service(provider).orElseThrow().teeSignerAcknowledged()) {
        new JsonRpcServingChain(config.rpc(), config.servingContract(), ownerKey.get())
            .acknowledgeSignerAsOwner(provider);
      }
      Settler settler = new Settler(chain, fees, provider, config.signerKey(), Clock.systemUTC());
      ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "compute-settler");
        t.setDaemon(true);
        return t;
      });
      ComputeProvider running = new ComputeProvider(config, vertx, store, broker, settler,
          timer, url, model);
      long every = config.settleInterval().toMillis();
      timer.scheduleWithFixedDelay(running::settleQuietly, every, every, TimeUnit.MILLISECONDS);
      return running;
    } catch (RuntimeException e) {
      if (broker != null) {
        broker.close();
      }
      if (store != null) {
        store.close();
      }
      vertx.close();
      throw e;
    }
  }

  private static boolean sameService(ServingService s, ServiceParams p) {
    return s.url().equals(p.url()) && s.model().equals(p.model())
        && s.inputPrice().equals(p.inputPrice()) && s.outputPrice().equals(p.outputPrice())
        && s.teeSignerAddress().equals(p.teeSignerAddress())
        && s.serviceType().equals(p.serviceType());
  }

  /** The first model the backend lists under {@code GET <backend>/models}. */
  static String backendModel(URI backend) {
    String base = backend.toString().replaceAll("/+$", "");
    try {
      HttpResponse<String> reply = HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10)).build()
          .send(HttpRequest.newBuilder(URI.create(base + "/models"))
              .timeout(Duration.ofSeconds(30)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode data = JSON.readTree(reply.body()).path("data");
      if (reply.statusCode() / 100 != 2 || !data.isArray() || data.isEmpty()
          || !data.get(0).path("id").isTextual()) {
        throw new UserError("compute backend " + base + "/models listed no model (HTTP "
            + reply.statusCode() + "); name one with the model option");
      }
      return data.get(0).get("id").asText();
    } catch (java.io.IOException e) {
      throw new UserError("compute backend " + base + " is not reachable: "
          + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted", e);
    }
  }

  /** One settlement round now; what the timer runs. */
  java.util.List<Settler.Outcome> settleOnce() {
    return settler.settleOnce();
  }

  private void settleQuietly() {
    try {
      var outcomes = settler.settleOnce();
      if (!outcomes.isEmpty()) {
        LOG.info("settled {}", outcomes);
      }
    } catch (RuntimeException e) {
      // The next round retries; the fee ledger keeps every unsettled request.
      LOG.warn("settlement round failed: {}", e.toString());
    }
  }

  Address provider() {
    return provider;
  }

  String url() {
    return url;
  }

  String model() {
    return model;
  }

  Config config() {
    return config;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    broker.close();
    store.close();
    vertx.close();
  }
}
