// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// The storage-heavy workload: SSTORE and SLOAD over many slots in the three regimes that
/// price differently (EIP-2200, EIP-2929): fresh slots (zero to nonzero), existing slots
/// overwritten once while cold, and warm read-modify-write rounds over the same slots.
///
/// No slot is ever cleared or set back to its original value, so no EVM has a refund to
/// account: the gas each reports is the gas the code burned.
contract StorageLoop {
    uint256 public constant PRESET = 1024;

    uint256[PRESET] private preset;
    uint256[1 << 20] private fresh;

    constructor() {
        for (uint256 i = 0; i < PRESET; ++i) {
            preset[i] = i + 1;
        }
    }

    /// Writes `freshCount` fresh slots, bumps every preset slot once, then runs `rounds`
    /// passes of preset[i] += preset[j] over them. Returns a checksum of the preset slots.
    function run(uint256 freshCount, uint256 rounds) external returns (uint256 checksum) {
        for (uint256 i = 0; i < freshCount; ++i) {
            fresh[i] = i + 1;
        }
        for (uint256 i = 0; i < PRESET; ++i) {
            preset[i] += 1;
        }
        for (uint256 r = 0; r < rounds; ++r) {
            for (uint256 i = 0; i < PRESET; ++i) {
                // A stride coprime with PRESET reads every slot, in an order no cache predicts.
                preset[i] += preset[(i * 389 + r) % PRESET];
            }
        }
        for (uint256 i = 0; i < PRESET; ++i) {
            checksum ^= preset[i] << (i % 200);
        }
    }
}
