package dev.zg.evm.interpreter;

import dev.zg.common.Address;
import dev.zg.common.UInt256;

/**
 * Observes execution (EIP-3155 traces, debug_traceTransaction's struct logger and call
 * tracer). {@link #step} runs before each instruction with the frame as it is then, and
 * {@link #stepDone} after it with the gas it cost (for calls and creates, the caller's part
 * including the gas handed to the callee). {@link #callEnter} and {@link #callExit} bracket
 * every message call and create, including those that run no code (precompiles, accounts
 * without code) and those that fail before starting (depth, balance).
 */
public interface Tracer {
  default void step(Frame frame, int opcode, long gasBefore, long refund) {}

  default void stepDone(Frame frame, int opcode, long gasCost, Halt error) {}

  /**
   * A call or create starts.
   *
   * @param to the callee (for DELEGATECALL and CALLCODE, the code's account), or the new
   *     contract's address for creates
   * @param input call data, or the init code for creates
   */
  default void callEnter(Frame.Kind kind, Address from, Address to, UInt256 value, byte[] input,
      long gas, int depth) {}

  /** The call or create most recently entered and not yet exited has ended. */
  default void callExit(int depth, Halt halt, long gasUsed, byte[] output) {}
}
