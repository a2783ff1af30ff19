/**
 * zg's compiled Solidity contracts, loaded from the jar: {@link dev.zg.contracts.Artifacts}
 * gives each contract's ABI and bytecode as a {@link dev.zg.contracts.ContractArtifact}. The
 * sources are in {@code zg-contracts/contracts}; {@code build.mjs} compiles them.
 *
 * <p>Nullness: nothing here accepts or returns null.
 */
package dev.zg.contracts;
