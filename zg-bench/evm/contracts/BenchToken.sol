// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// A plain OpenZeppelin ERC-20: the whole supply is minted to whoever deploys it.
contract BenchToken is ERC20 {
    constructor(uint256 supply) ERC20("zg bench token", "ZGB") {
        _mint(msg.sender, supply);
    }
}
