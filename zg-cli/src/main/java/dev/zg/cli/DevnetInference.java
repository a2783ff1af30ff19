package dev.zg.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.common.Address;
import dev.zg.common.Secp256k1;
import dev.zg.compute.billing.FeeLedger;
import dev.zg.compute.broker.BrokerConfig;
import dev.zg.compute.broker.ProviderBroker;
import dev.zg.compute.chain.JsonRpcServingChain;
import dev.zg.compute.chain.ServiceParams;
import dev.zg.compute.chain.ServingService;
import dev.zg.compute.model.LocalModelConfig;
import dev.zg.compute.model.LocalModelServer;
import dev.zg.compute.settle.Settler;
import dev.zg.node.ChainNode;
import dev.zg.state.kv.Durability;
import dev.zg.state.kv.RocksKeyValueStore;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devnet's inference provider: the built-in model (or {@code --compute-backend}) behind
 * zg's provider broker, registered on InferenceServing by devnet account
 * {@link #PROVIDER_ACCOUNT} (100 0G stake) with account {@link #SIGNER_ACCOUNT} as its signer,
 * which the contract owner (account 0) acknowledges, so the SDK can use it at once. Fees are
 * settled on chain every {@code --compute-settle-seconds} (default 30) and when the devnet
 * stops.
 */
final class DevnetInference implements AutoCloseable {
  static final int PROVIDER_ACCOUNT = 14;
  static final int SIGNER_ACCOUNT = 15;
  static final int PORT_DEFAULT = 3000;
  static final long SETTLE_SECONDS_DEFAULT = 30;
  /** Per token, in neuron: 1 gwei in, 2 gwei out. */
  static final BigInteger INPUT_PRICE = BigInteger.valueOf(1_000_000_000L);
  static final BigInteger OUTPUT_PRICE = BigInteger.valueOf(2_000_000_000L);
  static final BigInteger STAKE = BigInteger.TEN.pow(20);
  private static final Logger LOG = LoggerFactory.getLogger(DevnetInference.class);

  private final Vertx vertx;
  private final LocalModelServer model;
  private final RocksKeyValueStore store;
  private final ProviderBroker broker;
  private final Settler settler;
  private final ScheduledExecutorService settling;
  private final Address provider;
  private final Address signer;
  private final String url;
  private final String modelName;
  private final long settleSeconds;

  private DevnetInference(Vertx vertx, LocalModelServer model, RocksKeyValueStore store,
      ProviderBroker broker, Settler settler, ScheduledExecutorService settling,
      Address provider, Address signer, String url, String modelName, long settleSeconds) {
    this.vertx = vertx;
    this.model = model;
    this.store = store;
    this.broker = broker;
    this.settler = settler;
    this.settling = settling;
    this.provider = provider;
    this.signer = signer;
    this.url = url;
    this.modelName = modelName;
    this.settleSeconds = settleSeconds;
  }

  static DevnetInference start(ChainNode node, Map<String, Address> contracts,
      List<Secp256k1.KeyPair> accounts, String host, int port, Path dataDir, URI backend,
      String backendModel, long settleSeconds) {
    Secp256k1.KeyPair providerKey = accounts.get(PROVIDER_ACCOUNT);
    Secp256k1.KeyPair signerKey = accounts.get(SIGNER_ACCOUNT);
    Address serving = contracts.get("inferenceServing");
    Vertx vertx = Vertx.vertx();
    LocalModelServer model = null;
    RocksKeyValueStore store = null;
    ProviderBroker broker = null;
    try {
      URI backendUrl = backend;
      String modelName;
      if (backendUrl == null) {
        model = LocalModelServer.start(vertx, LocalModelConfig.builtIn(dataDir.resolve("models")));
        backendUrl = model.baseUrl();
        modelName = model.models().getFirst();
      } else {
        modelName = backendModel;
      }
      store = RocksKeyValueStore.open(dataDir.resolve("fees"), FeeLedger.COLUMN);
      FeeLedger ledger = new FeeLedger(store, Durability.WAL);
      JsonRpcServingChain chain = new JsonRpcServingChain(URI.create(node.rpcUrl()), serving,
          providerKey.privateKey());
      BrokerConfig config = BrokerConfig.defaults(host, port, providerKey.address(),
          signerKey.privateKey(), backendUrl);
      broker = new ProviderBroker(vertx, config, chain, ledger, Clock.systemUTC());
      int bound = broker.start();
      String h = host.equals("0.0.0.0") ? "127.0.0.1" : host;
      String url = "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + bound;
      ServingService current = chain.service(providerKey.address()).orElse(null);
      if (current == null || !current.url().equals(url) || !current.model().equals(modelName)
          || !current.teeSignerAddress().equals(signerKey.address())) {
        chain.registerService(new ServiceParams("chatbot", url, modelName, "TeeML",
            INPUT_PRICE, OUTPUT_PRICE, "{}", signerKey.address()),
            current == null ? STAKE : BigInteger.ZERO);
      }
      if (!chain.service(providerKey.address()).orElseThrow().teeSignerAcknowledged()) {
        new JsonRpcServingChain(URI.create(node.rpcUrl()), serving, accounts.get(0).privateKey())
            .acknowledgeSignerAsOwner(providerKey.address());
      }
      Settler settler = new Settler(chain, ledger, providerKey.address(),
          signerKey.privateKey(), Clock.systemUTC());
      ScheduledExecutorService settling = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "zg-compute-settler");
        t.setDaemon(true);
        return t;
      });
      settling.scheduleWithFixedDelay(() -> settle(settler), settleSeconds, settleSeconds,
          TimeUnit.SECONDS);
      return new DevnetInference(vertx, model, store, broker, settler, settling,
          providerKey.address(), signerKey.address(), url, modelName, settleSeconds);
    } catch (IOException | RuntimeException e) {
      if (broker != null) {
        broker.close();
      }
      if (store != null) {
        store.close();
      }
      if (model != null) {
        model.close();
      }
      vertx.close();
      if (NodeRunner.isBindFailure(e)) {
        throw new UserError("port " + port + " on " + host + " is in use; choose another with"
            + " --compute-port", e);
      }
      throw new UserError("inference provider: " + e.getMessage(), e);
    }
  }

  private static void settle(Settler settler) {
    try {
      List<Settler.Outcome> outcomes = settler.settleOnce();
      if (!outcomes.isEmpty()) {
        LOG.info("inference provider: settled {} account(s)", outcomes.size());
      }
    } catch (RuntimeException e) {
      LOG.warn("inference provider: settlement failed, retried later: {}", e.getMessage());
    }
  }

  String describe() {
    return url + " (provider " + provider.toChecksumHex() + ", model " + modelName + ")";
  }

  void describe(ObjectNode out) {
    out.put("address", provider.toChecksumHex());
    out.put("url", url);
    out.put("signer", signer.toChecksumHex());
    out.put("model", modelName);
    out.put("inputPrice", INPUT_PRICE.toString());
    out.put("outputPrice", OUTPUT_PRICE.toString());
    out.put("settleSeconds", settleSeconds);
  }

  @Override
  public void close() {
    settling.shutdownNow();
    settle(settler); // what is metered is settled before the chain stops
    broker.close();
    store.close();
    if (model != null) {
      model.close();
    }
    vertx.close();
  }
}
