package dev.zg.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
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

  @Test
  void sdkFineTunesThroughZgDevnet() throws Exception {
    NpmProject.prepare(NpmProject.COMPUTE_DIR);
    // An external trainer (the provider's --finetune-trainer): it reports progress and writes
    // a model derived from the dataset, so the test can tell exactly what came back.
    Path trainer = folder.resolve("train.sh");
    Files.writeString(trainer, "#!/bin/sh\necho 'progress: 50'\n"
        + "{ printf 'tuned:'; cat \"$1\"; } > \"$3\"\n");
    Files.setPosixFilePermissions(trainer, PosixFilePermissions.fromString("rwxr-xr-x"));
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

      NpmProject.Result r = NpmProject.run(NpmProject.COMPUTE_DIR, SCRIPT_TIMEOUT, "node",
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
    }
  }
}
