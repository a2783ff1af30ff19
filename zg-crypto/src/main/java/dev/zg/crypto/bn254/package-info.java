/**
 * BN254 (alt_bn128), zg's own implementation, for the EVM precompiles 0x06..0x08 (EIP-196,
 * EIP-197): {@link dev.zg.crypto.bn254.G1Point}, {@link dev.zg.crypto.bn254.G2Point} and
 * {@link dev.zg.crypto.bn254.Bn254#pairingCheck}. The field tower and the pairing are
 * package-private. Nothing here is null unless documented ({@code decode} returns null for
 * invalid points).
 */
package dev.zg.crypto.bn254;
