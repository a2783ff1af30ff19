package dev.zg.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.compute.chain.JsonRpcServingChain;
import dev.zg.compute.chain.ServingAccount;
import dev.zg.compute.token.AppSkToken;
import dev.zg.contracts.devnet.DevnetContracts;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zg devnet} serves inference out of the box: its provider (the built-in model behind
 * zg's broker) is registered and acknowledged on chain and listed in devnet.json; a user who
 * funds a sub-account chats through it with an app-sk token, the reply is signed, and the
 * periodic settlement takes exactly the metered fee from the sub-account on chain.
 */
@Timeout(300)
class DevnetInferenceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BigInteger OG = BigInteger.TEN.pow(18);

  @TempDir
  Path folder;

  @Test
  void theDevnetProviderServesMetersAndSettlesOnChain() throws Exception {
    try (DevnetProcess devnet = DevnetProcess.startWithCompute(folder.resolve("devnet"),
        "--compute-settle-seconds", "1", "--finetune-port", "0", "--compute-port", "0")) {
      JsonNode provider = devnet.descriptor.get("inferenceProvider");
      assertThat(provider).as(devnet.descriptor.toString()).isNotNull();
      assertThat(provider.get("model").asText()).isEqualTo("zg-tiny-1");
      Address providerAddress = Address.fromHex(provider.get("address").asText());
      String url = provider.get("url").asText();
      Address serving = DevnetContracts.addresses().get("inferenceServing");
      BigInteger userKey = new BigInteger(1, Hex.decode(devnet.privateKeys.get(1)));
      Address user = Secp256k1.KeyPair.fromPrivateKey(userKey).address();
      JsonRpcServingChain chain =
          new JsonRpcServingChain(devnet.rpc, serving, userKey);
      assertThat(chain.service(providerAddress).orElseThrow().teeSignerAcknowledged()).isTrue();

      // The user: a ledger, 2 0G into the provider's sub-account, the signer acknowledged.
      JsonRpc rpc = new JsonRpc(devnet.rpc);
      var ledger = dev.zg.contracts.Artifacts.get("LedgerManager");
      var inference = dev.zg.contracts.Artifacts.get("InferenceServing");
      String ledgerManager = DevnetContracts.addresses().get("ledgerManager").toHex();
      rpc.transact(user.toChecksumHex(), ledgerManager, ledger.function("addLedger").encodeCall(""),
          OG.multiply(BigInteger.valueOf(5)));
      BigInteger funded = OG.multiply(BigInteger.TWO);
      rpc.transact(user.toChecksumHex(), ledgerManager, ledger.function("transferFund").encodeCall(
          providerAddress, DevnetContracts.INFERENCE_SERVICE_NAME, funded), BigInteger.ZERO);
      rpc.transact(user.toChecksumHex(), serving.toHex(), inference.function("acknowledgeTEESigner")
          .encodeCall(providerAddress, true), BigInteger.ZERO);

      long now = System.currentTimeMillis();
      String token = AppSkToken.mint(userKey, providerAddress.toChecksumHex(), now,
          now + 3_600_000, "devnet-test", 0, 1);
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> reply = http.send(HttpRequest.newBuilder(
          URI.create(url + "/v1/proxy/chat/completions"))
          .header("Authorization", token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"zg-tiny-1\",\"messages\":[{"
              + "\"role\":\"user\",\"content\":\"To be, or not to\"}],\"max_tokens\":16,"
              + "\"temperature\":0}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(reply.body());
      assertThat(body.at("/choices/0/message/content").asText()).isNotBlank();
      long promptTokens = body.at("/usage/prompt_tokens").asLong();
      long completionTokens = body.at("/usage/completion_tokens").asLong();
      assertThat(promptTokens).isPositive();
      assertThat(completionTokens).isPositive();
      BigInteger fee = BigInteger.valueOf(promptTokens).multiply(new BigInteger(
          provider.get("inputPrice").asText())).add(BigInteger.valueOf(completionTokens)
          .multiply(new BigInteger(provider.get("outputPrice").asText())));
      // Sentence embeddings from the built-in ONNX model, metered on their input tokens.
      HttpResponse<String> embedded = http.send(HttpRequest.newBuilder(
          URI.create(url + "/v1/proxy/embeddings"))
          .header("Authorization", token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"all-minilm-l6-v2\","
              + "\"input\":[\"zero gravity\",\"decentralized AI\"]}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(embedded.statusCode()).as(embedded.body()).isEqualTo(200);
      JsonNode vectors = JSON.readTree(embedded.body());
      assertThat(vectors.at("/data/1/embedding")).hasSize(384);
      fee = fee.add(BigInteger.valueOf(vectors.at("/usage/prompt_tokens").asLong())
          .multiply(new BigInteger(provider.get("inputPrice").asText())));
      String chatId = reply.headers().firstValue("ZG-Res-Key").orElseThrow();
      JsonNode signature = JSON.readTree(http.send(HttpRequest.newBuilder(
          URI.create(url + "/v1/proxy/signature/" + chatId + "?model=zg-tiny-1")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      assertThat(signature.get("signing_address").asText())
          .isEqualToIgnoringCase(provider.get("signer").asText());

      // The settler (every second here) takes exactly the metered fee.
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      ServingAccount account = chain.account(user, providerAddress).orElseThrow();
      // Perhaps in two rounds (the chat, then the embeddings): wait until the whole fee left.
      while (account.balance().compareTo(funded.subtract(fee)) > 0) {
        assertThat(System.nanoTime()).as("settled within 60 s").isLessThan(deadline);
        Thread.sleep(200);
        account = chain.account(user, providerAddress).orElseThrow();
      }
      assertThat(account.balance()).isEqualTo(funded.subtract(fee));
    }
  }
}
