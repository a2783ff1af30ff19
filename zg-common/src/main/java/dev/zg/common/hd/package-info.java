/**
 * Hierarchical deterministic keys: BIP-39 mnemonics (checksum validation and the seed) and
 * BIP-32 derivation of secp256k1 keys along paths such as {@code m/44'/60'/0'/0/0} (BIP-44,
 * Ethereum's coin type 60). Used to recreate the well-known development accounts of the
 * "test test ... junk" mnemonic, the ones Hardhat and Anvil print.
 *
 * <p>Nullness: nothing here accepts or returns null.
 */
package dev.zg.common.hd;
