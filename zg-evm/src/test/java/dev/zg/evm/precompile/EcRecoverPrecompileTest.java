package dev.zg.evm.precompile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Bytes;
import dev.zg.common.Hex;
import dev.zg.common.Keccak256;
import dev.zg.common.Secp256k1;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class EcRecoverPrecompileTest {
  private static final Precompile ECRECOVER = new EcRecoverPrecompile();
  private static final Secp256k1.KeyPair KEY = Secp256k1.KeyPair.fromPrivateKey(BigInteger.TEN);
  private static final byte[] HASH = Keccak256.hash("zg".getBytes());

  private static byte[] input(byte[] hash, byte[] v32, BigInteger r, BigInteger s) {
    return Bytes.concat(hash, v32, Bytes.unsigned(r, 32), Bytes.unsigned(s, 32));
  }

  private static byte[] v(int value) {
    byte[] word = new byte[32];
    word[31] = (byte) value;
    return word;
  }

  @Test
  void recoversTheSignerAsALeftPaddedWord() {
    Secp256k1.Signature sig = Secp256k1.sign(HASH, KEY.privateKey());
    byte[] out = ECRECOVER.run(input(HASH, v(27 + sig.recoveryId()), sig.r(), sig.s()));
    assertThat(out).isEqualTo(KEY.address().toWord());
    assertThat(ECRECOVER.gas(new byte[0])).isEqualTo(3000);
  }

  @Test
  void highSIsAcceptedUnlikeInTransactions() {
    Secp256k1.Signature sig = Secp256k1.sign(HASH, KEY.privateKey());
    BigInteger highS = Secp256k1.N.subtract(sig.s());
    int flippedV = 27 + (sig.recoveryId() ^ 1);
    assertThat(ECRECOVER.run(input(HASH, v(flippedV), sig.r(), highS)))
        .isEqualTo(KEY.address().toWord());
  }

  @Test
  void invalidSignaturesSucceedWithEmptyOutput() {
    Secp256k1.Signature sig = Secp256k1.sign(HASH, KEY.privateKey());
    BigInteger r = sig.r();
    BigInteger s = sig.s();
    byte[] highBitInV = v(27);
    highBitInV[0] = 1;
    byte[][] bad = {
      input(HASH, v(26), r, s),
      input(HASH, v(29), r, s),
      input(HASH, v(0), r, s),
      input(HASH, v(1), r, s),
      input(HASH, highBitInV, r, s),
      input(HASH, v(27), BigInteger.ZERO, s),
      input(HASH, v(27), r, BigInteger.ZERO),
      input(HASH, v(27), Secp256k1.N, s),
      input(HASH, v(27), r, Secp256k1.N),
      input(HASH, v(27), BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE), s),
      new byte[0],
      new byte[128],
    };
    for (byte[] in : bad) {
      assertThat(ECRECOVER.run(in)).as(Hex.encode(in)).isEmpty();
    }
  }

  @Test
  void shortInputIsRightPaddedAndLongInputCut() {
    Secp256k1.Signature sig = Secp256k1.sign(HASH, KEY.privateKey());
    byte[] full = input(HASH, v(27 + sig.recoveryId()), sig.r(), sig.s());
    byte[] longer = Bytes.concat(full, new byte[] {1, 2, 3});
    assertThat(ECRECOVER.run(longer)).isEqualTo(KEY.address().toWord());
    // An s ending in zero bytes can be sent without them.
    BigInteger sWithZeroTail = sig.s().shiftRight(16).shiftLeft(16);
    byte[] padded = input(HASH, v(27), sig.r(), sWithZeroTail);
    byte[] cut = java.util.Arrays.copyOf(padded, 126);
    assertThat(ECRECOVER.run(cut)).isEqualTo(ECRECOVER.run(padded));
  }
}
