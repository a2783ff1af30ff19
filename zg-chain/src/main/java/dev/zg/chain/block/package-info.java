/**
 * Blocks as Cancun defines them: {@link dev.zg.chain.block.BlockHeader} (20 fields, strict
 * RLP, cached hash), {@link dev.zg.chain.block.Block} (header and transactions; ommers and
 * withdrawals always empty), consensus {@link dev.zg.chain.block.Receipt}s and the stored form
 * RPC reads ({@link dev.zg.chain.block.StoredReceipt}), the 2048-bit
 * {@link dev.zg.chain.block.LogsBloom}, the transactions and receipts roots, and the rules from
 * parent to child (EIP-1559 base fee, EIP-4844 excess blob gas, header bounds).
 *
 * <p>Nullness: nothing here accepts or returns null except where a component says so
 * ({@code StoredReceipt.to} and {@code contractAddress}).
 */
package dev.zg.chain.block;
