package dev.zg.evm.interpreter;

/**
 * Observes execution one instruction at a time (EIP-3155 traces, debug_traceTransaction).
 * {@link #step} runs before each instruction with the frame as it is then; {@link #stepDone}
 * after it with the gas the instruction cost (for calls and creates, only the caller's part).
 */
public interface Tracer {
  void step(Frame frame, int opcode, long gasBefore, long refund);

  default void stepDone(Frame frame, int opcode, long gasCost, Halt error) {}

  default void frameEnter(Frame frame) {}

  default void frameExit(Frame frame, Halt halt, long gasLeft, byte[] output) {}
}
