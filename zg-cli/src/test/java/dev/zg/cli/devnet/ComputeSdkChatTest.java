package dev.zg.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.common.testing.NpmPackages;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official 0G compute SDK and the OpenAI client, unchanged, against {@code zg devnet}'s
 * own inference provider (the built-in model behind zg's broker): a ledger, the provider
 * acknowledged, request headers from the SDK, chats through the OpenAI client,
 * {@code processResponse} verifying each signature; then the provider's settlement, after
 * which the ledger on chain is lower by exactly the metered usage (tokens × prices); the
 * SDK's CLI lists the provider and shows the sub-account.
 */
@Timeout(600)
class ComputeSdkChatTest {
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);
  /** A devnet account no provider and no other test uses. */
  private static final int USER_ACCOUNT = 12;

  @TempDir
  Path folder;

  @Test
  void sdkChatsThroughTheDevnetProviderAndPaysExactlyTheMeteredUsage() {
    NpmProject.prepare(NpmProject.COMPUTE_DIR);
    try (DevnetProcess devnet = DevnetProcess.startWithCompute(folder.resolve("devnet"),
        "--compute-settle-seconds", "1", "--compute-port", "0", "--finetune-port", "0")) {
      JsonNode provider = devnet.descriptor.get("inferenceProvider");
      String address = provider.get("address").asText();
      NpmPackages.Result r = NpmProject.run(NpmProject.COMPUTE_DIR, SCRIPT_TIMEOUT, "node",
          "compute-chat.mjs", devnet.rpc.toString(), devnet.privateKeys.get(USER_ACCOUNT),
          address, provider.get("inputPrice").asText(), provider.get("outputPrice").asText(),
          folder.resolve("work").toString());
      assertThat(r.exitCode()).as("%s\n--- devnet log\n%s", r, devnet.log()).isZero();
      JsonNode result = r.json();
      assertThat(result.get("endpoint").asText()).isEqualTo(provider.get("url").asText()
          + "/v1/proxy");
      assertThat(result.get("model").asText()).isEqualTo("zg-tiny-1");

      BigInteger inputPrice = new BigInteger(provider.get("inputPrice").asText());
      BigInteger outputPrice = new BigInteger(provider.get("outputPrice").asText());
      BigInteger metered = BigInteger.ZERO;
      assertThat(result.get("chats")).hasSize(3);
      for (JsonNode chat : result.get("chats")) {
        assertThat(chat.get("valid").asBoolean()).as(chat.toString()).isTrue();
        assertThat(chat.get("content").asText()).isNotEmpty();
        long prompt = chat.at("/usage/prompt_tokens").asLong();
        long completion = chat.at("/usage/completion_tokens").asLong();
        assertThat(prompt).isPositive();
        assertThat(completion).isPositive();
        metered = metered.add(inputPrice.multiply(BigInteger.valueOf(prompt)))
            .add(outputPrice.multiply(BigInteger.valueOf(completion)));
      }
      BigInteger before = new BigInteger(result.get("totalBefore").asText());
      BigInteger after = new BigInteger(result.get("totalAfter").asText());
      assertThat(before.subtract(after)).as("settled on chain").isEqualTo(metered);

      assertThat(result.get("providers").asText()).containsIgnoringCase(address);
      assertThat(result.get("subAccount").asText()).containsIgnoringCase(address);
    }
  }
}
