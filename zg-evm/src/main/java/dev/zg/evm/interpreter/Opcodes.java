package dev.zg.evm.interpreter;

/**
 * Cancun opcode numbers with each opcode's name, stack inputs and outputs, and static gas.
 * The interpreter reads these tables once per instruction (stack bounds and base gas), so
 * opcode cases only handle their dynamic part. Unassigned bytes have no name and halt.
 */
public final class Opcodes {
  public static final int STOP = 0x00, ADD = 0x01, MUL = 0x02, SUB = 0x03, DIV = 0x04,
      SDIV = 0x05, MOD = 0x06, SMOD = 0x07, ADDMOD = 0x08, MULMOD = 0x09, EXP = 0x0a,
      SIGNEXTEND = 0x0b;
  public static final int LT = 0x10, GT = 0x11, SLT = 0x12, SGT = 0x13, EQ = 0x14,
      ISZERO = 0x15, AND = 0x16, OR = 0x17, XOR = 0x18, NOT = 0x19, BYTE = 0x1a, SHL = 0x1b,
      SHR = 0x1c, SAR = 0x1d;
  public static final int KECCAK256 = 0x20;
  public static final int ADDRESS = 0x30, BALANCE = 0x31, ORIGIN = 0x32, CALLER = 0x33,
      CALLVALUE = 0x34, CALLDATALOAD = 0x35, CALLDATASIZE = 0x36, CALLDATACOPY = 0x37,
      CODESIZE = 0x38, CODECOPY = 0x39, GASPRICE = 0x3a, EXTCODESIZE = 0x3b, EXTCODECOPY = 0x3c,
      RETURNDATASIZE = 0x3d, RETURNDATACOPY = 0x3e, EXTCODEHASH = 0x3f;
  public static final int BLOCKHASH = 0x40, COINBASE = 0x41, TIMESTAMP = 0x42, NUMBER = 0x43,
      PREVRANDAO = 0x44, GASLIMIT = 0x45, CHAINID = 0x46, SELFBALANCE = 0x47, BASEFEE = 0x48,
      BLOBHASH = 0x49, BLOBBASEFEE = 0x4a;
  public static final int POP = 0x50, MLOAD = 0x51, MSTORE = 0x52, MSTORE8 = 0x53, SLOAD = 0x54,
      SSTORE = 0x55, JUMP = 0x56, JUMPI = 0x57, PC = 0x58, MSIZE = 0x59, GAS = 0x5a,
      JUMPDEST = 0x5b, TLOAD = 0x5c, TSTORE = 0x5d, MCOPY = 0x5e, PUSH0 = 0x5f;
  public static final int PUSH1 = 0x60, PUSH32 = 0x7f, DUP1 = 0x80, DUP16 = 0x8f, SWAP1 = 0x90,
      SWAP16 = 0x9f, LOG0 = 0xa0, LOG4 = 0xa4;
  public static final int CREATE = 0xf0, CALL = 0xf1, CALLCODE = 0xf2, RETURN = 0xf3,
      DELEGATECALL = 0xf4, CREATE2 = 0xf5, STATICCALL = 0xfa, REVERT = 0xfd, INVALID = 0xfe,
      SELFDESTRUCT = 0xff;

  static final String[] NAMES = new String[256];
  /** Items the opcode pops. */
  static final int[] INPUTS = new int[256];
  /** Largest stack height at which the opcode may run without overflow. */
  static final int[] MAX_HEIGHT = new int[256];
  /** Gas charged before the opcode's dynamic part. */
  static final long[] STATIC_GAS = new long[256];

  private static void define(int op, String name, int in, int out, long gas) {
    NAMES[op] = name;
    INPUTS[op] = in;
    MAX_HEIGHT[op] = 1024 - Math.max(0, out - in);
    STATIC_GAS[op] = gas;
  }

  static {
    for (int op = 0; op < 256; op++) {
      MAX_HEIGHT[op] = 1024;
    }
    long zero = 0, base = 2, veryLow = 3, low = 5, mid = 8, high = 10;
    define(STOP, "STOP", 0, 0, zero);
    define(ADD, "ADD", 2, 1, veryLow);
    define(MUL, "MUL", 2, 1, low);
    define(SUB, "SUB", 2, 1, veryLow);
    define(DIV, "DIV", 2, 1, low);
    define(SDIV, "SDIV", 2, 1, low);
    define(MOD, "MOD", 2, 1, low);
    define(SMOD, "SMOD", 2, 1, low);
    define(ADDMOD, "ADDMOD", 3, 1, mid);
    define(MULMOD, "MULMOD", 3, 1, mid);
    define(EXP, "EXP", 2, 1, high);
    define(SIGNEXTEND, "SIGNEXTEND", 2, 1, low);
    define(LT, "LT", 2, 1, veryLow);
    define(GT, "GT", 2, 1, veryLow);
    define(SLT, "SLT", 2, 1, veryLow);
    define(SGT, "SGT", 2, 1, veryLow);
    define(EQ, "EQ", 2, 1, veryLow);
    define(ISZERO, "ISZERO", 1, 1, veryLow);
    define(AND, "AND", 2, 1, veryLow);
    define(OR, "OR", 2, 1, veryLow);
    define(XOR, "XOR", 2, 1, veryLow);
    define(NOT, "NOT", 1, 1, veryLow);
    define(BYTE, "BYTE", 2, 1, veryLow);
    define(SHL, "SHL", 2, 1, veryLow);
    define(SHR, "SHR", 2, 1, veryLow);
    define(SAR, "SAR", 2, 1, veryLow);
    define(KECCAK256, "KECCAK256", 2, 1, 30);
    define(ADDRESS, "ADDRESS", 0, 1, base);
    define(BALANCE, "BALANCE", 1, 1, zero);
    define(ORIGIN, "ORIGIN", 0, 1, base);
    define(CALLER, "CALLER", 0, 1, base);
    define(CALLVALUE, "CALLVALUE", 0, 1, base);
    define(CALLDATALOAD, "CALLDATALOAD", 1, 1, veryLow);
    define(CALLDATASIZE, "CALLDATASIZE", 0, 1, base);
    define(CALLDATACOPY, "CALLDATACOPY", 3, 0, veryLow);
    define(CODESIZE, "CODESIZE", 0, 1, base);
    define(CODECOPY, "CODECOPY", 3, 0, veryLow);
    define(GASPRICE, "GASPRICE", 0, 1, base);
    define(EXTCODESIZE, "EXTCODESIZE", 1, 1, zero);
    define(EXTCODECOPY, "EXTCODECOPY", 4, 0, zero);
    define(RETURNDATASIZE, "RETURNDATASIZE", 0, 1, base);
    define(RETURNDATACOPY, "RETURNDATACOPY", 3, 0, veryLow);
    define(EXTCODEHASH, "EXTCODEHASH", 1, 1, zero);
    define(BLOCKHASH, "BLOCKHASH", 1, 1, 20);
    define(COINBASE, "COINBASE", 0, 1, base);
    define(TIMESTAMP, "TIMESTAMP", 0, 1, base);
    define(NUMBER, "NUMBER", 0, 1, base);
    define(PREVRANDAO, "PREVRANDAO", 0, 1, base);
    define(GASLIMIT, "GASLIMIT", 0, 1, base);
    define(CHAINID, "CHAINID", 0, 1, base);
    define(SELFBALANCE, "SELFBALANCE", 0, 1, low);
    define(BASEFEE, "BASEFEE", 0, 1, base);
    define(BLOBHASH, "BLOBHASH", 1, 1, veryLow);
    define(BLOBBASEFEE, "BLOBBASEFEE", 0, 1, base);
    define(POP, "POP", 1, 0, base);
    define(MLOAD, "MLOAD", 1, 1, veryLow);
    define(MSTORE, "MSTORE", 2, 0, veryLow);
    define(MSTORE8, "MSTORE8", 2, 0, veryLow);
    define(SLOAD, "SLOAD", 1, 1, zero);
    define(SSTORE, "SSTORE", 2, 0, zero);
    define(JUMP, "JUMP", 1, 0, mid);
    define(JUMPI, "JUMPI", 2, 0, high);
    define(PC, "PC", 0, 1, base);
    define(MSIZE, "MSIZE", 0, 1, base);
    define(GAS, "GAS", 0, 1, base);
    define(JUMPDEST, "JUMPDEST", 0, 0, 1);
    define(TLOAD, "TLOAD", 1, 1, 100);
    define(TSTORE, "TSTORE", 2, 0, 100);
    define(MCOPY, "MCOPY", 3, 0, veryLow);
    define(PUSH0, "PUSH0", 0, 1, base);
    for (int i = 0; i < 32; i++) {
      define(PUSH1 + i, "PUSH" + (i + 1), 0, 1, veryLow);
    }
    for (int i = 0; i < 16; i++) {
      define(DUP1 + i, "DUP" + (i + 1), i + 1, i + 2, veryLow);
      define(SWAP1 + i, "SWAP" + (i + 1), i + 2, i + 2, veryLow);
    }
    for (int i = 0; i <= 4; i++) {
      define(LOG0 + i, "LOG" + i, 2 + i, 0, 375 + 375L * i);
    }
    define(CREATE, "CREATE", 3, 1, 32000);
    define(CALL, "CALL", 7, 1, zero);
    define(CALLCODE, "CALLCODE", 7, 1, zero);
    define(RETURN, "RETURN", 2, 0, zero);
    define(DELEGATECALL, "DELEGATECALL", 6, 1, zero);
    define(CREATE2, "CREATE2", 4, 1, 32000);
    define(STATICCALL, "STATICCALL", 6, 1, zero);
    define(REVERT, "REVERT", 2, 0, zero);
    define(INVALID, "INVALID", 0, 0, zero);
    define(SELFDESTRUCT, "SELFDESTRUCT", 1, 0, 5000);
  }

  private Opcodes() {}

  /** The mnemonic, or {@code "opcode 0xNN not defined"} for unassigned bytes. */
  public static String name(int op) {
    String n = NAMES[op & 0xff];
    return n != null ? n : String.format("opcode 0x%02x not defined", op & 0xff);
  }

  public static boolean isDefined(int op) {
    return NAMES[op & 0xff] != null && op != INVALID;
  }
}
