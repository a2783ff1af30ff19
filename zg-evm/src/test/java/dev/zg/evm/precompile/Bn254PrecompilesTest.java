package dev.zg.evm.precompile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Bytes;
import dev.zg.common.Hex;
import dev.zg.crypto.bn254.G1Point;
import dev.zg.crypto.bn254.G2Point;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** 0x06, 0x07, 0x08: EIP-196/197 input rules and failures beyond the published vectors. */
class Bn254PrecompilesTest {
  private static final Precompile ADD = new Bn254AddPrecompile();
  private static final Precompile MUL = new Bn254MulPrecompile();
  private static final Precompile PAIRING = new Bn254PairingPrecompile();
  private static final String P =
      "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47";
  private static final byte[] G1 = G1Point.GENERATOR.encode();
  private static final byte[] G2 = G2Point.GENERATOR.encode();
  /** (1, y) on the twist E' but outside G2 (its order is not r). */
  private static final byte[] TWIST_NOT_G2 = Hex.decode("00".repeat(32)
      + "0000000000000000000000000000000000000000000000000000000000000001"
      + "0d1271953ed9ea0836846e70a1934187998c7f790cb4d7511b7f8da82de048a4"
      + "2869111d5381f072f8e2728fdb825a51aadd70e52c9830e9ab4b871c0531f1bb");
  private static final byte[] ONE_WORD = word(1);
  private static final byte[] ZERO_WORD = new byte[32];

  private static byte[] word(long v) {
    return Bytes.unsigned(BigInteger.valueOf(v), 32);
  }

  @Test
  void gasIsTheIstanbulSchedule() {
    assertThat(ADD.gas(new byte[0])).isEqualTo(150);
    assertThat(MUL.gas(new byte[0])).isEqualTo(6000);
    assertThat(PAIRING.gas(new byte[0])).isEqualTo(45_000);
    assertThat(PAIRING.gas(new byte[192])).isEqualTo(79_000);
    assertThat(PAIRING.gas(new byte[4 * 192])).isEqualTo(45_000 + 4 * 34_000);
  }

  @Test
  void addReadsPaddedInputAndRejectsInvalidPoints() {
    byte[] twoG = G1Point.GENERATOR.multiply(BigInteger.TWO).encode();
    assertThat(ADD.run(Bytes.concat(G1, G1))).isEqualTo(twoG);
    assertThat(ADD.run(Bytes.concat(G1, G1, new byte[] {7, 7}))).isEqualTo(twoG); // cut
    assertThat(ADD.run(G1)).isEqualTo(G1); // second point padded to (0, 0)
    assertThat(ADD.run(new byte[0])).isEqualTo(new byte[64]);
    byte[] offCurve = Bytes.concat(word(1), word(3));
    assertThat(ADD.run(Bytes.concat(G1, offCurve))).isNull();
    assertThat(ADD.run(Bytes.concat(offCurve, G1))).isNull();
    byte[] xIsP = Bytes.concat(Hex.decode(P), word(2)); // ≡ (0, 2) but not canonical
    assertThat(ADD.run(Bytes.concat(xIsP, G1))).isNull();
    assertThat(ADD.run(Bytes.concat(G1, Bytes.concat(G1).clone()))).isEqualTo(twoG);
    assertThat(ADD.run(Bytes.concat(G1, G1Point.GENERATOR.negate().encode())))
        .isEqualTo(new byte[64]);
  }

  @Test
  void mulUsesTheWholeScalarAndRejectsInvalidPoints() {
    BigInteger r = new BigInteger(
        "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001", 16);
    assertThat(MUL.run(Bytes.concat(G1, Bytes.unsigned(r, 32)))).isEqualTo(new byte[64]);
    assertThat(MUL.run(Bytes.concat(G1, Bytes.unsigned(r.add(BigInteger.TWO), 32))))
        .isEqualTo(G1Point.GENERATOR.multiply(BigInteger.TWO).encode());
    assertThat(MUL.run(Bytes.concat(G1, ZERO_WORD))).isEqualTo(new byte[64]);
    assertThat(MUL.run(G1)).isEqualTo(new byte[64]); // scalar padded to 0
    assertThat(MUL.run(Bytes.concat(G1, ONE_WORD, new byte[] {9}))).isEqualTo(G1);
    assertThat(MUL.run(Bytes.concat(word(1), word(3), ONE_WORD))).isNull();
    assertThat(MUL.run(Bytes.concat(Hex.decode(P), word(2), ONE_WORD))).isNull();
  }

  @Test
  void pairingAnswersAsAWord() {
    byte[] negG1 = G1Point.GENERATOR.negate().encode();
    assertThat(PAIRING.run(new byte[0])).isEqualTo(ONE_WORD);
    assertThat(PAIRING.run(Bytes.concat(G1, G2, negG1, G2))).isEqualTo(ONE_WORD);
    assertThat(PAIRING.run(Bytes.concat(G1, G2, G1, G2))).isEqualTo(ZERO_WORD);
    assertThat(PAIRING.run(Bytes.concat(G1, G2))).isEqualTo(ZERO_WORD);
    // Pairs with the point at infinity on either side contribute 1.
    assertThat(PAIRING.run(Bytes.concat(new byte[64], G2))).isEqualTo(ONE_WORD);
    assertThat(PAIRING.run(Bytes.concat(G1, new byte[128]))).isEqualTo(ONE_WORD);
  }

  @Test
  void pairingFailsOnBadLengthAndPointsOutsideTheirGroups() {
    byte[] pair = Bytes.concat(G1, G2);
    assertThat(PAIRING.run(java.util.Arrays.copyOf(pair, 191))).isNull();
    assertThat(PAIRING.run(Bytes.concat(pair, new byte[1]))).isNull();
    assertThat(PAIRING.run(Bytes.concat(word(1), word(3), G2))).isNull();
    assertThat(PAIRING.run(Bytes.concat(G1, TWIST_NOT_G2))).isNull();
    assertThat(PAIRING.run(Bytes.concat(new byte[64], TWIST_NOT_G2))).isNull(); // checked anyway
    byte[] offTwist = G2.clone();
    offTwist[127] ^= 1;
    assertThat(PAIRING.run(Bytes.concat(G1, offTwist))).isNull();
    byte[] bigCoordinate = G2.clone();
    System.arraycopy(Hex.decode(P), 0, bigCoordinate, 0, 32); // x.im = p
    assertThat(PAIRING.run(Bytes.concat(G1, bigCoordinate))).isNull();
    // the gas is still charged per whole pair
    assertThat(PAIRING.gas(new byte[191])).isEqualTo(45_000);
  }
}
