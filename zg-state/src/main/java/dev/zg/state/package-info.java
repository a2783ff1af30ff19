/**
 * State storage for zg: the key-value layer ({@code kv}: in memory and RocksDB) and Ethereum's
 * Merkle Patricia Trie on top of it ({@code trie}). Nothing here is null unless documented.
 */
package dev.zg.state;
