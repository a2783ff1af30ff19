// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// The Keccak-heavy workload: a hash chain over 64-byte inputs, the size of a mapping-slot
/// computation, so each KECCAK256 costs 36 gas and one permutation.
contract KeccakLoop {
    /// digest(0) = seed; digest(i + 1) = keccak256(digest(i) ++ i). Each step needs the one
    /// before, so no EVM can skip or reorder work. Returns digest(rounds).
    function run(uint256 rounds, bytes32 seed) external pure returns (bytes32 digest) {
        // Assembly on the scratch space: `keccak256(abi.encodePacked(...))` would allocate
        // fresh memory every round and turn the loop into a memory-expansion benchmark.
        assembly {
            digest := seed
            for { let i := 0 } lt(i, rounds) { i := add(i, 1) } {
                mstore(0x00, digest)
                mstore(0x20, i)
                digest := keccak256(0x00, 0x40)
            }
        }
    }
}
