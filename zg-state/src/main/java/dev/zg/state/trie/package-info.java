/**
 * Ethereum's hexary Merkle Patricia Trie ({@link dev.zg.state.trie.MerklePatriciaTrie}), its
 * secure variant for the world state and storage tries ({@link dev.zg.state.trie.SecureTrie}),
 * {@code eth_getProof} proofs, and the {@link dev.zg.state.trie.NodeStore} that persists nodes
 * by hash. Nothing here is null unless documented.
 */
package dev.zg.state.trie;
