package dev.zg.evm.precompile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Hex;
import org.junit.jupiter.api.Test;

/** 0x09 beyond the published EIP-152 vectors: gas, lengths and the final-block flag. */
class Blake2fPrecompileTest {
  private static final Precompile BLAKE2F = new Blake2fPrecompile();
  /** EIP-152 test vector 5: 12 rounds of BLAKE2b("abc"). */
  private static final String VECTOR_5 = "0000000c"
      + "48c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5"
      + "d182e6ad7f520e511f6c3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b"
      + "6162630000000000000000000000000000000000000000000000000000000000"
      + "0000000000000000000000000000000000000000000000000000000000000000"
      + "0000000000000000000000000000000000000000000000000000000000000000"
      + "0000000000000000000000000000000000000000000000000000000000000000"
      + "0300000000000000" + "0000000000000000" + "01";

  @Test
  void gasIsTheRoundCount() {
    byte[] in = Hex.decode(VECTOR_5);
    assertThat(BLAKE2F.gas(in)).isEqualTo(12);
    in[0] = (byte) 0xff;
    in[1] = (byte) 0xff;
    in[2] = (byte) 0xff;
    in[3] = (byte) 0xff;
    assertThat(BLAKE2F.gas(in)).isEqualTo(0xffffffffL); // unsigned
  }

  @Test
  void wrongLengthCostsNothingAndFails() {
    byte[] in = Hex.decode(VECTOR_5);
    byte[] shorter = java.util.Arrays.copyOf(in, 212);
    byte[] longer = java.util.Arrays.copyOf(in, 214);
    assertThat(BLAKE2F.gas(shorter)).isZero();
    assertThat(BLAKE2F.gas(longer)).isZero();
    assertThat(BLAKE2F.run(shorter)).isNull();
    assertThat(BLAKE2F.run(longer)).isNull();
    assertThat(BLAKE2F.run(new byte[0])).isNull();
  }

  @Test
  void finalFlagMustBeZeroOrOne() {
    byte[] in = Hex.decode(VECTOR_5);
    assertThat(BLAKE2F.run(in)).hasSize(64);
    in[212] = 0;
    assertThat(BLAKE2F.run(in)).hasSize(64);
    for (int flag : new int[] {2, 0x80, 0xff}) {
      in[212] = (byte) flag;
      assertThat(BLAKE2F.run(in)).isNull();
    }
  }
}
