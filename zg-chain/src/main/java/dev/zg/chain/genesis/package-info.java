/**
 * The chain's genesis: {@link dev.zg.chain.genesis.Genesis} (chain id, header fields,
 * starting accounts) from a geth-style genesis.json or {@link
 * dev.zg.chain.genesis.DevnetGenesis}, the Hardhat-compatible local chain.
 *
 * <p>Nullness: nothing here accepts or returns null.
 */
package dev.zg.chain.genesis;
