// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// Calls the BN254 pairing-check precompile (0x08, EIP-197) in a loop. With a two-pair input
/// each check costs 45,000 + 2 * 34,000 gas (EIP-1108), so the precompile is nearly all of
/// the gas and the workload measures each EVM's pairing code.
contract PairingLoop {
    uint256 private constant PAIRING = 0x08;

    /// Runs the check `count` times on `input`, which must hold (the precompile returns 1).
    /// Returns the number of checks run.
    function run(uint256 count, bytes calldata input) external view returns (uint256 checks) {
        bytes memory data = input;
        for (uint256 i = 0; i < count; ++i) {
            uint256 holds;
            bool ok;
            assembly {
                // The result goes to scratch space, so the loop allocates no memory.
                ok := staticcall(gas(), PAIRING, add(data, 0x20), mload(data), 0x00, 0x20)
                holds := mload(0x00)
            }
            require(ok && holds == 1, "pairing");
            ++checks;
        }
    }
}
