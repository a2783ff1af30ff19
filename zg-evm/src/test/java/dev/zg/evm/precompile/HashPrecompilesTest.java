package dev.zg.evm.precompile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Hex;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** 0x02, 0x03 and 0x04: FIPS 180-2 and RIPEMD-160 known answers, and per-word gas. */
class HashPrecompilesTest {
  private static final Precompile SHA256 = new Sha256Precompile();
  private static final Precompile RIPEMD160 = new Ripemd160Precompile();
  private static final Precompile IDENTITY = new IdentityPrecompile();
  private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MILLION_A = "a".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII);

  @Test
  void sha256KnownAnswers() {
    assertThat(Hex.encode(SHA256.run(new byte[0])))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(Hex.encode(SHA256.run(ABC)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Hex.encode(SHA256.run(MILLION_A)))
        .isEqualTo("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }

  @Test
  void ripemd160KnownAnswersLeftPadded() {
    String pad = "000000000000000000000000";
    assertThat(Hex.encode(RIPEMD160.run(new byte[0])))
        .isEqualTo(pad + "9c1185a5c5e9fc54612808977ee8f548b2258d31");
    assertThat(Hex.encode(RIPEMD160.run(ABC)))
        .isEqualTo(pad + "8eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
    assertThat(Hex.encode(RIPEMD160.run(MILLION_A)))
        .isEqualTo(pad + "52783243c1697bdbe16d37f97f68f08325dc1528");
  }

  @Test
  void identityCopies() {
    byte[] in = {1, 2, 3};
    byte[] out = IDENTITY.run(in);
    assertThat(out).isEqualTo(in).isNotSameAs(in);
    assertThat(IDENTITY.run(new byte[0])).isEmpty();
  }

  @Test
  void gasIsBasePlusPerWordRoundedUp() {
    int[] lengths = {0, 1, 31, 32, 33, 64, 65};
    long[] words = {0, 1, 1, 1, 2, 2, 3};
    for (int i = 0; i < lengths.length; i++) {
      byte[] in = new byte[lengths[i]];
      assertThat(SHA256.gas(in)).isEqualTo(60 + 12 * words[i]);
      assertThat(RIPEMD160.gas(in)).isEqualTo(600 + 120 * words[i]);
      assertThat(IDENTITY.gas(in)).isEqualTo(15 + 3 * words[i]);
    }
  }
}
