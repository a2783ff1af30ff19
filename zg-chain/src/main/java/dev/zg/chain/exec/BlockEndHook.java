package dev.zg.chain.exec;

import dev.zg.evm.BlockEnv;
import dev.zg.evm.state.EvmState;

/**
 * State changes a block makes after its transactions, the same on every node (the staking
 * module completing unbondings and scheduling validator-set changes). It runs in BUILD and
 * IMPORT alike, so its effect is in the block's state root; it emits no receipt.
 */
@FunctionalInterface
public interface BlockEndHook {
  BlockEndHook NONE = (state, block) -> {};

  void endBlock(EvmState state, BlockEnv block);
}
