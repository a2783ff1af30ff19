/**
 * The chain on disk: {@link dev.zg.chain.store.ChainStore} (blocks, receipts, indexes, head
 * and world state in one key-value store; one fsynced batch per block; log queries over header
 * blooms).
 *
 * <p>Nullness: reads return {@code Optional}; nothing here accepts or returns null.
 */
package dev.zg.chain.store;
