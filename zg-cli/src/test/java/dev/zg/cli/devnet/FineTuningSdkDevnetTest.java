package dev.zg.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.common.testing.NpmPackages;
import dev.zg.compute.chain.FineTuningChain;
import dev.zg.compute.chain.JsonRpcFineTuningChain;
import dev.zg.contracts.devnet.DevnetContracts;
import dev.zg.storage.client.FlowSubmitter;
import dev.zg.storage.client.StorageClient;
import dev.zg.storage.client.StorageNodes;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fine-tuning with the official compute SDK, unchanged, against {@code zg devnet} and its
 * fine-tuning provider: a dataset stored in zg's 0G Storage with zg's client, then the SDK's
 * transferFund, createTask on the root, getTask until Delivered, acknowledgeModel (TEE route),
 * getTask until Finished and decryptModel; uploadDatasetToTEE (the multipart route) too. The decrypted model is the trainer's output, and
 * the chain shows the settlement: the deliverable settled with the sealed key, the
 * sub-account lower by exactly the task's fee.
 */
@Timeout(600)
class FineTuningSdkDevnetTest {
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(8);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path folder;

  private final java.io.StringWriter out = new java.io.StringWriter();
  private final java.io.StringWriter err = new java.io.StringWriter();

  private int zg(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return dev.zg.cli.Main.run(args, new java.io.PrintWriter(out, true),
        new java.io.PrintWriter(err, true));
  }

  /**
   * zg's own CLI, end to end, on the devnet's provider: {@code create-task --dataset-path}
   * (uploaded with zg's client), {@code tasks}, {@code task}, {@code download} (which fetches,
   * checks the root, acknowledges, waits for the settlement and decrypts).
   */
  @Test
  void zgCliFineTunesThroughZgDevnet() throws Exception {
    Path trainer = trainerScript();
    try (DevnetProcess devnet = DevnetProcess.start(folder.resolve("devnet"),
        "--finetune-trainer", trainer.toString())) {
      String devnetDir = folder.resolve("devnet").toString();
      JsonNode ft = JSON.readTree(folder.resolve("devnet/devnet.json").toFile())
          .get("fineTuningProvider");
      String provider = ft.get("address").asText();
      // Account 8's ledger and fine-tuning sub-account (the devnet's accounts are unlocked).
      JsonRpc rpc = new JsonRpc(devnet.rpc);
      String user = Secp256k1.KeyPair.fromPrivateKey(new BigInteger(1,
          Hex.decode(devnet.privateKeys.get(8)))).address().toChecksumHex();
      var ledger = dev.zg.contracts.Artifacts.get("LedgerManager");
      String ledgerManager = DevnetContracts.addresses().get("ledgerManager").toHex();
      rpc.transact(user, ledgerManager, ledger.function("addLedger").encodeCall(""),
          BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(5)));
      rpc.transact(user, ledgerManager, ledger.function("transferFund").encodeCall(
          Address.fromHex(provider), DevnetContracts.FINE_TUNING_SERVICE_NAME,
          BigInteger.TEN.pow(18)), BigInteger.ZERO);

      byte[] dataset = "{\"text\":\"zg's own CLI fine-tunes this\"}\n".repeat(20)
          .getBytes(StandardCharsets.UTF_8);
      Path datasetFile = Files.write(folder.resolve("cli.jsonl"), dataset);
      Path config = Files.writeString(folder.resolve("cli.json"), "{}\n");
      assertThat(zg("compute", "finetune", "create-task", "--devnet", devnetDir, "--account",
          "8", "--provider", provider, "--dataset-path", datasetFile.toString(),
          "--config-path", config.toString())).as("%s", err).isZero();
      String id = out.toString().strip();
      assertThat(err.toString()).contains("dataset uploaded: 0x");

      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      do {
        assertThat(System.nanoTime()).as("Delivered within 60 s: %s", out).isLessThan(deadline);
        Thread.sleep(200);
        assertThat(zg("compute", "finetune", "tasks", "--devnet", devnetDir, "--account", "8",
            "--provider", provider)).as("%s", err).isZero();
        assertThat(out.toString()).contains(id).doesNotContain("Failed");
      } while (!out.toString().contains("Delivered"));

      Path model = folder.resolve("cli-model.gguf");
      assertThat(zg("compute", "finetune", "download", "--devnet", devnetDir, "--account", "8",
          "--provider", provider, "--task", id, "--output", model.toString(), "--wait", "60"))
          .as("%s", err).isZero();
      assertThat(Files.readString(model)).isEqualTo("tuned:"
          + new String(dataset, StandardCharsets.UTF_8));
      assertThat(zg("compute", "finetune", "task", "--devnet", devnetDir, "--account", "8",
          "--provider", provider)).as("%s", err).isZero();
      assertThat(out.toString()).contains(id, "\"progress\" : \"Finished\"", "UserAcknowledged");

      // Someone else's task and a bad address: one clear line each.
      assertThat(zg("compute", "finetune", "task", "--devnet", devnetDir, "--account", "9",
          "--provider", provider, "--task", id)).isEqualTo(1);
      assertThat(err.toString()).startsWith("zg: the provider answered 404");
      assertThat(zg("compute", "finetune", "tasks", "--devnet", devnetDir, "--provider", "0x12"))
          .isEqualTo(1);
      assertThat(err.toString()).startsWith("zg: --provider: not an address");
    }
  }

  /**
   * SIGKILL while a task trains: after the restart (same data folder, the provider now on
   * another port and re-registered with its new URL) the task, with its creation time, trains
   * again and is delivered.
   */
  @Test
  void fineTuningTaskSurvivesKill9() throws Exception {
    Path slow = folder.resolve("slow.sh");
    Files.writeString(slow, "#!/bin/sh\nsleep 20\ncat \"$1\" > \"$3\"\n");
    Files.setPosixFilePermissions(slow, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path dataDir = folder.resolve("devnet");
    Secp256k1.KeyPair user = null;
    String id;
    String created;
    Address provider;
    try (DevnetProcess devnet = DevnetProcess.start(dataDir, "--finetune-trainer",
        slow.toString())) {
      provider = Address.fromHex(JSON.readTree(dataDir.resolve("devnet.json").toFile())
          .get("fineTuningProvider").get("address").asText());
      user = Secp256k1.KeyPair.fromPrivateKey(new BigInteger(1,
          Hex.decode(devnet.privateKeys.get(9))));
      JsonRpc rpc = new JsonRpc(devnet.rpc);
      var ledger = dev.zg.contracts.Artifacts.get("LedgerManager");
      String ledgerManager = DevnetContracts.addresses().get("ledgerManager").toHex();
      rpc.transact(user.address().toChecksumHex(), ledgerManager,
          ledger.function("addLedger").encodeCall(""),
          BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(5)));
      rpc.transact(user.address().toChecksumHex(), ledgerManager, ledger.function("transferFund")
          .encodeCall(provider, DevnetContracts.FINE_TUNING_SERVICE_NAME, BigInteger.TEN.pow(18)),
          BigInteger.ZERO);
      String root = new StorageClient().upload(Files.write(folder.resolve("k.jsonl"),
          "{\"text\":\"survives\"}\n".repeat(20).getBytes(StandardCharsets.UTF_8)),
          new FlowSubmitter(devnet.rpc.toString(), DevnetContracts.addresses().get("flow"), user),
          StorageNodes.fromIndexer(devnet.indexerRpc.toString()), 1, b -> {}).root().toHex();
      var client = new dev.zg.compute.finetune.FineTuningClient(new JsonRpcFineTuningChain(
          devnet.rpc, DevnetContracts.addresses().get("fineTuningServing"), user.privateKey()),
          user);
      String modelHash = client.models(provider).get(0).get("hash").asText();
      id = client.createTask(provider, modelHash, root, "{}\n");
      created = client.task(provider, id).toString();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!client.task(provider, id).get("progress").asText().equals("Training")) {
        assertThat(System.nanoTime()).as("Training within 30 s").isLessThan(deadline);
        Thread.sleep(100);
      }
      devnet.kill();
    }
    Path fast = trainerScript();
    try (DevnetProcess devnet = DevnetProcess.start(dataDir, "--finetune-trainer",
        fast.toString())) {
      JsonRpcFineTuningChain chain = new JsonRpcFineTuningChain(devnet.rpc,
          DevnetContracts.addresses().get("fineTuningServing"), user.privateKey());
      var client = new dev.zg.compute.finetune.FineTuningClient(chain, user);
      assertThat(client.providerUrl(provider)).isEqualTo(JSON.readTree(dataDir
          .resolve("devnet.json").toFile()).get("fineTuningProvider").get("url").asText());
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      JsonNode task;
      while (!(task = client.task(provider, id)).get("progress").asText().equals("Delivered")) {
        assertThat(task.get("progress").asText()).as("%s", client.log(provider, id))
            .isNotEqualTo("Failed");
        assertThat(System.nanoTime()).as("Delivered within 60 s").isLessThan(deadline);
        Thread.sleep(100);
      }
      assertThat(task.get("createdAt").asText()).isEqualTo(JSON.readTree(created)
          .get("createdAt").asText());
      assertThat(client.log(provider, id)).contains("restarted from Training");
      assertThat(chain.deliverable(user.address(), provider, id)).isPresent();
    }
  }

  private Path trainerScript() throws java.io.IOException {
    Path trainer = folder.resolve("train.sh");
    Files.writeString(trainer, "#!/bin/sh\necho 'progress: 50'\n"
        + "{ printf 'tuned:'; cat \"$1\"; } > \"$3\"\n");
    Files.setPosixFilePermissions(trainer, PosixFilePermissions.fromString("rwxr-xr-x"));
    return trainer;
  }

  @Test
  void sdkFineTunesThroughZgDevnet() throws Exception {
    NpmProject.prepare(NpmProject.COMPUTE_DIR);
    // An external trainer (the provider's --finetune-trainer): it reports progress and writes
    // a model derived from the dataset, so the test can tell exactly what came back.
    Path trainer = trainerScript();
    try (DevnetProcess devnet = DevnetProcess.start(folder.resolve("devnet"),
        "--finetune-trainer", trainer.toString())) {
      JsonNode described = JSON.readTree(folder.resolve("devnet/devnet.json").toFile());
      JsonNode ft = described.get("fineTuningProvider");
      assertThat(ft).as("devnet.json lists the fine-tuning provider").isNotNull();
      Address provider = Address.fromHex(ft.get("address").asText());

      // The user's dataset, stored with zg's own client (paid by the user).
      Secp256k1.KeyPair user = Secp256k1.KeyPair.fromPrivateKey(new BigInteger(1,
          Hex.decode(devnet.privateKeys.get(7))));
      byte[] dataset = "{\"text\":\"the zg devnet fine-tunes this line\"}\n".repeat(50)
          .getBytes(StandardCharsets.UTF_8);
      Path datasetFile = Files.write(folder.resolve("dataset.jsonl"), dataset);
      String root = new StorageClient().upload(datasetFile, new FlowSubmitter(
          devnet.rpc.toString(), DevnetContracts.addresses().get("flow"), user),
          StorageNodes.fromIndexer(devnet.indexerRpc.toString()), 1, b -> {}).root().toHex();
      Path config = Files.writeString(folder.resolve("config.json"),
          "{\"num_train_epochs\": 1}\n");
      Path out = Files.createDirectories(folder.resolve("out"));

      NpmPackages.Result r = NpmProject.run(NpmProject.COMPUTE_DIR, SCRIPT_TIMEOUT, "node",
          "finetune-sdk.mjs", devnet.rpc.toString(), devnet.privateKeys.get(7),
          provider.toChecksumHex(), root, ft.get("model").asText(), config.toString(),
          out.toString(), datasetFile.toString());
      assertThat(r.exitCode()).as("%s\n--- devnet log\n%s", r, devnet.log()).isZero();
      JsonNode result = r.json();
      String id = result.get("id").asText();
      assertThat(result.get("states").toString()).contains("Delivered", "Finished");
      assertThat(result.get("listed").toString()).contains(id);
      // The provider names an uploaded dataset by its 0G Storage root: the same file, the same hash.
      assertThat(result.get("uploadedHash").asText()).isEqualTo(root);
      // The SDK's automated attestation checks pass on zg's (not hardware-backed) quote.
      assertThat(result.get("verified").get("success").asBoolean()).isTrue();
      assertThat(result.get("verified").get("signer").asBoolean()).isTrue();
      assertThat(result.get("verified").get("compose").asBoolean()).isTrue();
      assertThat(result.get("usageZipBytes").asInt()).isPositive();
      assertThat(result.get("acknowledged").asBoolean()).isTrue();
      assertThat(result.get("log").asText()).contains("Training", "UserAcknowledged");
      assertThat(Files.readString(Path.of(result.get("decrypted").asText())))
          .isEqualTo("tuned:" + new String(dataset, StandardCharsets.UTF_8));

      // The settlement on chain: the fee left the sub-account, the key is sealed on chain.
      BigInteger fee = new BigInteger(result.get("fee").asText());
      assertThat(fee).isEqualTo(BigInteger.valueOf((dataset.length + 3) / 4)
          .multiply(new BigInteger(ft.get("pricePerToken").asText())));
      assertThat(new BigInteger(result.get("balanceBefore").asText()).subtract(fee))
          .isEqualTo(new BigInteger(result.get("balanceAfter").asText()));
      FineTuningChain chain = new JsonRpcFineTuningChain(devnet.rpc,
          DevnetContracts.addresses().get("fineTuningServing"), user.privateKey());
      FineTuningChain.Deliverable d = chain.deliverable(user.address(), provider, id)
          .orElseThrow();
      assertThat(d.acknowledged()).isTrue();
      assertThat(d.settled()).isTrue();
      assertThat(d.encryptedSecret()).hasSize(129);
      assertThat(chain.account(user.address(), provider).orElseThrow().balance())
          .isEqualTo(new BigInteger(result.get("balanceAfter").asText()));
      assertThat(List.of(Hex.prefixed(d.modelRootHash()))).containsExactly(
          dev.zg.storage.merkle.FileHasher.usingAllCores().root(
              Path.of(result.get("encrypted").asText())).toHex());

      // The same with the SDK's CLI (another user, the same dataset root).
      Path work = Files.createDirectories(folder.resolve("cli"));
      NpmPackages.Result c = NpmProject.run(NpmProject.COMPUTE_DIR, SCRIPT_TIMEOUT, "node",
          "finetune-cli.mjs", devnet.rpc.toString(), devnet.privateKeys.get(10),
          provider.toChecksumHex(), root, ft.get("model").asText(), config.toString(),
          work.toString());
      assertThat(c.exitCode()).as("%s\n--- devnet log\n%s", c, devnet.log()).isZero();
      JsonNode cli = c.json();
      String cliTask = cli.get("id").asText();
      assertThat(cli.get("listed").asText()).contains(cliTask);
      assertThat(cli.get("log").asText()).contains("Finished");
      assertThat(Files.readString(Path.of(cli.get("decrypted").asText())))
          .isEqualTo("tuned:" + new String(dataset, StandardCharsets.UTF_8));
      Secp256k1.KeyPair cliUser = Secp256k1.KeyPair.fromPrivateKey(new BigInteger(1,
          Hex.decode(devnet.privateKeys.get(10))));
      FineTuningChain.Deliverable cd = chain.deliverable(cliUser.address(), provider, cliTask)
          .orElseThrow();
      assertThat(cd.settled()).isTrue();
      assertThat(chain.account(cliUser.address(), provider).orElseThrow().balance())
          .isEqualTo(BigInteger.TEN.pow(18).multiply(BigInteger.TWO).subtract(fee));
    }
  }
}
