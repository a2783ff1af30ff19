package dev.zg.cli;

import dev.zg.common.Address;
import dev.zg.common.Secp256k1;
import dev.zg.compute.chain.FineTuningChain;
import dev.zg.compute.chain.JsonRpcFineTuningChain;
import dev.zg.compute.finetune.FineTuningConfig;
import dev.zg.compute.finetune.FineTuningProvider;
import dev.zg.compute.finetune.ModelStorage;
import dev.zg.compute.finetune.TaskRunner;
import dev.zg.compute.finetune.TaskStore;
import dev.zg.compute.finetune.Trainer;
import dev.zg.state.kv.Durability;
import dev.zg.state.kv.RocksKeyValueStore;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * A running fine-tuning provider, wired: its task store (RocksDB in {@code dataDir/tasks}),
 * the FineTuningServing client, 0G Storage, the trainer and the HTTP service; registered on
 * chain with its URL (a 100 0G stake the first time) when it is not, or when the URL, price or
 * model changed. Used by {@code zg compute finetune serve} and {@code zg devnet}.
 */
final class FinetuneServer implements AutoCloseable {
  static final BigInteger STAKE = BigInteger.TEN.pow(20);

  private final Vertx vertx;
  private final RocksKeyValueStore store;
  private final FineTuningProvider provider;
  private final String url;

  private FinetuneServer(Vertx vertx, RocksKeyValueStore store, FineTuningProvider provider,
      String url) {
    this.vertx = vertx;
    this.store = store;
    this.provider = provider;
    this.url = url;
  }

  /**
   * Starts the service on {@code host:port} and makes sure the chain lists it at
   * {@code publicUrl} (null: {@code http://host:boundPort}).
   */
  static FinetuneServer start(String chainRpc, Address fineTuningServing, ModelStorage storage,
      Secp256k1.KeyPair providerKey, BigInteger signerKey, Trainer trainer, Path dataDir,
      String host, int port, String publicUrl, BigInteger pricePerToken) {
    Folders.create(dataDir);
    JsonRpcFineTuningChain chain = new JsonRpcFineTuningChain(URI.create(chainRpc),
        fineTuningServing, providerKey.privateKey());
    RocksKeyValueStore kv = RocksKeyValueStore.open(dataDir.resolve("tasks"), TaskStore.COLUMN);
    Vertx vertx = Vertx.vertx();
    try {
      FineTuningConfig config = FineTuningConfig.defaults(host, port, providerKey.address(),
          signerKey, dataDir);
      TaskStore tasks = new TaskStore(kv, Durability.WAL);
      TaskRunner runner = new TaskRunner(config, tasks, chain, storage, trainer,
          Clock.systemUTC());
      FineTuningProvider provider = new FineTuningProvider(vertx, config, tasks, runner, chain,
          trainer, Clock.systemUTC());
      int bound = provider.start();
      String h = host.equals("0.0.0.0") ? "127.0.0.1" : host;
      String url = publicUrl != null ? publicUrl : "http://" + h + ":" + bound;
      FinetuneServer server = new FinetuneServer(vertx, kv, provider, url);
      server.register(chain, config.signerAddress(), trainer, pricePerToken);
      return server;
    } catch (RuntimeException e) {
      vertx.close();
      kv.close();
      throw e;
    }
  }

  private void register(JsonRpcFineTuningChain chain, Address signer, Trainer trainer,
      BigInteger pricePerToken) {
    var existing = chain.service(chain.from());
    boolean current = existing.isPresent() && existing.get().url().equals(url)
        && existing.get().teeSignerAddress().equals(signer)
        && existing.get().pricePerToken().equals(pricePerToken)
        && existing.get().models().equals(List.of(trainer.modelName()));
    if (!current) {
      chain.registerService(url, new FineTuningChain.Quota(Runtime.getRuntime()
          .availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, 0, 0, "none"),
          pricePerToken, false, List.of(trainer.modelName()), signer,
          existing.isPresent() ? BigInteger.ZERO : STAKE);
    }
  }

  String url() {
    return url;
  }

  int port() {
    return provider.port();
  }

  @Override
  public void close() {
    provider.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
    store.close();
  }
}
