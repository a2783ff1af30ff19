package dev.zg.evm.precompile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Address;
import org.junit.jupiter.api.Test;

class PrecompilesTest {
  private final Precompiles cancun = Precompiles.cancun();

  @Test
  void cancunHasOneToTen() {
    assertThat(cancun.addresses()).hasSize(10);
    assertThat(cancun.addresses()).first()
        .isEqualTo(Address.fromHex("0x0000000000000000000000000000000000000001"));
    assertThat(cancun.addresses()).last()
        .isEqualTo(Address.fromHex("0x000000000000000000000000000000000000000a"));
    for (int i = 1; i <= 10; i++) {
      assertThat(cancun.get(i)).isNotNull().isSameAs(cancun.get(Precompiles.address(i)));
      assertThat(cancun.contains(Precompiles.address(i))).isTrue();
    }
    assertThat(cancun.get(1)).isInstanceOf(EcRecoverPrecompile.class);
    assertThat(cancun.get(5)).isInstanceOf(ModExpPrecompile.class);
    assertThat(cancun.get(8)).isInstanceOf(Bn254PairingPrecompile.class);
    assertThat(cancun.get(10)).isInstanceOf(PointEvaluationPrecompile.class);
  }

  @Test
  void othersAreNotPrecompiles() {
    assertThat(cancun.get(0)).isNull();
    assertThat(cancun.get(11)).isNull();
    assertThat(cancun.get(-1)).isNull();
    assertThat(cancun.get(Address.ZERO)).isNull();
    assertThat(cancun.get(Address.fromHex("0x0100000000000000000000000000000000000001")))
        .isNull();
    assertThat(cancun.asMap()).hasSize(10);
  }
}
