package dev.zg.storage.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.common.Hash;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZeroHashesTest {

  /** Entries of the Flow contract's FlowTreeLib.zeros table. */
  @ParameterizedTest(name = "zeros({0})")
  @CsvSource({
    "0, d397b3b043d87fcd6fad1291ff0bfd16401c274896d8c63a923727f077b8e0b5",
    "1, f73e6947d7d1628b9976a6e40d7b278a8a16405e96324a68df45b12a51b7cfde",
    "2, a1520264ae93cac619e22e8718fc4fa7ebdd23f493cad602434d2a58ff4868fb",
    "10, e68d02859bb6211cec64f52368b77d422de3b8eac34bf615942b814b643301b5",
    "32, 070fec213e105b3e4d9b0434ac2fc7ca721d35093dc741fb9419797003e2394a",
    "63, b48a92d40b61dc995ceecee4cded6415050dcece448b1e0b5e5b6a0e6981f3ef",
  })
  void matchTheContractTable(int height, String hex) {
    assertThat(ZeroHashes.of(height)).isEqualTo(Hash.fromHex(hex));
  }

  @ParameterizedTest
  @CsvSource({"-1", "64"})
  void heightsOutsideTheTable(int height) {
    assertThatThrownBy(() -> ZeroHashes.of(height)).hasMessageContaining("0..63");
  }
}
