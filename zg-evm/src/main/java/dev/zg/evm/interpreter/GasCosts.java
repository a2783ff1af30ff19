package dev.zg.evm.interpreter;

/** Cancun's dynamic gas constants, named by the EIP that set them. */
public final class GasCosts {
  private GasCosts() {}

  // EIP-2929 access costs.
  public static final long COLD_ACCOUNT_ACCESS = 2600;
  public static final long COLD_SLOAD = 2100;
  public static final long WARM_STORAGE_READ = 100;

  // EIP-2200 / EIP-3529 storage.
  public static final long SSTORE_SET = 20000;
  public static final long SSTORE_RESET = 5000 - COLD_SLOAD;
  public static final long SSTORE_CLEARS_REFUND = 4800;
  /** SSTORE fails when no more than the call stipend is left (EIP-2200). */
  public static final long SSTORE_SENTRY = 2300;

  // Calls (EIP-150, EIP-2929).
  public static final long CALL_VALUE = 9000;
  public static final long CALL_STIPEND = 2300;
  public static final long NEW_ACCOUNT = 25000;
  public static final long SELFDESTRUCT_NEW_ACCOUNT = 25000;

  // Memory and copying.
  public static final long MEMORY_WORD = 3;
  public static final long QUADRATIC_DIVISOR = 512;
  public static final long COPY_WORD = 3;
  public static final long KECCAK_WORD = 6;
  public static final long LOG_DATA_BYTE = 8;
  public static final long EXP_BYTE = 50;

  // Contract creation (EIP-170, EIP-3860).
  public static final long CODE_DEPOSIT_BYTE = 200;
  public static final long INIT_CODE_WORD = 2;
  public static final int MAX_CODE_SIZE = 24576;
  public static final int MAX_INIT_CODE_SIZE = 2 * MAX_CODE_SIZE;

  public static final int MAX_CALL_DEPTH = 1024;
  public static final int STACK_LIMIT = 1024;

  /** Number of 32-byte words covering {@code bytes} (bytes must be non-negative). */
  public static long words(long bytes) {
    return (bytes + 31) >>> 5;
  }

  /** Total memory cost of {@code words} words: 3 per word plus the quadratic term. */
  public static long memoryCost(long words) {
    return MEMORY_WORD * words + words * words / QUADRATIC_DIVISOR;
  }
}
