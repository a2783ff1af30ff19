package dev.zg.chain.genesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.chain.block.BlockHeader;
import dev.zg.chain.store.ChainStore;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.UInt256;
import dev.zg.evm.state.MemoryWorld;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class GenesisTest {
  private static final String GETH_STYLE = """
      {
        "config": {"chainId": 16601, "londonBlock": 0, "cancunTime": 0},
        "nonce": "0x0",
        "timestamp": "0x65f1b057",
        "extraData": "0x7a67",
        "gasLimit": "0x1c9c380",
        "baseFeePerGas": "875000000",
        "difficulty": "0x0",
        "alloc": {
          "f39Fd6e51aad88F6F4ce6aB8827279cffFb92266": {"balance": "0x56bc75e2d63100000"},
          "0x0000000000000000000000000000000000001000": {
            "balance": "1",
            "nonce": "0x1",
            "code": "0x6001600055",
            "storage": {"0x00": "0x2a", "0x01": "0x0"}
          }
        }
      }
      """;

  @Test
  void parsesGethGenesisFiles() {
    Genesis g = Genesis.fromJson(GETH_STYLE);
    assertThat(g.chainId()).isEqualTo(16601);
    assertThat(g.timestamp()).isEqualTo(0x65f1b057L);
    assertThat(g.gasLimit()).isEqualTo(30_000_000);
    assertThat(g.baseFeePerGas()).isEqualTo(BigInteger.valueOf(875_000_000));
    assertThat(g.extraData()).isEqualTo(Hex.decode("7a67"));
    assertThat(g.alloc()).hasSize(2);
    GenesisAccount contract =
        g.alloc().get(Address.fromHex("0x0000000000000000000000000000000000001000"));
    assertThat(contract.nonce()).isEqualTo(1);
    assertThat(contract.code()).isEqualTo(Hex.decode("6001600055"));
    assertThat(contract.storage()).containsOnlyKeys(UInt256.ZERO);
    assertThat(g.alloc().get(Address.fromHex("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266"))
        .balance()).isEqualTo(UInt256.fromBigInteger(BigInteger.TEN.pow(20)));
  }

  @Test
  void theGenesisStateRootIsTheReferenceOne() {
    Genesis g = Genesis.fromJson(GETH_STYLE);
    MemoryWorld world = new MemoryWorld();
    world.apply(g.stateChanges());
    BlockHeader header = ChainStore.genesisHeader(g);
    assertThat(header.stateRoot()).isEqualTo(world.stateRoot());
    assertThat(header.number()).isZero();
    assertThat(header.gasLimit()).isEqualTo(30_000_000);
  }

  @Test
  void errorsNameTheField() {
    assertThatThrownBy(() -> Genesis.fromJson("{\"alloc\": {}}"))
        .hasMessageContaining("'config.chainId' is missing");
    assertThatThrownBy(() -> Genesis.fromJson(GETH_STYLE.replace("\"0x1c9c380\"", "\"lots\"")))
        .hasMessageContaining("'gasLimit' is not a number");
    assertThatThrownBy(() -> Genesis.fromJson(GETH_STYLE.replace("\"0x6001600055\"", "\"0x6g\"")))
        .hasMessageContaining("'alloc.0x0000000000000000000000000000000000001000.code'");
    assertThatThrownBy(() -> Genesis.fromJson(GETH_STYLE.replace("f39Fd6e51aad", "f39Fd6e51aaD")))
        .hasMessageContaining("alloc.f39Fd6e51aaD").hasMessageContaining("checksum");
    assertThatThrownBy(() -> Genesis.fromJson(GETH_STYLE.replace("\"balance\": \"1\"",
        "\"balance\": \"-1\""))).hasMessageContaining(".balance' is not an unsigned");
    assertThatThrownBy(() -> Genesis.fromJson("{ not json"))
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void devnetHasTheHardhatAccounts() {
    Genesis g = DevnetGenesis.create();
    assertThat(g.chainId()).isEqualTo(31337);
    assertThat(g.gasLimit()).isEqualTo(30_000_000);
    assertThat(g.baseFeePerGas()).isEqualTo(BigInteger.valueOf(1_000_000_000));
    assertThat(g.alloc()).hasSize(20);
    assertThat(DevnetGenesis.accounts().get(0).address())
        .isEqualTo(Address.fromHex("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
    assertThat(Hex.prefixed(DevnetGenesis.accounts().get(0).privateKeyBytes()))
        .isEqualTo("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    assertThat(DevnetGenesis.accounts().get(19).address())
        .isEqualTo(Address.fromHex("0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C1199"));
    assertThat(g.alloc().values()).allSatisfy(a -> assertThat(a.balance().toBigInteger())
        .isEqualTo(new BigInteger("10000000000000000000000")));
    assertThat(DevnetGenesis.create(16600).chainId()).isEqualTo(16600);
  }
}
