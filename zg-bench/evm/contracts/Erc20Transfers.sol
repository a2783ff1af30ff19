// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {BenchToken} from "./BenchToken.sol";

/// Drives many ERC-20 transfers from one call, so the per-call overhead of each EVM's
/// entry point is negligible against the transfers themselves.
///
/// The constructor deploys the token and gives each of HOLDERS accounts one unit, so that
/// `run` pays what a typical mainnet transfer pays: a cold recipient slot that already holds
/// a balance (nonzero to nonzero, 2,100 + 2,900 gas), a warm sender slot, a Transfer log.
contract Erc20Transfers {
    uint256 public constant HOLDERS = 2500;
    uint160 private constant FIRST_HOLDER = 0x10000;

    BenchToken public immutable token;

    constructor() {
        token = new BenchToken(type(uint128).max);
        for (uint256 i = 0; i < HOLDERS; ++i) {
            require(token.transfer(holder(i), 1));
        }
    }

    /// Sends `count` transfers (count <= HOLDERS, each to a different holder) and returns the
    /// driver's remaining balance.
    function run(uint256 count) external returns (uint256 remaining) {
        require(count <= HOLDERS, "count");
        for (uint256 i = 0; i < count; ++i) {
            require(token.transfer(holder(i), 1 + (i % 5)));
        }
        return token.balanceOf(address(this));
    }

    function holder(uint256 i) private pure returns (address) {
        return address(FIRST_HOLDER + uint160(i));
    }
}
