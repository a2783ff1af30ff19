package dev.zg.compute.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.contracts.Artifacts;
import dev.zg.contracts.ContractArtifact;
import org.junit.jupiter.api.Test;

/**
 * The selectors {@link JsonRpcFineTuningChain} uses are FineTuningServing's (the compiled
 * contract's ABI and compute-sdk.md §2.4), and its settleFees encoding is the ABI codec's.
 */
class FineTuningAbiTest {
  private final ContractArtifact ft = Artifacts.get("FineTuningServing");

  @Test
  void selectorsAreTheContractsAndTheSpecs() {
    assertThat(Hex.encode(JsonRpcFineTuningChain.GET_SERVICE)).isEqualTo("15a52302")
        .isEqualTo(Hex.encode(ft.function("getService").selector()));
    assertThat(Hex.encode(JsonRpcFineTuningChain.GET_ACCOUNT)).isEqualTo("fd590847")
        .isEqualTo(Hex.encode(ft.function("getAccount").selector()));
    assertThat(Hex.encode(JsonRpcFineTuningChain.GET_DELIVERABLE)).isEqualTo("a134f9e1")
        .isEqualTo(Hex.encode(ft.function("getDeliverable").selector()));
    assertThat(Hex.encode(JsonRpcFineTuningChain.ADD_OR_UPDATE_SERVICE)).isEqualTo("43d96bb3")
        .isEqualTo(Hex.encode(ft.function("addOrUpdateService").selector()));
    assertThat(Hex.encode(JsonRpcFineTuningChain.ADD_DELIVERABLE)).isEqualTo("6dc7513d")
        .isEqualTo(Hex.encode(ft.function("addDeliverable").selector()));
    assertThat(Hex.encode(JsonRpcFineTuningChain.SETTLE_FEES)).isEqualTo("3d60456a")
        .isEqualTo(Hex.encode(ft.function("settleFees").selector()));
    assertThat(Hex.encode(JsonRpcFineTuningChain.ACKNOWLEDGE_DELIVERABLE)).isEqualTo("a296bf4f")
        .isEqualTo(Hex.encode(ft.function("acknowledgeDeliverable").selector()));
    assertThat(Hex.encode(JsonRpcFineTuningChain.ACKNOWLEDGE_TEE_SIGNER_BY_OWNER))
        .isEqualTo("b2394d09")
        .isEqualTo(Hex.encode(ft.function("acknowledgeTEESignerByOwner").selector()));
  }

  @Test
  void addDeliverableEncodingIsTheCodecs() {
    Address user = Address.fromHex("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    byte[] root = new byte[32];
    root[0] = 7;
    byte[] mine = dev.zg.common.Bytes.concat(JsonRpcFineTuningChain.ADD_DELIVERABLE,
        Abi.tuple(Abi.head(Abi.word(user)), Abi.tail(Abi.string("1c248e1d-be46-4a64-a26f")),
            Abi.tail(Abi.dynamicBytes(root))));
    assertThat(Hex.encode(mine)).isEqualTo(Hex.encode(ft.function("addDeliverable")
        .encodeCall(user, "1c248e1d-be46-4a64-a26f", root)));
  }
}
