package dev.zg.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.testing.NpmPackages;
import dev.zg.compute.chain.JsonRpcServingChain;
import dev.zg.compute.chain.ServingAccount;
import dev.zg.contracts.Artifacts;
import dev.zg.contracts.ContractArtifact;
import dev.zg.contracts.devnet.DevnetContracts;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inference provider of {@code zg devnet} (its broker in front of a test model server,
 * its service registered by dev account 14, its settler every second) used by the official
 * compute SDK and the OpenAI client, unchanged: ledger, deposit, acknowledgement, request
 * headers, three chats, {@code processResponse} true for each; then the provider's own
 * settler settles and the chain holds exactly the metered usage × prices less. The SDK's CLI
 * lists the provider and shows the sub-account.
 */
@Timeout(600)
class ComputeInferenceDevnetTest {
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);
  private static final BigInteger OG = BigInteger.TEN.pow(18);

  @TempDir
  Path folder;

  @Test
  void sdkChatsWithTheDevnetProviderWhichSettlesExactlyTheMeteredUsage() throws Exception {
    NpmProject.prepare(NpmProject.COMPUTE_DIR);
    try (EchoModelServer model = new EchoModelServer();
        DevnetProcess devnet = DevnetProcess.startWithCompute(folder.resolve("devnet"),
            "--compute-backend", model.baseUrl(), "--compute-model", EchoModelServer.MODEL,
            "--compute-settle-seconds", "1", "--compute-port", "0", "--finetune-port", "0")) {
      JsonNode p = devnet.descriptor.get("inferenceProvider");
      assertThat(p).as("devnet.json inferenceProvider: %s", devnet.log()).isNotNull();
      Address provider = Address.fromHex(p.get("address").asText());
      assertThat(provider).isEqualTo(DevnetGenesis.accounts().get(14).address());
      assertThat(p.get("model").asText()).isEqualTo(EchoModelServer.MODEL);
      BigInteger inputPrice = new BigInteger(p.get("inputPrice").asText());
      BigInteger outputPrice = new BigInteger(p.get("outputPrice").asText());

      NpmPackages.Result r = NpmProject.run(NpmProject.COMPUTE_DIR, SCRIPT_TIMEOUT, "node",
          "compute-inference.mjs", devnet.rpc.toString(), provider.toChecksumHex());
      assertThat(r.exitCode()).as("%s\n--- devnet log\n%s", r, devnet.log()).isZero();
      JsonNode result = r.json();
      assertThat(result.get("endpoint").asText()).isEqualTo(p.get("url").asText() + "/v1/proxy");
      Address user = Address.fromHex(result.get("user").asText());
      BigInteger fees = BigInteger.ZERO;
      assertThat(result.get("chats")).hasSize(3);
      for (JsonNode chat : result.get("chats")) {
        String prompt = chat.get("prompt").asText();
        assertThat(chat.get("answer").asText()).isEqualTo(EchoModelServer.answer(prompt));
        assertThat(chat.get("valid").asBoolean()).as("processResponse of %s", chat).isTrue();
        assertThat(chat.get("chatId").asText()).isNotEmpty();
        long in = chat.get("usage").get("prompt_tokens").asLong();
        long out = chat.get("usage").get("completion_tokens").asLong();
        assertThat(in).isEqualTo(EchoModelServer.words(prompt));
        assertThat(out).isEqualTo(EchoModelServer.words(prompt));
        fees = fees.add(inputPrice.multiply(BigInteger.valueOf(in)))
            .add(outputPrice.multiply(BigInteger.valueOf(out)));
      }
      assertThat(fees.signum()).isPositive();

      // The ledger holds 5 0G until settlement spends exactly the fees; the settler's loop
      // runs every second, so the total reaches that value (or the guard fails the test).
      JsonRpc rpc = new JsonRpc(devnet.rpc);
      Address ledgerManager = DevnetContracts.addresses().get("ledgerManager");
      Address serving = DevnetContracts.addresses().get("inferenceServing");
      BigInteger expectedTotal = OG.multiply(BigInteger.valueOf(5)).subtract(fees);
      Poll.until(() -> ledger(rpc, ledgerManager, user).get(2).equals(expectedTotal));
      List<BigInteger> ledger = ledger(rpc, ledgerManager, user);
      BigInteger available = ledger.get(1);
      JsonRpcServingChain chain = new JsonRpcServingChain(devnet.rpc, serving,
          DevnetGenesis.accounts().get(5).privateKey());
      ServingAccount account = chain.account(user, provider).orElseThrow();
      // Everything moved out of the ledger's available balance went into the sub-account.
      BigInteger transferred = OG.multiply(BigInteger.valueOf(5)).subtract(available);
      assertThat(account.balance()).isEqualTo(transferred.subtract(fees));
      assertThat(account.nonce().signum()).isPositive();
      // InferenceServing holds the 100 0G stake plus the sub-account, nothing else.
      assertThat(balance(rpc, serving)).isEqualTo(OG.multiply(BigInteger.valueOf(100))
          .add(account.balance()));

      // The SDK's CLI, configured as a user would (a config file under HOME).
      Path home = folder.resolve("home");
      Files.createDirectories(home.resolve(".0g-compute-cli"));
      Files.writeString(home.resolve(".0g-compute-cli").resolve("config.json"),
          "{\"privateKey\":\"" + Hex.prefixed(DevnetGenesis.accounts().get(5).privateKeyBytes())
              + "\",\"rpcEndpoint\":\"" + devnet.rpc + "\"}");
      Map<String, String> env = Map.of("HOME", home.toString());
      NpmPackages.Result providers = NpmProject.run(NpmProject.COMPUTE_DIR, env, SCRIPT_TIMEOUT,
          "npx", "--no-install", "0g-compute-cli", "inference", "list-providers",
          "--rpc", devnet.rpc.toString());
      assertThat(providers.exitCode()).as("%s", providers).isZero();
      assertThat(providers.stdout()).containsIgnoringCase(provider.toHex())
          .contains(EchoModelServer.MODEL);
      NpmPackages.Result sub = NpmProject.run(NpmProject.COMPUTE_DIR, env, SCRIPT_TIMEOUT,
          "npx", "--no-install", "0g-compute-cli", "get-sub-account", "--provider",
          provider.toChecksumHex(), "--service", "inference", "--rpc", devnet.rpc.toString());
      assertThat(sub.exitCode()).as("%s", sub).isZero();
      assertThat(sub.stdout()).containsIgnoringCase(provider.toHex());

      // zg's own client, as another user (account 6): the provider is listed, a ledger is
      // made, and one chat goes through with the signer acknowledged and the sub-account
      // funded on the way; the settler then takes exactly that chat's fee.
      String rpcUrl = devnet.rpc.toString();
      String key6 = Hex.prefixed(DevnetGenesis.accounts().get(6).privateKeyBytes());
      Address user6 = DevnetGenesis.accounts().get(6).address();
      Cli list = zg("compute", "providers", "--rpc", rpcUrl);
      assertThat(list.code).as("%s", list).isZero();
      assertThat(list.out).contains(provider.toChecksumHex()).contains(EchoModelServer.MODEL)
          .contains("signer acknowledged");
      Cli deposit = zg("compute", "deposit", "3", "--rpc", rpcUrl, "--key", key6);
      assertThat(deposit.code).as("%s", deposit).isZero();
      assertThat(deposit.out).contains("available 3 0G, total 3 0G");
      Cli chat = zg("compute", "chat", "--provider", provider.toChecksumHex(), "--rpc", rpcUrl,
          "--key", key6, "one two three");
      assertThat(chat.code).as("%s\n--- devnet log\n%s", chat, devnet.log()).isZero();
      assertThat(chat.out).isEqualTo("three two one\n");
      assertThat(chat.err).contains("signature verified");
      BigInteger chatFee = inputPrice.add(outputPrice).multiply(BigInteger.valueOf(3));
      BigInteger expected6 = OG.multiply(BigInteger.valueOf(3)).subtract(chatFee);
      Poll.until(() -> ledger(rpc, ledgerManager, user6).get(2).equals(expected6));

      // User errors: one line each, nothing sent.
      Cli unknown = zg("compute", "chat", "--provider", user6.toChecksumHex(), "--rpc", rpcUrl,
          "--key", key6, "hello");
      assertThat(unknown.code).isNotZero();
      assertThat(unknown.err.strip()).doesNotContain("\n").contains("has no inference service");
      Cli noLedger = zg("compute", "transfer", "--provider", provider.toChecksumHex(), "1",
          "--rpc", rpcUrl, "--key", Hex.prefixed(DevnetGenesis.accounts().get(7)
              .privateKeyBytes()));
      assertThat(noLedger.code).isNotZero();
      assertThat(noLedger.err.strip()).doesNotContain("\n").contains("no ledger");
    }
  }

  record Cli(int code, String out, String err) {}

  private static Cli zg(String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    int code = dev.zg.cli.Main.run(args, new java.io.PrintWriter(out, true),
        new java.io.PrintWriter(err, true));
    return new Cli(code, out.toString(), err.toString());
  }

  /** getLedger(user): (user, availableBalance, totalBalance, …) as numbers from index 1. */
  private static List<BigInteger> ledger(JsonRpc rpc, Address ledgerManager, Address user) {
    ContractArtifact abi = Artifacts.get("LedgerManager");
    String data = Hex.prefixed(abi.function("getLedger").encodeCall(user));
    byte[] out = Hex.decode(rpc.call("eth_call",
        JsonRpc.object("to", ledgerManager.toHex(), "data", data), "latest").asText());
    List<?> fields = (List<?>) abi.function("getLedger").decodeResult(out).get(0);
    return List.of(BigInteger.ZERO, (BigInteger) fields.get(1), (BigInteger) fields.get(2));
  }

  private static BigInteger balance(JsonRpc rpc, Address a) {
    return new BigInteger(rpc.call("eth_getBalance", a.toHex(), "latest").asText().substring(2),
        16);
  }
}
