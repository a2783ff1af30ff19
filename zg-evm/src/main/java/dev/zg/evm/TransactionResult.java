package dev.zg.evm;

import dev.zg.common.Address;
import dev.zg.evm.interpreter.Halt;
import dev.zg.evm.state.Log;
import java.util.List;

/**
 * A transaction that was included: whether its execution succeeded, the gas it was charged
 * (after refunds), its logs (empty when it failed) and output.
 *
 * @param contractAddress the created contract for a successful create, else null
 */
public record TransactionResult(
    Halt halt,
    long gasUsed,
    long gasRefunded,
    long blobGasUsed,
    List<Log> logs,
    byte[] output,
    Address contractAddress) {

  public boolean success() {
    return halt.isSuccess();
  }
}
