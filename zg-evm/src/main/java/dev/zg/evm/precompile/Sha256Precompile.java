package dev.zg.evm.precompile;

import org.bouncycastle.crypto.digests.SHA256Digest;

/** 0x02 SHA256 (Yellow Paper, appendix E): 60 gas plus 12 per word of input. */
final class Sha256Precompile implements Precompile {
  @Override
  public long gas(byte[] input) {
    return 60 + 12 * PrecompileInput.words(input);
  }

  @Override
  public byte[] run(byte[] input) {
    SHA256Digest digest = new SHA256Digest();
    digest.update(input, 0, input.length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }
}
