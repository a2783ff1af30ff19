package dev.zg.evm.interpreter;

/**
 * Bytecode ready to run: a copy padded with 33 zero bytes (so PUSH32 at the end and running
 * off the end both read zeros, i.e. STOP, without bounds checks in the loop) and the set of
 * valid JUMPDEST positions (not inside PUSH data). Immutable; cached by code hash.
 */
public final class CodeInfo {
  static final int PADDING = 33;

  final byte[] padded;
  final int length;
  private final long[] jumpDests;

  public CodeInfo(byte[] code) {
    this.length = code.length;
    this.padded = new byte[code.length + PADDING];
    System.arraycopy(code, 0, padded, 0, code.length);
    this.jumpDests = new long[(code.length + 63) >>> 6];
    for (int pc = 0; pc < code.length; pc++) {
      int op = code[pc] & 0xff;
      if (op == Opcodes.JUMPDEST) {
        jumpDests[pc >>> 6] |= 1L << (pc & 63);
      } else if (op >= Opcodes.PUSH1 && op <= Opcodes.PUSH32) {
        pc += op - Opcodes.PUSH1 + 1;
      }
    }
  }

  public int length() {
    return length;
  }

  /** The original bytes (without padding), copied. */
  public byte[] code() {
    return java.util.Arrays.copyOf(padded, length);
  }

  boolean isJumpDest(long pc) {
    return pc >= 0 && pc < length && (jumpDests[(int) pc >>> 6] & (1L << (pc & 63))) != 0;
  }
}
