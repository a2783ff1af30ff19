package dev.zg.evm.precompile;

/**
 * A precompiled contract: a pure function of its input with a gas price. The EVM charges
 * {@link #gas} first; when the caller's gas covers it, {@link #run} computes the output.
 * A {@code null} output is a failure, which consumes all gas given to the call, as for an
 * exceptional halt.
 */
public interface Precompile {
  /** Gas this input costs (may exceed any gas limit; callers compare). */
  long gas(byte[] input);

  /** The output, or {@code null} when the input is invalid. */
  byte[] run(byte[] input);
}
