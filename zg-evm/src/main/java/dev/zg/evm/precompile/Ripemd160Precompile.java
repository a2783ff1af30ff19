package dev.zg.evm.precompile;

import org.bouncycastle.crypto.digests.RIPEMD160Digest;

/**
 * 0x03 RIPEMD160 (Yellow Paper, appendix E): 600 gas plus 120 per word; the 20-byte digest is
 * left-padded to a 32-byte word.
 */
final class Ripemd160Precompile implements Precompile {
  @Override
  public long gas(byte[] input) {
    return 600 + 120 * PrecompileInput.words(input);
  }

  @Override
  public byte[] run(byte[] input) {
    RIPEMD160Digest digest = new RIPEMD160Digest();
    digest.update(input, 0, input.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 12);
    return out;
  }
}
