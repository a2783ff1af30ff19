/**
 * Block execution: {@link dev.zg.chain.exec.BlockExecutor} runs a block's transactions on its
 * parent state (senders recovered in parallel first, then the EVM in order), building (skip
 * what does not fit) or importing (reject the block), and returns the sealed block, receipts,
 * per-transaction results and the new state root ({@link dev.zg.chain.exec.BlockExecution}).
 *
 * <p>Nullness: {@code ExecutedTransaction.contractAddress()} is null when nothing was created;
 * nothing else accepts or returns null.
 */
package dev.zg.chain.exec;
