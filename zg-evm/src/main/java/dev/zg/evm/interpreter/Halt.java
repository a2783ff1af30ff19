package dev.zg.evm.interpreter;

/**
 * How a frame ended. STOP, RETURN and REVERT are normal; the rest are exceptional halts,
 * which consume all the frame's gas and discard its output.
 */
public enum Halt {
  STOP,
  RETURN,
  REVERT,
  SELFDESTRUCT,
  OUT_OF_GAS,
  INVALID_OPCODE,
  STACK_UNDERFLOW,
  STACK_OVERFLOW,
  INVALID_JUMP,
  STATIC_STATE_CHANGE,
  RETURN_DATA_OUT_OF_BOUNDS,
  CODE_SIZE_EXCEEDED,
  INVALID_CODE_PREFIX,
  INIT_CODE_SIZE_EXCEEDED,
  CREATE_COLLISION,
  PRECOMPILE_FAILURE,
  CALL_DEPTH_EXCEEDED,
  INSUFFICIENT_BALANCE,
  NONCE_OVERFLOW;

  /** True for STOP, RETURN and SELFDESTRUCT. */
  public boolean isSuccess() {
    return this == STOP || this == RETURN || this == SELFDESTRUCT;
  }

  /** True when the halt burns the frame's remaining gas. */
  public boolean consumesAllGas() {
    return !isSuccess() && this != REVERT;
  }

  /** The name geth and EIP-3155 traces use for the error, or null for normal ends. */
  public String traceError() {
    return switch (this) {
      case STOP, RETURN, SELFDESTRUCT -> null;
      case REVERT -> "execution reverted";
      case OUT_OF_GAS -> "out of gas";
      case INVALID_OPCODE -> "invalid opcode";
      case STACK_UNDERFLOW -> "stack underflow";
      case STACK_OVERFLOW -> "stack limit reached 1024 (1023)";
      case INVALID_JUMP -> "invalid jump destination";
      case STATIC_STATE_CHANGE -> "write protection";
      case RETURN_DATA_OUT_OF_BOUNDS -> "return data out of bounds";
      case CODE_SIZE_EXCEEDED -> "max code size exceeded";
      case INVALID_CODE_PREFIX -> "invalid code: must not begin with 0xef";
      case INIT_CODE_SIZE_EXCEEDED -> "max initcode size exceeded";
      case CREATE_COLLISION -> "contract address collision";
      case PRECOMPILE_FAILURE -> "precompiled contract failed";
      case CALL_DEPTH_EXCEEDED -> "max call depth exceeded";
      case INSUFFICIENT_BALANCE -> "insufficient balance for transfer";
      case NONCE_OVERFLOW -> "nonce uint64 overflow";
    };
  }
}
