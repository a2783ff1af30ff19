package dev.zg.compute.finetune;

import static dev.zg.compute.finetune.FineTuningWorld.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.compute.chain.FineTuningChain;
import dev.zg.contracts.Artifacts;
import dev.zg.state.kv.Durability;
import dev.zg.state.kv.RocksKeyValueStore;
import dev.zg.storage.merkle.FileHasher;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fine-tuning provider against the real FineTuningServing and LedgerManager (an in-process
 * chain node on the devnet genesis) and a real 0G storage node: the user stores a dataset,
 * creates a task over HTTP with the SDK's signature, the provider trains (an external command
 * trainer here), encrypts, uploads and calls addDeliverable; the user downloads the model,
 * acknowledges it on chain, the provider settles, and the user opens the model with the key
 * sealed on chain. The fee moves from the sub-account; the task survives a restart.
 */
class FineTuningEndToEndTest {
  @TempDir Path dir;

  @Test
  void taskRunsFromDatasetToSettlement() throws Exception {
    Trainer trainer = FineTuningWorld.shellTrainer("zg-test-trainer",
        "echo progress: 50; { printf 'tuned:'; cat \"$1\"; } > \"$3\"");
    try (FineTuningWorld world = new FineTuningWorld(dir, trainer.modelName())) {
      FineTuningChain.Service service = world.chain.service(world.provider).orElseThrow();
      assertThat(service.teeSignerAddress()).isEqualTo(world.signer);
      assertThat(service.teeSignerAcknowledged()).isTrue();
      assertThat(service.models()).containsExactly(trainer.modelName());
      assertThat(service.quota().gpuType()).isEqualTo("none");
      assertThat(service.pricePerToken()).isEqualTo(FineTuningWorld.PRICE_PER_TOKEN);

      Secp256k1.KeyPair user = world.keys.get(3);
      byte[] dataset = "{\"text\":\"zg trains on this line\"}\n".repeat(40)
          .getBytes(StandardCharsets.UTF_8);
      String root = world.store(user, FineTuningWorld.write(dir, "dataset.jsonl", dataset));
      String taskId;
      BigInteger fee;
      try (FineTuningWorld.Running p = world.start(world.config(), trainer)) {
        FineTuningWorld.Http http = p.http();
        String base = "/v1/user/" + user.address().toChecksumHex();
        assertThat(http.get("/v1/task/pending").body()).isEqualTo("0");
        assertThat(JSON.readTree(http.get("/v1/model").body()).get(0).get("hash").asText())
            .isEqualTo(trainer.modelHash());
        assertThat(JSON.readTree(http.get("/v1/model/" + trainer.modelName()).body())
            .get("name").asText()).isEqualTo(trainer.modelName());
        assertThat(http.get("/v1/model/other").statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(http.get("/v1/quote").body()).get("report_data").asText())
            .isNotEmpty();

        // No sub-account yet: refused.
        ObjectNode task = FineTuningWorld.taskJson(user, root, trainer.modelHash());
        HttpResponse<String> refused = http.post(base + "/task", task.toString());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).get("error").asText()).contains("sub-account");

        world.fund(user, 2);
        BigInteger before = world.chain.account(user.address(), world.provider).orElseThrow()
            .balance();

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
            .multiply(FineTuningWorld.PRICE_PER_TOKEN));
        FineTuningChain.Deliverable d = world.chain.deliverable(user.address(), world.provider,
            taskId).orElseThrow();
        assertThat(d.acknowledged()).isFalse();

        // The user downloads the model (signed, timestamped) and acknowledges it.
        long now = System.currentTimeMillis() / 1000;
        ObjectNode download = JSON.createObjectNode().put("timestamp", now).put("signature",
            FineTuningSignatures.sign(FineTuningSignatures.loraDigest(taskId, now),
                user.privateKey()));
        FineTuningClient client = new FineTuningClient(world.chain, user);
        Path encrypted = dir.resolve("lora.bin");
        ObjectNode stale = download.deepCopy().put("timestamp", now - 3600);
        assertThat(http.post(base + "/task/" + taskId + "/lora", stale.toString()).statusCode())
            .isEqualTo(401);
        HttpResponse<String> lora = http.post(base + "/task/" + taskId + "/lora",
            download.toString());
        assertThat(lora.statusCode()).isEqualTo(200);
        Files.write(encrypted, http.getBytes(base + "/task/" + taskId + "/lora",
            download.toString()));
        // The storage root on chain is the downloaded file's.
        assertThat(Hex.prefixed(d.modelRootHash()))
            .isEqualTo(FileHasher.usingAllCores().root(encrypted).toHex());
        world.send(user.address(), world.ft, Artifacts.get("FineTuningServing")
            .function("acknowledgeDeliverable").encodeCall(world.provider, taskId),
            BigInteger.ZERO);

        JsonNode finished = http.pollTask(base + "/task/" + taskId, "Finished");
        assertThat(finished.get("id").asText()).isEqualTo(taskId);
        d = world.chain.deliverable(user.address(), world.provider, taskId).orElseThrow();
        assertThat(d.settled()).isTrue();
        assertThat(d.encryptedSecret()).hasSize(129);
        Path model = dir.resolve("model.out");
        client.decrypt(world.provider, taskId, encrypted, model);
        assertThat(Files.readString(model)).isEqualTo("tuned:"
            + new String(dataset, StandardCharsets.UTF_8));
        assertThat(world.chain.account(user.address(), world.provider).orElseThrow().balance())
            .isEqualTo(before.subtract(fee));
        assertThat(http.get(base + "/task/" + taskId + "/log").body())
            .contains("Training", "training 50%", "Delivered", "UserAcknowledged", "Finished");
        assertThat(http.get(base + "/task?latest=true").body()).contains(taskId);
      }

      // The task survives a restart of the provider.
      try (RocksKeyValueStore kv = RocksKeyValueStore.open(dir.resolve("tasks"),
          TaskStore.COLUMN)) {
        TaskStore tasks = new TaskStore(kv, Durability.WAL);
        FineTuningTask task = tasks.get(taskId).orElseThrow();
        assertThat(task.state()).isEqualTo(TaskState.Finished);
        assertThat(task.settledFee()).isEqualTo(fee.toString());
        assertThat(tasks.lastNonce(user.address())).isEqualTo(new BigInteger(task.nonce()));
      }
    }
  }
}
