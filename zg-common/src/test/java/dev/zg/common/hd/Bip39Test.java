package dev.zg.common.hd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import org.junit.jupiter.api.Test;

class Bip39Test {
  private static final String HARDHAT =
      "test test test test test test test test test test test junk";

  @Test
  void wordListIsTheStandardOne() {
    assertThat(Bip39.englishWords()).hasSize(2048);
    assertThat(Bip39.englishWords().get(0)).isEqualTo("abandon");
    assertThat(Bip39.englishWords().get(2047)).isEqualTo("zoo");
    assertThat(Bip39.englishWords()).isSorted();
  }

  /** The first vector of the reference implementation's vectors.json (passphrase "TREZOR"). */
  @Test
  void seedOfTheReferenceVector() {
    String mnemonic = "abandon abandon abandon abandon abandon abandon abandon abandon abandon "
        + "abandon abandon about";
    assertThat(Hex.encode(Bip39.seed(mnemonic, "TREZOR"))).isEqualTo(
        "c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f"
            + "2cf141630c7a3c4ab7c81b2f001698e7463b04");
  }

  /** Hardhat's and Anvil's default accounts, known to every Ethereum developer. */
  @Test
  void derivesTheHardhatAccounts() {
    ExtendedPrivateKey master = ExtendedPrivateKey.fromSeed(Bip39.seed(HARDHAT, ""));
    Secp256k1.KeyPair first = master.derive(DerivationPath.ethereum(0)).keyPair();
    assertThat(first.address())
        .isEqualTo(Address.fromHex("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
    assertThat(Hex.prefixed(first.privateKeyBytes()))
        .isEqualTo("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    assertThat(master.derive("m/44'/60'/0'/0/1").keyPair().address())
        .isEqualTo(Address.fromHex("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"));
    assertThat(master.derive(DerivationPath.ethereum(19)).keyPair().address())
        .isEqualTo(Address.fromHex("0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C1199"));
  }

  @Test
  void rejectsBadMnemonicsWithTheReason() {
    assertThatThrownBy(() -> Bip39.validate("test test test"))
        .hasMessageContaining("12, 15, 18, 21 or 24 words, got 3");
    assertThatThrownBy(() -> Bip39.validate(HARDHAT.replace("junk", "junkk")))
        .hasMessageContaining("word 12 of the mnemonic, 'junkk'");
    assertThatThrownBy(() -> Bip39.validate(HARDHAT.replace("junk", "test")))
        .hasMessageContaining("checksum");
    Bip39.validate("  " + HARDHAT.replace(" ", "\t ") + "\n");
  }
}
