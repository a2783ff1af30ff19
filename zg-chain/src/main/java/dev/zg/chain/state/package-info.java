/**
 * The persistent world state over the key-value store: {@link
 * dev.zg.chain.state.WorldStateStore} (apply a block's changes, read any root, prove accounts
 * and slots for {@code eth_getProof}), {@link dev.zg.chain.state.StateView} (the EVM's
 * {@code WorldView} at one root) and {@link dev.zg.chain.state.AccountState} (the trie's
 * account encoding).
 *
 * <p>Nullness: a missing account is null from {@code StateView.accountState} and
 * {@code account}; nothing else accepts or returns null.
 */
package dev.zg.chain.state;
