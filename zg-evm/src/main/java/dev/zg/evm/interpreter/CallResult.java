package dev.zg.evm.interpreter;

import dev.zg.common.Address;

/**
 * The outcome of a message call or create, as the caller sees it.
 *
 * @param gasLeft gas returned to the caller (zero after an exceptional halt)
 * @param output return or revert data (empty after an exceptional halt and for creates)
 * @param createdAddress the new contract, for a successful create
 */
public record CallResult(Halt halt, long gasLeft, byte[] output, Address createdAddress) {
  public boolean success() {
    return halt.isSuccess();
  }
}
