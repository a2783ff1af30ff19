package dev.zg.chain.store;

import dev.zg.chain.block.StoredReceipt;
import dev.zg.chain.tx.Transaction;
import dev.zg.common.Hash;

/** An included transaction, where it is, and its receipt: what eth_getTransaction* need. */
public record IndexedTransaction(
    Transaction transaction, Hash blockHash, long blockNumber, int index, StoredReceipt receipt) {}
