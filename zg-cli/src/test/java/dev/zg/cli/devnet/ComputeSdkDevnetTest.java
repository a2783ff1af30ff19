package dev.zg.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.common.testing.NpmPackages;
import dev.zg.contracts.devnet.DevnetContracts;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official 0G compute SDK ({@code @0gfoundation/0g-compute-ts-sdk}, pinned in
 * {@code src/test/js-compute}), unchanged and with no addresses given, against {@code zg
 * devnet}: it finds the contracts at its built-in chain-31337 addresses, creates a ledger,
 * deposits, lists the registered provider (full and read-only brokers), opens a sub-account
 * with it, retrieves it (a pending refund) and refunds part of the ledger to the wallet. The
 * balances are then checked once more from the chain.
 */
@Timeout(600)
class ComputeSdkDevnetTest {
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);
  private static final BigInteger OG = BigInteger.TEN.pow(18);

  @TempDir
  Path folder;

  @Test
  void sdkCreatesALedgerDepositsListsServicesAndTransfers() {
    NpmProject.prepare(NpmProject.COMPUTE_DIR);
    try (DevnetProcess devnet = DevnetProcess.start(folder.resolve("devnet"))) {
      NpmPackages.Result r = NpmProject.run(NpmProject.COMPUTE_DIR, SCRIPT_TIMEOUT, "node",
          "compute-ledger.mjs", devnet.rpc.toString());
      assertThat(r.exitCode()).as("%s\n--- devnet log\n%s", r, devnet.log()).isZero();
      JsonNode result = r.json();
      String provider = result.get("provider").asText();
      assertThat(result.get("ledger").get("total").asText()).isEqualTo(og(5));
      assertThat(result.get("ledger").get("available").asText()).isEqualTo(og(5));
      assertThat(result.get("services").toString()).contains(provider);
      assertThat(result.get("readOnlyServices").toString()).contains(provider);
      assertThat(result.get("account").get("provider").asText()).isEqualTo(provider);
      assertThat(result.get("account").get("balance").asText()).isEqualTo(og(1));
      assertThat(result.get("account").get("acknowledged").asBoolean()).isTrue();
      assertThat(result.get("after").get("available").asText()).isEqualTo(og(4));
      assertThat(result.get("after").get("total").asText()).isEqualTo(og(5));
      assertThat(result.get("pendingRefund").asText()).isEqualTo(og(1));
      assertThat(result.get("refunds").asInt()).isEqualTo(1);
      assertThat(result.get("refunded").get("available").asText()).isEqualTo(og(3));
      assertThat(result.get("refunded").get("total").asText()).isEqualTo(og(4));

      // The money is where the contracts say: 3 0G available in the ledger, the provider's
      // 100 0G stake and the user's 1 0G sub-account (being refunded) in InferenceServing.
      JsonRpc rpc = new JsonRpc(devnet.rpc);
      String ledger = DevnetContracts.addresses().get("ledgerManager").toHex();
      String inference = DevnetContracts.addresses().get("inferenceServing").toHex();
      assertThat(new BigInteger(rpc.call("eth_getBalance", ledger, "latest").asText()
          .substring(2), 16)).isEqualTo(OG.multiply(BigInteger.valueOf(3)));
      assertThat(new BigInteger(rpc.call("eth_getBalance", inference, "latest").asText()
          .substring(2), 16)).isEqualTo(OG.multiply(BigInteger.valueOf(101)));
    }
  }

  private static String og(long amount) {
    return OG.multiply(BigInteger.valueOf(amount)).toString();
  }
}
