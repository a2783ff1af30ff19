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
import dev.zg.contracts.ContractArtifact;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fine-tuning provider against the real FineTuningServing and LedgerManager (an in-process
 * chain node on the devnet genesis) and a real 0G storage node: the user stores a dataset,
 * creates a task over HTTP with the SDK's signature, the provider trains (an external command
 * trainer here), encrypts, uploads and calls addDeliverable; the user downloads the model,
 * acknowledges it on chain, the provider settles, and the user opens the model with the key
 * sealed on chain. The fee moves from the sub-account to the provider; tasks survive a restart.
 */
class FineTuningEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BigInteger ONE_0G = BigInteger.TEN.pow(18);
  private static final BigInteger PRICE_PER_TOKEN = BigInteger.valueOf(1_000_000_000L);

  @TempDir Path dir;

  @Test
  void taskRunsFromDatasetToSettlement() throws Exception {
    DevnetContracts.Deployed deployed = DevnetContracts.deploy(DevnetGenesis.create());
    Address ledgerManager = deployed.contracts().get("ledgerManager");
    Address ft = deployed.contracts().get("fineTuningServing");
    List<Secp256k1.KeyPair> keys = DevnetGenesis.accounts();
    Address owner = DevnetContracts.DEPLOYER;
    Secp256k1.KeyPair providerKeys = keys.get(1);
    Address provider = providerKeys.address();
    BigInteger signerKey = new BigInteger(1, Hex.decode(
        "8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba"));
    Address signer = Address.fromPublicKey(Secp256k1.publicKey(signerKey));
    Secp256k1.KeyPair userKeys = keys.get(3);
    Address user = userKeys.address();
    ContractArtifact ledgerAbi = Artifacts.get("LedgerManager");
    ContractArtifact ftAbi = Artifacts.get("FineTuningServing");
    Trainer trainer = new CommandTrainer("zg-test-trainer", List.of("sh", "-c",
        "echo progress: 50; { printf 'tuned:'; cat \"$1\"; } > \"$3\"", "trainer"),
        Duration.ofMinutes(1));

    NodeConfig nodeConfig = new NodeConfig(deployed.genesis(), null, "127.0.0.1", 0,
        Duration.ZERO, owner, keys, List.of(), NodeConfig.RPC_GAS_CAP_DEFAULT);
    Vertx vertx = Vertx.vertx();
    try (ChainNode node = ChainNode.start(nodeConfig);
        StorageNode storageNode = StorageNode.start(new StorageNodeConfig(node.rpcUrl(),
            deployed.contracts().get("flow"), dir.resolve("zgs"), "127.0.0.1", 0,
            ShardConfig.ALL, List.of(), 0, StorageNodeConfig.MAX_DATA_BYTES_DEFAULT, 0,
            Duration.ofMillis(100)))) {
      Rpc rpc = new Rpc(URI.create(node.rpcUrl()));
      JsonRpcFineTuningChain chain = new JsonRpcFineTuningChain(URI.create(node.rpcUrl()), ft,
          providerKeys.privateKey());

      // The provider registers (100 0G stake); the owner acknowledges its signer.
      assertThat(chain.service(provider)).isEmpty();
      chain.registerService("http://127.0.0.1/ft", new FineTuningChain.Quota(2, 4096, 0, 1024,
          "none"), PRICE_PER_TOKEN, false, List.of(trainer.modelName()), signer,
          ONE_0G.multiply(BigInteger.valueOf(100)));
      rpc.send(owner, ft, ftAbi.function("acknowledgeTEESignerByOwner").encodeCall(provider),
          BigInteger.ZERO);
      FineTuningChain.Service service = chain.service(provider).orElseThrow();
      assertThat(service.teeSignerAddress()).isEqualTo(signer);
      assertThat(service.teeSignerAcknowledged()).isTrue();
      assertThat(service.models()).containsExactly(trainer.modelName());
      assertThat(service.quota().gpuType()).isEqualTo("none");
      assertThat(service.pricePerToken()).isEqualTo(PRICE_PER_TOKEN);

      // The user's dataset in 0G Storage, paid by the user.
      byte[] dataset = "{\"text\":\"zg trains on this line\"}\n".repeat(40)
          .getBytes(StandardCharsets.UTF_8);
      Path datasetFile = Files.write(dir.resolve("dataset.jsonl"), dataset);
      List<StorageNodes.Node> nodes = StorageNodes.of(List.of(storageNode.rpcUrl()));
      String root = new StorageClient().upload(datasetFile, new FlowSubmitter(node.rpcUrl(),
          deployed.contracts().get("flow"), userKeys), nodes, 1, b -> {}).root().toHex();

      FineTuningConfig config = FineTuningConfig.defaults("127.0.0.1", 0, provider, signerKey,
          dir.resolve("ft")).withPollInterval(Duration.ofMillis(200));
      ZgModelStorage storage = new ZgModelStorage(node.rpcUrl(), deployed.contracts().get("flow"),
          providerKeys, null, List.of(storageNode.rpcUrl()));
      String taskId;
      BigInteger fee;
      try (RocksKeyValueStore kv = RocksKeyValueStore.open(dir.resolve("tasks"),
          TaskStore.COLUMN)) {
        TaskStore tasks = new TaskStore(kv, Durability.WAL);
        TaskRunner runner = new TaskRunner(config, tasks, chain, storage, trainer,
            Clock.systemUTC());
        try (FineTuningProvider ftProvider = new FineTuningProvider(vertx, config, tasks, runner,
            chain, trainer, Clock.systemUTC())) {
          Http http = new Http("http://127.0.0.1:" + ftProvider.start());
          String base = "/v1/user/" + user.toChecksumHex();
          assertThat(http.get("/v1/task/pending").body()).isEqualTo("0");
          assertThat(JSON.readTree(http.get("/v1/model").body()).get(0).get("hash").asText())
              .isEqualTo(trainer.modelHash());
          assertThat(JSON.readTree(http.get("/v1/quote").body()).get("report_data").asText())
              .isNotEmpty();

          // No sub-account yet: refused.
          ObjectNode task = taskJson(user, userKeys.privateKey(), root, trainer.modelHash());
          HttpResponse<String> refused = http.post(base + "/task", task.toString());
          assertThat(refused.statusCode()).isEqualTo(403);
          assertThat(JSON.readTree(refused.body()).get("error").asText())
              .contains("sub-account");

          rpc.send(user, ledgerManager, ledgerAbi.function("addLedger").encodeCall(""),
              ONE_0G.multiply(BigInteger.valueOf(5)));
          rpc.send(user, ledgerManager, ledgerAbi.function("transferFund").encodeCall(provider,
              DevnetContracts.FINE_TUNING_SERVICE_NAME, ONE_0G.multiply(BigInteger.TWO)),
              BigInteger.ZERO);
          BigInteger before = chain.account(user, provider).orElseThrow().balance();

          // A forged signature, then the real one, then the same request replayed.
          ObjectNode forged = task.deepCopy();
          forged.put("datasetHash", "0x" + "11".repeat(32));
          assertThat(http.post(base + "/task", forged.toString()).statusCode()).isEqualTo(401);
          HttpResponse<String> created = http.post(base + "/task", task.toString());
          assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
          taskId = JSON.readTree(created.body()).get("id").asText();
          assertThat(http.post(base + "/task", task.toString()).statusCode()).isEqualTo(409);

          JsonNode delivered = http.pollTask(base + "/task/" + taskId, "Delivered");
          fee = new BigInteger(delivered.get("fee").asText());
          assertThat(fee).isEqualTo(BigInteger.valueOf((dataset.length + 3) / 4)
              .multiply(PRICE_PER_TOKEN));
          FineTuningChain.Deliverable d = chain.deliverable(user, provider, taskId).orElseThrow();
          assertThat(d.acknowledged()).isFalse();

          // The user downloads the model (signed, timestamped) and acknowledges it.
          long now = System.currentTimeMillis() / 1000;
          ObjectNode download = JSON.createObjectNode().put("timestamp", now).put("signature",
              FineTuningSignatures.sign(FineTuningSignatures.loraDigest(taskId, now),
                  userKeys.privateKey()));
          HttpResponse<byte[]> lora = http.postBytes(base + "/task/" + taskId + "/lora",
              download.toString());
          assertThat(lora.statusCode()).isEqualTo(200);
          ObjectNode stale = download.deepCopy().put("timestamp", now - 3600);
          assertThat(http.postBytes(base + "/task/" + taskId + "/lora", stale.toString())
              .statusCode()).isEqualTo(401);
          Path encrypted = Files.write(dir.resolve("lora.bin"), lora.body());
          // The storage root on chain is the downloaded file's.
          assertThat(Hex.prefixed(d.modelRootHash())).isEqualTo(
              dev.zg.storage.merkle.FileHasher.usingAllCores().root(encrypted).toHex());
          rpc.send(user, ft, ftAbi.function("acknowledgeDeliverable").encodeCall(provider,
              taskId), BigInteger.ZERO);

          JsonNode finished = http.pollTask(base + "/task/" + taskId, "Finished");
          assertThat(finished.get("id").asText()).isEqualTo(taskId);
          d = chain.deliverable(user, provider, taskId).orElseThrow();
          assertThat(d.settled()).isTrue();
          byte[] key = Ecies.decrypt(userKeys.privateKey(), d.encryptedSecret());
          Path model = dir.resolve("model.out");
          new DeliverableCipher().decrypt(encrypted, model, key, signer);
          assertThat(Files.readString(model)).isEqualTo("tuned:" + new String(dataset,
              StandardCharsets.UTF_8));
          FineTuningChain.Account after = chain.account(user, provider).orElseThrow();
          assertThat(after.balance()).isEqualTo(before.subtract(fee));
          assertThat(http.get(base + "/task/" + taskId + "/log").body())
              .contains("Training", "training 50%", "Delivered", "Finished");
          assertThat(http.get(base + "/task?latest=true").body()).contains(taskId);
        }
      }

      // The task survives a restart of the provider.
      try (RocksKeyValueStore kv = RocksKeyValueStore.open(dir.resolve("tasks"),
          TaskStore.COLUMN)) {
        TaskStore tasks = new TaskStore(kv, Durability.WAL);
        FineTuningTask task = tasks.get(taskId).orElseThrow();
        assertThat(task.state()).isEqualTo(TaskState.Finished);
        assertThat(task.settledFee()).isEqualTo(fee.toString());
        assertThat(tasks.lastNonce(user)).isEqualTo(new BigInteger(task.nonce()));
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  private static ObjectNode taskJson(Address user, BigInteger userKey, String datasetHash,
      String modelHash) {
    BigInteger nonce = BigInteger.valueOf(System.currentTimeMillis() * 10_000 + 40);
    ObjectNode task = JSON.createObjectNode();
    task.put("userAddress", user.toChecksumHex());
    task.put("datasetHash", datasetHash);
    task.put("trainingParams", "{\"num_train_epochs\": 1}\n");
    task.put("preTrainedModelHash", modelHash);
    task.put("fee", "0");
    task.put("nonce", nonce.toString());
    task.put("signature", FineTuningSignatures.sign(FineTuningSignatures.taskDigest(user, nonce,
        datasetHash), userKey));
    task.put("wait", false);
    return task;
  }

  private static final class Http {
    private final String base;
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

    HttpResponse<byte[]> postBytes(String path, String json) throws Exception {
      return client.send(HttpRequest.newBuilder(URI.create(base + path))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Polls the task until it reaches {@code state} (bounded; fails on Failed). */
    JsonNode pollTask(String path, String state) throws Exception {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (true) {
        JsonNode task = JSON.readTree(get(path).body());
        String progress = task.path("progress").asText();
        if (progress.equals(state)) {
          return task;
        }
        assertThat(progress).as("task %s (log: %s)", task, get(path + "/log").body())
            .isNotEqualTo("Failed");
        assertThat(System.nanoTime()).as("task reaches %s within 60 s: %s", state, task)
            .isLessThan(deadline);
        Thread.sleep(100);
      }
    }
  }

  /** A bare JSON-RPC client for the user's and owner's transactions (unlocked dev accounts). */
  private static final class Rpc {
    private final URI uri;
    private final HttpClient http = HttpClient.newHttpClient();

    Rpc(URI uri) {
      this.uri = uri;
    }

    JsonNode call(String method, Object... params) throws Exception {
      ObjectNode request = JSON.createObjectNode();
      request.put("jsonrpc", "2.0").put("id", 1).put("method", method);
      ArrayNode array = request.putArray("params");
      for (Object p : params) {
        array.add(JSON.valueToTree(p));
      }
      HttpResponse<String> reply = http.send(HttpRequest.newBuilder(uri)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode json = JSON.readTree(reply.body());
      assertThat(json.get("error")).as("%s: %s", method, reply.body()).isNull();
      return json.get("result");
    }

    void send(Address from, Address to, byte[] data, BigInteger value) throws Exception {
      ObjectNode tx = JSON.createObjectNode();
      tx.put("from", from.toHex()).put("to", to.toHex()).put("data", Hex.prefixed(data))
          .put("value", "0x" + value.toString(16));
      String hash = call("eth_sendTransaction", tx).asText();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (true) {
        JsonNode receipt = call("eth_getTransactionReceipt", hash);
        if (receipt != null && !receipt.isNull()) {
          assertThat(receipt.get("status").asText()).as("receipt of %s", hash).isEqualTo("0x1");
          return;
        }
        assertThat(System.nanoTime()).as("receipt of %s within 30 s", hash).isLessThan(deadline);
        Thread.sleep(20);
      }
    }
  }
}
