package dev.zg.evm.precompile;

import dev.zg.common.Address;
import dev.zg.common.Bytes;
import dev.zg.common.Secp256k1;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * 0x01 ECRECOVER (Yellow Paper, appendix E): hash || v || r || s, 32 bytes each, to the
 * signer's address left-padded to 32 bytes. A signature that recovers nothing is not a failure:
 * the call succeeds with empty output.
 */
final class EcRecoverPrecompile implements Precompile {
  static final long GAS = 3000;

  @Override
  public long gas(byte[] input) {
    return GAS;
  }

  @Override
  public byte[] run(byte[] input) {
    byte[] in = PrecompileInput.padded(input, 128);
    // v is a whole 32-byte word that must be exactly 27 or 28.
    for (int i = 32; i < 63; i++) {
      if (in[i] != 0) {
        return Bytes.EMPTY;
      }
    }
    int v = in[63] & 0xff;
    if (v != 27 && v != 28) {
      return Bytes.EMPTY;
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(in, 64, 96));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(in, 96, 128));
    // recoverAddress checks r and s in [1, n-1]; the EIP-2 low-s rule is for transactions only.
    Secp256k1.Signature signature = new Secp256k1.Signature(r, s, v - 27);
    Address signer = Secp256k1.recoverAddress(Arrays.copyOf(in, 32), signature);
    return signer == null ? Bytes.EMPTY : signer.toWord();
  }
}
