/**
 * The contracts {@code zg devnet} starts with: {@link dev.zg.contracts.devnet.DevnetContracts}
 * holds the ordered deployment plan (account #0's nonces, with slots reserved for the compute
 * contracts) and runs it in an {@link dev.zg.contracts.devnet.EvmSandbox}, zg's EVM over an
 * in-memory state, to produce the genesis accounts.
 *
 * <p>Nullness: nothing here accepts or returns null, except that {@code EvmSandbox.send}
 * takes a null recipient to create a contract.
 */
package dev.zg.contracts.devnet;
