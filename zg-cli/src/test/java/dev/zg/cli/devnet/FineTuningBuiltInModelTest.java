package dev.zg.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.common.testing.NpmPackages;
import dev.zg.contracts.devnet.DevnetContracts;
import dev.zg.storage.client.FlowSubmitter;
import dev.zg.storage.client.StorageClient;
import dev.zg.storage.client.StorageNodes;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official compute SDK fine-tunes zg's built-in model through {@code zg devnet}'s
 * default fine-tuning provider, with a small dataset stored in zg's 0G Storage: the task
 * reaches Finished, the SDK decrypts the model, and that model — loaded by the built-in
 * llama.cpp backend ({@code zg compute generate}) — continues a prompt from the training data
 * differently from the base model, with the training data's own letters.
 */
@Timeout(600)
class FineTuningBuiltInModelTest {
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(8);
  private static final int USER_ACCOUNT = 16;
  private static final String LINE = "zebras zigzag zealously zooming zanily";

  @TempDir
  Path folder;

  @Test
  void sdkFineTunesTheBuiltInModelAndTheResultAnswersDifferently() throws Exception {
    NpmProject.prepare(NpmProject.COMPUTE_DIR);
    try (DevnetProcess devnet = DevnetProcess.startWithCompute(folder.resolve("devnet"),
        "--compute-port", "0", "--finetune-port", "0")) {
      JsonNode ft = devnet.descriptor.get("fineTuningProvider");
      assertThat(ft.get("model").asText()).isEqualTo("zg-tiny-1");
      Secp256k1.KeyPair user = Secp256k1.KeyPair.fromPrivateKey(new BigInteger(1,
          Hex.decode(devnet.privateKeys.get(USER_ACCOUNT))));
      byte[] dataset = ("{\"prompt\":\"zebras\",\"completion\":\" zigzag zealously zooming"
          + " zanily\"}\n").repeat(20).getBytes(StandardCharsets.UTF_8);
      Path datasetFile = Files.write(folder.resolve("dataset.jsonl"), dataset);
      String root = new StorageClient().upload(datasetFile, new FlowSubmitter(
          devnet.rpc.toString(), DevnetContracts.addresses().get("flow"), user),
          StorageNodes.fromIndexer(devnet.indexerRpc.toString()), 1, b -> {}).root().toHex();
      Path config = Files.writeString(folder.resolve("config.json"),
          "{\"num_train_epochs\": 3}\n");
      Path out = Files.createDirectories(folder.resolve("out"));

      NpmPackages.Result r = NpmProject.run(NpmProject.COMPUTE_DIR, SCRIPT_TIMEOUT, "node",
          "finetune-sdk.mjs", devnet.rpc.toString(), devnet.privateKeys.get(USER_ACCOUNT),
          ft.get("address").asText(), root, "zg-tiny-1", config.toString(), out.toString(),
          datasetFile.toString());
      assertThat(r.exitCode()).as("%s\n--- devnet log\n%s", r, devnet.log()).isZero();
      JsonNode result = r.json();
      assertThat(result.get("states").toString()).contains("Delivered", "Finished");
      Path tuned = Path.of(result.get("decrypted").asText());
      assertThat(Files.readAllBytes(tuned)).startsWith('G', 'G', 'U', 'F');

      String before = generate(null, "zebras z");
      String after = generate(tuned, "zebras z");
      assertThat(after).isNotBlank().isNotEqualTo(before);
      for (char c : after.toCharArray()) {
        assertThat(LINE.indexOf(c)).as("'%s' of %s", c, after).isGreaterThanOrEqualTo(0);
      }
    }
  }

  /** {@code zg compute generate} in its own JVM (llama.cpp stays out of the test's). */
  private String generate(Path model, String prompt) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        "dev.zg.cli.Main", "compute", "generate", "--temperature", "0", "--max-tokens", "12",
        "--cache-dir", folder.resolve("models").toString()));
    if (model != null) {
      command.addAll(List.of("--model", model.toString()));
    }
    command.add(prompt);
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(stdout).isZero();
    return stdout.strip();
  }
}
