package dev.zg.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressTest {
  // The examples of EIP-55.
  private static final String[] CHECKSUMMED = {
    "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
    "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
    "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
    "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    "0x52908400098527886E0F7030069857D2E4169EE7",
    "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
    "0xde709f2102306220921060314715629080e2fb77",
    "0x27b1fdb04752bbc536007a920d24acb045561c26",
  };

  @Test
  void eip55ChecksumsMatchTheEip() {
    for (String text : CHECKSUMMED) {
      Address a = Address.fromHex(text.toLowerCase());
      assertThat(a.toChecksumHex()).isEqualTo(text);
      assertThat(Address.fromHex(text)).isEqualTo(a);
    }
  }

  @Test
  void rejectsWrongChecksumAndWrongLength() {
    assertThatThrownBy(() -> Address.fromHex("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"))
        .hasMessageContaining("checksum");
    assertThatThrownBy(() -> Address.fromHex("0x1234")).hasMessageContaining("40 hex digits");
    assertThatThrownBy(() -> Address.fromHex("0xzz" + "0".repeat(38)))
        .hasMessageContaining("invalid hex character");
  }

  @Test
  void upperCaseHasNoChecksum() {
    assertThat(Address.fromHex("0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED"))
        .isEqualTo(Address.fromHex("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"));
  }
}
