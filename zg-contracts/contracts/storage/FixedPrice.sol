// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import "./StorageTypes.sol";

/// 0G Storage's market at a fixed price per 256-byte sector. The Flow forwards each
/// submission's whole payment here; the market splits the base fee (price times the entry's
/// sectors) pro rata between the alignment padding and the entry, adds any overpayment to the
/// entry's part, and hands both parts to the reward contract for the sectors they pay for.
contract FixedPrice is AccessControl {
    bytes32 public constant PARAMS_ADMIN_ROLE = keccak256("PARAMS_ADMIN_ROLE");

    address public immutable flow;
    IReward public immutable reward;
    uint256 public pricePerSector;

    event PricePerSectorChanged(uint256 pricePerSector);

    error OnlyFlow(address caller);

    constructor(address flow_, IReward reward_, uint256 pricePerSector_, address admin) {
        require(flow_ != address(0), "FixedPrice: flow is the zero address");
        require(address(reward_) != address(0), "FixedPrice: reward is the zero address");
        flow = flow_;
        reward = reward_;
        pricePerSector = pricePerSector_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PARAMS_ADMIN_ROLE, admin);
    }

    function setPricePerSector(uint256 pricePerSector_) external onlyRole(PARAMS_ADMIN_ROLE) {
        pricePerSector = pricePerSector_;
        emit PricePerSectorChanged(pricePerSector_);
    }

    /// Called by the Flow with the payment: the flow was beforeLength sectors long, then
    /// paddingSectors of alignment padding and the entry's uploadSectors were appended.
    function chargeFee(uint256 beforeLength, uint256 uploadSectors, uint256 paddingSectors)
        external
        payable
    {
        if (msg.sender != flow) revert OnlyFlow(msg.sender);
        uint256 base = pricePerSector * uploadSectors;
        uint256 paddingPart = paddingSectors == 0
            ? 0
            : base * paddingSectors / (uploadSectors + paddingSectors);
        uint256 entryPart = msg.value - paddingPart;
        if (paddingPart > 0) reward.fillReward{value: paddingPart}(beforeLength, paddingSectors);
        reward.fillReward{value: entryPart}(beforeLength + paddingSectors, uploadSectors);
    }
}
