package dev.zg.chain.exec;

import dev.zg.evm.BlockEnv;
import dev.zg.evm.state.EvmState;
import java.math.BigInteger;

/**
 * State changes a block makes after its transactions, the same on every node (the staking
 * module completing unbondings, paying rewards, tracking downtime and scheduling validator-set
 * changes). It runs in BUILD and IMPORT alike, so its effect is in the block's state root; it
 * emits no receipt.
 */
@FunctionalInterface
public interface BlockEndHook {
  BlockEndHook NONE = (state, block) -> {};

  void endBlock(EvmState state, BlockEnv block);

  /**
   * The hook with what the block's execution knows beyond {@link BlockEnv}; the executor calls
   * this one. Hooks that need neither field implement only the two-argument method.
   */
  default void endBlock(EvmState state, BlockEnv block, BlockEnd end) {
    endBlock(state, block);
  }

  /**
   * @param extraData the header's extraData (the validator host carries the previous block's
   *     signer bitmap there)
   * @param priorityFees the priority fees the block's transactions paid to the coinbase
   */
  record BlockEnd(byte[] extraData, BigInteger priorityFees) {
    public BlockEnd {
      extraData = extraData.clone();
    }

    @Override
    public byte[] extraData() {
      return extraData.clone();
    }
  }
}
