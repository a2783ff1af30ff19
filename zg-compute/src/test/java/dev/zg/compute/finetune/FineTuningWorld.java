package dev.zg.compute.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.compute.chain.FineTuningChain;
import dev.zg.compute.chain.JsonRpcFineTuningChain;
import dev.zg.contracts.Artifacts;
import dev.zg.contracts.devnet.DevnetContracts;
import dev.zg.node.ChainNode;
import dev.zg.node.NodeConfig;
import dev.zg.state.kv.Durability;
import dev.zg.state.kv.RocksKeyValueStore;
import dev.zg.storage.client.FlowSubmitter;
import dev.zg.storage.client.StorageClient;
import dev.zg.storage.client.StorageNodes;
import dev.zg.storage.log.ShardConfig;
import dev.zg.storage.node.StorageNode;
import dev.zg.storage.node.StorageNodeConfig;
import io.vertx.core.Vertx;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * A chain node on the devnet genesis (the real compute contracts), a real storage node, a
 * registered fine-tuning provider whose signer the owner acknowledged, and helpers for users.
 */
final class FineTuningWorld implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final BigInteger ONE_0G = BigInteger.TEN.pow(18);
  static final BigInteger PRICE_PER_TOKEN = BigInteger.valueOf(1_000_000_000L);
  static final BigInteger SIGNER_KEY = new BigInteger(1, Hex.decode(
      "8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba"));

  final Path dir;
  final DevnetContracts.Deployed deployed;
  final List<Secp256k1.KeyPair> keys = DevnetGenesis.accounts();
  final Secp256k1.KeyPair providerKeys = keys.get(1);
  final Address provider = providerKeys.address();
  final Address signer = Address.fromPublicKey(Secp256k1.publicKey(SIGNER_KEY));
  final ChainNode node;
  final StorageNode storageNode;
  final JsonRpcFineTuningChain chain;
  final Address ft;
  final Vertx vertx = Vertx.vertx();

  FineTuningWorld(Path dir, String modelName) throws Exception {
    this.dir = dir;
    deployed = DevnetContracts.deploy(DevnetGenesis.create());
    ft = deployed.contracts().get("fineTuningServing");
    node = ChainNode.start(new NodeConfig(deployed.genesis(), null, "127.0.0.1", 0,
        Duration.ZERO, DevnetContracts.DEPLOYER, keys, List.of(), NodeConfig.RPC_GAS_CAP_DEFAULT));
    storageNode = StorageNode.start(new StorageNodeConfig(node.rpcUrl(),
        deployed.contracts().get("flow"), dir.resolve("zgs"), "127.0.0.1", 0, ShardConfig.ALL,
        List.of(), 0, StorageNodeConfig.MAX_DATA_BYTES_DEFAULT, 0, Duration.ofMillis(100)));
    chain = new JsonRpcFineTuningChain(URI.create(node.rpcUrl()), ft, providerKeys.privateKey());
    chain.registerService("http://127.0.0.1/ft", new FineTuningChain.Quota(2, 4096, 0, 1024,
        "none"), PRICE_PER_TOKEN, false, List.of(modelName), signer,
        ONE_0G.multiply(BigInteger.valueOf(100)));
    new JsonRpcFineTuningChain(URI.create(node.rpcUrl()), ft, keys.get(0).privateKey())
        .acknowledgeSignerAsOwner(provider);
  }

  /** A ledger of 5 0G and {@code og} 0G in the provider's fine-tuning sub-account. */
  void fund(Secp256k1.KeyPair user, long og) throws Exception {
    var ledger = Artifacts.get("LedgerManager");
    Address ledgerManager = deployed.contracts().get("ledgerManager");
    send(user.address(), ledgerManager, ledger.function("addLedger").encodeCall(""),
        ONE_0G.multiply(BigInteger.valueOf(5)));
    send(user.address(), ledgerManager, ledger.function("transferFund").encodeCall(provider,
        DevnetContracts.FINE_TUNING_SERVICE_NAME, ONE_0G.multiply(BigInteger.valueOf(og))),
        BigInteger.ZERO);
  }

  String store(Secp256k1.KeyPair payer, Path file) throws Exception {
    return new StorageClient().upload(file, new FlowSubmitter(node.rpcUrl(),
        deployed.contracts().get("flow"), payer),
        StorageNodes.of(List.of(storageNode.rpcUrl())), 1, b -> {}).root().toHex();
  }

  ZgModelStorage modelStorage() {
    return new ZgModelStorage(node.rpcUrl(), deployed.contracts().get("flow"), providerKeys,
        null, List.of(storageNode.rpcUrl()));
  }

  FineTuningConfig config() {
    return FineTuningConfig.defaults("127.0.0.1", 0, provider, SIGNER_KEY, dir.resolve("ft"))
        .withPollInterval(Duration.ofMillis(200));
  }

  /** A provider over its own RocksDB in {@code dir/tasks}; close it before opening another. */
  Running start(FineTuningConfig config, Trainer trainer) throws Exception {
    RocksKeyValueStore kv = RocksKeyValueStore.open(dir.resolve("tasks"), TaskStore.COLUMN);
    TaskStore tasks = new TaskStore(kv, Durability.WAL);
    TaskRunner runner = new TaskRunner(config, tasks, chain, modelStorage(), trainer,
        Clock.systemUTC());
    FineTuningProvider p = new FineTuningProvider(vertx, config, tasks, runner, chain, trainer,
        Clock.systemUTC());
    return new Running(kv, tasks, p, new Http("http://127.0.0.1:" + p.start()));
  }

  record Running(RocksKeyValueStore kv, TaskStore tasks, FineTuningProvider provider, Http http)
      implements AutoCloseable {
    @Override
    public void close() {
      provider.close();
      kv.close();
    }
  }

  static ObjectNode taskJson(Secp256k1.KeyPair user, String datasetHash, String modelHash) {
    BigInteger nonce = BigInteger.valueOf(System.currentTimeMillis() * 10_000 + 40);
    ObjectNode task = JSON.createObjectNode();
    task.put("userAddress", user.address().toChecksumHex());
    task.put("datasetHash", datasetHash);
    task.put("trainingParams", "{\"num_train_epochs\": 1}\n");
    task.put("preTrainedModelHash", modelHash);
    task.put("fee", "0");
    task.put("nonce", nonce.toString());
    task.put("signature", FineTuningSignatures.sign(FineTuningSignatures.taskDigest(
        user.address(), nonce, datasetHash), user.privateKey()));
    task.put("wait", false);
    return task;
  }

  static Trainer shellTrainer(String name, String script) {
    return new CommandTrainer(name, List.of("sh", "-c", script, "trainer"),
        Duration.ofMinutes(1));
  }

  void send(Address from, Address to, byte[] data, BigInteger value) throws Exception {
    ObjectNode tx = JSON.createObjectNode();
    tx.put("from", from.toHex()).put("to", to.toHex()).put("data", Hex.prefixed(data))
        .put("value", "0x" + value.toString(16));
    String hash = rpc("eth_sendTransaction", tx).asText();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      JsonNode receipt = rpc("eth_getTransactionReceipt", hash);
      if (receipt != null && !receipt.isNull()) {
        assertThat(receipt.get("status").asText()).as("receipt of %s", hash).isEqualTo("0x1");
        return;
      }
      assertThat(System.nanoTime()).as("receipt of %s within 30 s", hash).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  JsonNode rpc(String method, Object... params) throws Exception {
    ObjectNode request = JSON.createObjectNode();
    request.put("jsonrpc", "2.0").put("id", 1).put("method", method);
    ArrayNode array = request.putArray("params");
    for (Object p : params) {
      array.add(JSON.valueToTree(p));
    }
    HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(node.rpcUrl())).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode json = JSON.readTree(reply.body());
    assertThat(json.get("error")).as("%s: %s", method, reply.body()).isNull();
    return json.get("result");
  }

  @Override
  public void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
    storageNode.close();
    node.close();
  }

  static final class Http {
    final String base;
    private final HttpClient client = HttpClient.newHttpClient();

    Http(String base) {
      this.base = base;
    }

    HttpResponse<String> get(String path) throws Exception {
      return client.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws Exception {
      return client.send(HttpRequest.newBuilder(URI.create(base + path))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
          HttpResponse.BodyHandlers.ofString());
    }

    byte[] getBytes(String path, String json) throws Exception {
      return client.send(HttpRequest.newBuilder(URI.create(base + path))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
          HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    /** A multipart/form-data POST of the dataset upload route's fields. */
    HttpResponse<String> upload(String path, byte[] file, String signature, String timestamp)
        throws Exception {
      String boundary = "zgboundary" + System.nanoTime();
      var body = new java.io.ByteArrayOutputStream();
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; "
          + "filename=\"data.jsonl\"\r\nContent-Type: application/octet-stream\r\n\r\n")
          .getBytes());
      body.writeBytes(file);
      body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; "
          + "name=\"signature\"\r\n\r\n" + signature + "\r\n--" + boundary
          + "\r\nContent-Disposition: form-data; name=\"timestamp\"\r\n\r\n" + timestamp
          + "\r\n--" + boundary + "--\r\n").getBytes());
      return client.send(HttpRequest.newBuilder(URI.create(base + path))
          .header("Content-Type", "multipart/form-data; boundary=" + boundary)
          .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
          HttpResponse.BodyHandlers.ofString());
    }

    /** Polls a task until {@code state} (bounded); {@code Failed} is an error unless asked for. */
    JsonNode pollTask(String path, String state) throws Exception {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (true) {
        JsonNode task = JSON.readTree(get(path).body());
        String progress = task.path("progress").asText();
        if (progress.equals(state)) {
          return task;
        }
        if (!state.equals("Failed")) {
          assertThat(progress).as("task %s (log: %s)", task, get(path + "/log").body())
              .isNotEqualTo("Failed");
        }
        assertThat(System.nanoTime()).as("task reaches %s within 60 s: %s", state, task)
            .isLessThan(deadline);
        Thread.sleep(100);
      }
    }
  }

  static Path write(Path dir, String name, byte[] data) throws Exception {
    return Files.write(dir.resolve(name), data);
  }
}
