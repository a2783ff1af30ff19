package dev.zg.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.contracts.devnet.DevnetContracts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code zg devnet} starts with the compute and storage contracts and lists them in
 * devnet.json.
 */
class DevnetContractsTest {
  @TempDir
  Path folder;

  @Test
  void devnetJsonListsTheContractsAndEachHasCode() throws Exception {
    try (DevnetProcess devnet = DevnetProcess.start(folder.resolve("devnet"))) {
      JsonNode json = new ObjectMapper().readTree(folder.resolve("devnet/devnet.json").toFile());
      JsonNode contracts = json.get("contracts");
      List<String> names = new ArrayList<>();
      contracts.fieldNames().forEachRemaining(names::add);
      List<String> planned = DevnetContracts.plan().stream()
          .filter(s -> s instanceof DevnetContracts.Step.Deploy)
          .map(s -> ((DevnetContracts.Step.Deploy) s).name()).toList();
      assertThat(names).containsExactlyElementsOf(planned)
          .contains("ledgerManager", "inferenceServing", "flow", "market", "reward", "mine");
      JsonRpc rpc = new JsonRpc(devnet.rpc);
      for (String name : names) {
        String address = contracts.get(name).asText();
        assertThat(address).isEqualTo(DevnetContracts.addresses().get(name).toChecksumHex());
        assertThat(rpc.call("eth_getCode", address, "latest").asText())
            .as("code of %s at %s", name, address).hasSizeGreaterThan(1000);
      }
      assertThat(rpc.call("eth_getTransactionCount", DevnetContracts.DEPLOYER.toHex(),
          "latest").asText()).isEqualTo("0x" + Long.toHexString(DevnetContracts.NEXT_NONCE));
      assertThat(rpc.call("eth_blockNumber").asText()).isEqualTo("0x0");
    }
  }
}
