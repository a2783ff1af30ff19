// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// The acceptance tests' token: OpenZeppelin's ERC-20, the whole supply minted to the deployer.
contract ZgToken is ERC20 {
    constructor(uint256 supply) ERC20("zg test token", "ZGT") {
        _mint(msg.sender, supply);
    }
}
