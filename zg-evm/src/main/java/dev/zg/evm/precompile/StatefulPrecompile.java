package dev.zg.evm.precompile;

import dev.zg.common.Address;
import dev.zg.common.UInt256;
import dev.zg.evm.BlockEnv;
import dev.zg.evm.state.EvmState;

/**
 * A precompile that reads and writes world state: a chain module reached from the EVM (zg's
 * staking module). Its state is the storage of its own account, so it is under the state root
 * like any contract's. The EVM has already moved {@code value} to the precompile's account
 * when {@link #call} runs, and reverts everything the call did (that transfer included) when
 * the outcome is not a success. Only CALL and STATICCALL reach it: a DELEGATECALL or CALLCODE
 * would run it on another account's storage, so the EVM fails those.
 */
public interface StatefulPrecompile extends Precompile {
  /** Unused: the EVM meters a stateful precompile through {@link Outcome#gasUsed}. */
  @Override
  default long gas(byte[] input) {
    return 0;
  }

  /** Unused: the EVM calls {@link #call}. */
  @Override
  default byte[] run(byte[] input) {
    return null;
  }

  /** One message call into the precompile. */
  record Call(EvmState state, BlockEnv block, Address caller, Address self, UInt256 value,
      byte[] input, long gas, boolean isStatic) {}

  /**
   * How the call ended. {@code gasUsed} above the call's gas is an out-of-gas failure (all gas
   * consumed, state reverted). A revert returns the unused gas and its output (an ABI
   * {@code Error(string)} reason).
   */
  record Outcome(boolean reverted, long gasUsed, byte[] output) {
    public static Outcome success(long gasUsed, byte[] output) {
      return new Outcome(false, gasUsed, output);
    }

    public static Outcome revert(long gasUsed, byte[] reason) {
      return new Outcome(true, gasUsed, reason);
    }
  }

  Outcome call(Call call);
}
