package dev.zg.evm.precompile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Bytes;
import dev.zg.common.Hex;
import dev.zg.crypto.kzg.KzgOpenings;
import dev.zg.crypto.kzg.KzgPointEvaluation;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** 0x0a: EIP-4844's output, exact length, versioned-hash binding, and proof failures. */
class PointEvaluationPrecompileTest {
  private static final Precompile POINT_EVALUATION = new PointEvaluationPrecompile();
  /** A real opening of a random blob, made by c-kzg. */
  private static final byte[] VALID = KzgOpenings.random(1).precompileInput();

  @Test
  void returnsBlobSizeAndModulus() {
    byte[] out = POINT_EVALUATION.run(VALID);
    assertThat(Hex.encode(out)).isEqualTo(
        "0000000000000000000000000000000000000000000000000000000000001000"
            + "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001");
    assertThat(POINT_EVALUATION.gas(VALID)).isEqualTo(50_000);
  }

  @Test
  void inputMustBeExactly192Bytes() {
    assertThat(POINT_EVALUATION.run(Arrays.copyOf(VALID, 191))).isNull();
    assertThat(POINT_EVALUATION.run(Bytes.concat(VALID, new byte[1]))).isNull();
    assertThat(POINT_EVALUATION.run(new byte[0])).isNull();
  }

  @Test
  void versionedHashMustNameTheCommitment() {
    byte[] wrongVersion = VALID.clone();
    wrongVersion[0] = 0x02;
    assertThat(POINT_EVALUATION.run(wrongVersion)).isNull();
    byte[] wrongHash = VALID.clone();
    wrongHash[31] ^= 1;
    assertThat(POINT_EVALUATION.run(wrongHash)).isNull();
  }

  @Test
  void wrongValueOrMalformedFieldsFail() {
    byte[] wrongY = VALID.clone();
    wrongY[95] ^= 1;
    assertThat(POINT_EVALUATION.run(wrongY)).isNull();
    byte[] zTooBig = VALID.clone();
    Arrays.fill(zTooBig, 32, 64, (byte) 0xff); // not below BLS_MODULUS
    assertThat(POINT_EVALUATION.run(zTooBig)).isNull();
    byte[] badProof = VALID.clone();
    badProof[144] = 0; // clears the compression flag: not a valid point encoding
    assertThat(POINT_EVALUATION.run(badProof)).isNull();
  }

  @Test
  void zeroPolynomialOpensToZeroAnywhere() {
    byte[] infinity = new byte[48];
    infinity[0] = (byte) 0xc0;
    byte[] z = new byte[32];
    z[31] = 42;
    byte[] in = Bytes.concat(KzgPointEvaluation.versionedHash(infinity), z, new byte[32],
        infinity, infinity);
    assertThat(POINT_EVALUATION.run(in)).hasSize(64);
  }
}
