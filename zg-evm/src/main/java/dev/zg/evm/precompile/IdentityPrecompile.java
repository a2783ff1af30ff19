package dev.zg.evm.precompile;

/** 0x04 IDENTITY (Yellow Paper, appendix E): returns its input; 15 gas plus 3 per word. */
final class IdentityPrecompile implements Precompile {
  @Override
  public long gas(byte[] input) {
    return 15 + 3 * PrecompileInput.words(input);
  }

  @Override
  public byte[] run(byte[] input) {
    return input.clone();
  }
}
