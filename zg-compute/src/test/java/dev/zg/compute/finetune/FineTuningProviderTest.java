package dev.zg.compute.finetune;

import static dev.zg.compute.finetune.FineTuningWorld.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.common.Secp256k1;
import dev.zg.compute.chain.FineTuningChain;
import dev.zg.storage.merkle.FileHasher;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fine-tuning provider's refusals and its less travelled paths, on the real contracts and
 * a real storage node: the dataset upload route (size limit, signed timestamp), stale nonces,
 * an insufficient balance, cancelling a queued task, a restart in the middle of training, and
 * the penalty settlement of a model the user never acknowledged.
 */
class FineTuningProviderTest {
  @TempDir
  java.nio.file.Path dir;

  @Test
  void datasetUploadNonceAndBalanceChecks() throws Exception {
    Trainer trainer = FineTuningWorld.shellTrainer("t", "cat \"$1\" > \"$3\"");
    try (FineTuningWorld world = new FineTuningWorld(dir, trainer.modelName());
        FineTuningWorld.Running p = world.start(world.config().withDatasetBytesMax(2000),
            trainer)) {
      Secp256k1.KeyPair user = world.keys.get(4);
      world.fund(user, 1);
      String base = "/v1/user/" + user.address().toChecksumHex();
      long now = System.currentTimeMillis() / 1000;
      String good = FineTuningSignatures.sign(FineTuningSignatures.datasetDigest(user.address(),
          now), user.privateKey());
      byte[] data = "{\"text\":\"uploaded here\"}\n".repeat(40).getBytes(StandardCharsets.UTF_8);

      assertThat(p.http().upload(base + "/dataset", new byte[3000], good, "" + now)
          .statusCode()).isEqualTo(413);
      String stale = FineTuningSignatures.sign(FineTuningSignatures.datasetDigest(
          user.address(), now - 600), user.privateKey());
      assertThat(p.http().upload(base + "/dataset", data, stale, "" + (now - 600))
          .statusCode()).isEqualTo(401);
      String other = FineTuningSignatures.sign(FineTuningSignatures.datasetDigest(
          user.address(), now), world.keys.get(5).privateKey());
      HttpResponse<String> forged = p.http().upload(base + "/dataset", data, other, "" + now);
      assertThat(forged.statusCode()).isEqualTo(401);
      assertThat(JSON.readTree(forged.body()).get("error").asText()).contains("signature");
      assertThat(p.http().upload(base + "/dataset", new byte[0], good, "" + now).statusCode())
          .isEqualTo(400);

      HttpResponse<String> uploaded = p.http().upload(base + "/dataset", data, good, "" + now);
      assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);
      String hash = JSON.readTree(uploaded.body()).get("datasetHash").asText();
      assertThat(hash).isEqualTo(FileHasher.usingAllCores().root(data).toHex());

      // A nonce from an hour ago is refused; an unknown root too.
      ObjectNode old = FineTuningWorld.taskJson(user, hash, trainer.modelHash());
      BigInteger oldNonce = BigInteger.valueOf((System.currentTimeMillis() - 3_600_000) * 10_000);
      old.put("nonce", oldNonce.toString()).put("signature", FineTuningSignatures.sign(
          FineTuningSignatures.taskDigest(user.address(), oldNonce, hash), user.privateKey()));
      assertThat(p.http().post(base + "/task", old.toString()).statusCode()).isEqualTo(400);
      String unknown = "0x" + "ab".repeat(32);
      HttpResponse<String> missing = p.http().post(base + "/task",
          FineTuningWorld.taskJson(user, unknown, trainer.modelHash()).toString());
      assertThat(missing.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(missing.body()).get("code").asText())
          .isEqualTo("dataset_not_found");
      assertThat(p.http().post(base + "/task", FineTuningWorld.taskJson(user, hash,
          "0x" + "00".repeat(32)).toString()).statusCode()).isEqualTo(400);

      // The uploaded dataset trains.
      HttpResponse<String> created = p.http().post(base + "/task",
          FineTuningWorld.taskJson(user, hash, trainer.modelHash()).toString());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
      String id = JSON.readTree(created.body()).get("id").asText();
      p.http().pollTask(base + "/task/" + id, "Delivered");

      // At 10 0G per token the next user's 1 0G does not cover the fee: 402, nothing queued.
      world.chain.registerService("http://127.0.0.1/ft", new FineTuningChain.Quota(2, 4096, 0,
          1024, "none"), FineTuningWorld.ONE_0G.multiply(BigInteger.TEN), false,
          List.of(trainer.modelName()), world.signer, BigInteger.ZERO);
      Secp256k1.KeyPair poor = world.keys.get(6);
      world.fund(poor, 1);
      String poorBase = "/v1/user/" + poor.address().toChecksumHex();
      // Another user's upload is not this user's dataset.
      HttpResponse<String> notMine = p.http().post(poorBase + "/task",
          FineTuningWorld.taskJson(poor, hash, trainer.modelHash()).toString());
      assertThat(notMine.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(notMine.body()).get("code").asText())
          .isEqualTo("dataset_not_found");
      long t = System.currentTimeMillis() / 1000;
      HttpResponse<String> up = p.http().upload(poorBase + "/dataset", data,
          FineTuningSignatures.sign(FineTuningSignatures.datasetDigest(poor.address(), t),
              poor.privateKey()), "" + t);
      HttpResponse<String> refused = p.http().post(poorBase + "/task", FineTuningWorld.taskJson(
          poor, JSON.readTree(up.body()).get("datasetHash").asText(), trainer.modelHash())
          .toString());
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(402);
      assertThat(JSON.readTree(p.http().get(poorBase + "/task").body())).isEmpty();
    }
  }

  @Test
  void cancelWhileQueuedAndResumeTrainingAfterRestart() throws Exception {
    Trainer slow = FineTuningWorld.shellTrainer("t", "sleep 30; cat \"$1\" > \"$3\"");
    Trainer fast = FineTuningWorld.shellTrainer("t", "cat \"$1\" > \"$3\"");
    assertThat(slow.modelHash()).isNotEqualTo(fast.modelHash());
    try (FineTuningWorld world = new FineTuningWorld(dir, "t")) {
      Secp256k1.KeyPair a = world.keys.get(4);
      Secp256k1.KeyPair b = world.keys.get(5);
      world.fund(a, 1);
      world.fund(b, 1);
      String root = world.store(a, FineTuningWorld.write(dir, "d.jsonl",
          "{\"text\":\"queued\"}\n".repeat(30).getBytes(StandardCharsets.UTF_8)));
      String baseA = "/v1/user/" + a.address().toChecksumHex();
      String baseB = "/v1/user/" + b.address().toChecksumHex();
      String idA;
      try (FineTuningWorld.Running p = world.start(world.config(), slow)) {
        idA = JSON.readTree(p.http().post(baseA + "/task", FineTuningWorld.taskJson(a, root,
            slow.modelHash()).toString()).body()).get("id").asText();
        p.http().pollTask(baseA + "/task/" + idA, "Training");
        String idB = JSON.readTree(p.http().post(baseB + "/task", FineTuningWorld.taskJson(b,
            root, slow.modelHash()).toString()).body()).get("id").asText();
        assertThat(p.http().get("/v1/task/pending").body()).isEqualTo("1");

        ObjectNode wrong = JSON.createObjectNode().put("signature", FineTuningSignatures.sign(
            FineTuningSignatures.cancelDigest(idB), a.privateKey()));
        assertThat(p.http().post(baseB + "/task/" + idB + "/cancel", wrong.toString())
            .statusCode()).isEqualTo(401);
        ObjectNode right = JSON.createObjectNode().put("signature", FineTuningSignatures.sign(
            FineTuningSignatures.cancelDigest(idB), b.privateKey()));
        assertThat(p.http().post(baseB + "/task/" + idB + "/cancel", right.toString())
            .statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(p.http().get(baseB + "/task/" + idB).body()).get("progress")
            .asText()).isEqualTo("Failed");
        assertThat(p.http().get("/v1/task/pending").body()).isEqualTo("0");
        ObjectNode cancelA = JSON.createObjectNode().put("signature", FineTuningSignatures.sign(
            FineTuningSignatures.cancelDigest(idA), a.privateKey()));
        assertThat(p.http().post(baseA + "/task/" + idA + "/cancel", cancelA.toString())
            .statusCode()).isEqualTo(409);
        // Someone else's task is not found under another user's path.
        assertThat(p.http().get(baseB + "/task/" + idA).statusCode()).isEqualTo(404);
      }
      // Stopped in the middle of training: the task keeps its state and trains again.
      try (FineTuningWorld.Running p = world.start(world.config(), fast)) {
        JsonNode task = JSON.readTree(p.http().get(baseA + "/task/" + idA).body());
        assertThat(task.get("preTrainedModelHash").asText()).isEqualTo(slow.modelHash());
        p.http().pollTask(baseA + "/task/" + idA, "Delivered");
        assertThat(p.http().get(baseA + "/task/" + idA + "/log").body())
            .contains("interrupted by a provider shutdown", "restarted from Training");
      }
    }
  }

  @Test
  void unacknowledgedModelIsSettledWithThePenaltyOnly() throws Exception {
    Trainer trainer = FineTuningWorld.shellTrainer("t", "cat \"$1\" > \"$3\"");
    try (FineTuningWorld world = new FineTuningWorld(dir, trainer.modelName());
        FineTuningWorld.Running p = world.start(world.config()
            .withAcknowledgeTimeout(Duration.ofMillis(300)), trainer)) {
      Secp256k1.KeyPair user = world.keys.get(4);
      world.fund(user, 1);
      String root = world.store(user, FineTuningWorld.write(dir, "d.jsonl",
          "{\"text\":\"never acknowledged\"}\n".repeat(30).getBytes(StandardCharsets.UTF_8)));
      BigInteger before = world.chain.account(user.address(), world.provider).orElseThrow()
          .balance();
      String base = "/v1/user/" + user.address().toChecksumHex();
      String id = JSON.readTree(p.http().post(base + "/task", FineTuningWorld.taskJson(user,
          root, trainer.modelHash()).toString()).body()).get("id").asText();
      JsonNode failed = p.http().pollTask(base + "/task/" + id, "Failed");
      BigInteger fee = new BigInteger(failed.get("fee").asText());
      assertThat(p.http().get(base + "/task/" + id + "/log").body()).contains("Delivered",
          "penalty");
      FineTuningChain.Deliverable d = world.chain.deliverable(user.address(), world.provider, id)
          .orElseThrow();
      assertThat(d.settled()).isTrue();
      assertThat(d.acknowledged()).isFalse();
      assertThat(d.encryptedSecret()).isEmpty();
      BigInteger penalty = fee.multiply(BigInteger.valueOf(30)).divide(BigInteger.valueOf(100));
      assertThat(world.chain.account(user.address(), world.provider).orElseThrow().balance())
          .isEqualTo(before.subtract(penalty));
    }
  }
}
