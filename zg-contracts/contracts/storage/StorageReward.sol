// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import "./StorageTypes.sol";

/// Storage fees become mining rewards. Fees are kept in one pool per pricing index (2^25
/// sectors, 8 GiB of the flow), spread pro rata over the indices an entry touches after the
/// treasury's service fee. A pool starts releasing once the flow has filled its 8 GiB, and
/// releases linearly over releaseSeconds. Each accepted PoRA answer for an index takes half of
/// what that pool has released and not yet paid, plus baseReward from the base pool (this
/// contract's balance beyond what the pools and payouts owe, funded by plain transfers).
/// Payouts are pull-based: claims credit the beneficiary, who calls withdraw.
contract StorageReward is AccessControl {
    bytes32 public constant PARAMS_ADMIN_ROLE = keccak256("PARAMS_ADMIN_ROLE");
    uint256 public constant PRICING_SECTORS = 1 << 25;
    uint256 public constant BPS = 10_000;

    struct Pool {
        uint128 filled;
        uint128 paid;
        uint64 releaseStart;
    }

    address public immutable market;
    address public immutable mine;
    address public immutable treasury;
    uint256 public immutable serviceFeeRateBps;
    uint256 public immutable releaseSeconds;
    uint256 public baseReward;

    mapping(uint256 => Pool) private pools;
    /// Pricing indices below this are full and releasing.
    uint256 public releasingIndices;
    mapping(address => uint256) public pendingRewards;
    /// What the pools and pending payouts owe; the rest of the balance is the base pool.
    uint256 public committed;

    event RewardFilled(uint256 indexed pricingIndex, uint256 amount);
    event MineReward(
        uint256 indexed pricingIndex, address indexed beneficiary, bytes32 minerId, uint256 amount
    );
    event Withdrawn(address indexed beneficiary, uint256 amount);

    error OnlyMarket(address caller);
    error OnlyMine(address caller);
    error NothingToWithdraw(address beneficiary);

    constructor(
        address market_,
        address mine_,
        address treasury_,
        uint256 serviceFeeRateBps_,
        uint256 releaseSeconds_,
        uint256 baseReward_,
        address admin
    ) {
        require(serviceFeeRateBps_ <= BPS, "StorageReward: service fee above 100%");
        require(releaseSeconds_ > 0, "StorageReward: releaseSeconds must be positive");
        market = market_;
        mine = mine_;
        treasury = treasury_;
        serviceFeeRateBps = serviceFeeRateBps_;
        releaseSeconds = releaseSeconds_;
        baseReward = baseReward_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PARAMS_ADMIN_ROLE, admin);
    }

    receive() external payable {}

    function setBaseReward(uint256 baseReward_) external onlyRole(PARAMS_ADMIN_ROLE) {
        baseReward = baseReward_;
    }

    /// The fee for sectors [beforeLength, beforeLength + chargedSectors) of the flow.
    function fillReward(uint256 beforeLength, uint256 chargedSectors) external payable {
        if (msg.sender != market) revert OnlyMarket(msg.sender);
        if (msg.value == 0 || chargedSectors == 0) return;
        uint256 fee = msg.value * serviceFeeRateBps / BPS;
        if (fee > 0) pendingRewards[treasury] += fee;
        uint256 rest = msg.value - fee;
        committed += msg.value;
        uint256 end = beforeLength + chargedSectors;
        uint256 first = beforeLength / PRICING_SECTORS;
        uint256 last = (end - 1) / PRICING_SECTORS;
        uint256 given = 0;
        for (uint256 i = first; i <= last; i++) {
            uint256 from = i == first ? beforeLength : i * PRICING_SECTORS;
            uint256 to = i == last ? end : (i + 1) * PRICING_SECTORS;
            uint256 part = i == last ? rest - given : rest * (to - from) / chargedSectors;
            given += part;
            pools[i].filled += uint128(part);
            emit RewardFilled(i, part);
        }
        // Pools whose 8 GiB the flow has now passed start releasing.
        uint256 full = end / PRICING_SECTORS;
        for (uint256 i = releasingIndices; i < full; i++) {
            pools[i].releaseStart = uint64(block.timestamp);
        }
        if (full > releasingIndices) releasingIndices = full;
    }

    /// Released and not yet paid from a pricing index's pool.
    function claimable(uint256 pricingIndex) public view returns (uint256) {
        Pool storage pool = pools[pricingIndex];
        if (pricingIndex >= releasingIndices) return 0;
        uint256 elapsed = block.timestamp - pool.releaseStart;
        uint256 released = elapsed >= releaseSeconds
            ? pool.filled
            : uint256(pool.filled) * elapsed / releaseSeconds;
        return released - pool.paid;
    }

    function baseRewardPool() public view returns (uint256) {
        return address(this).balance - committed;
    }

    /// Called by the mine for an accepted answer in pricingIndex: credits the beneficiary
    /// with half of the pool's claimable balance plus the base reward (as far as funded).
    function claimMineReward(uint256 pricingIndex, address beneficiary, bytes32 minerId)
        external
    {
        if (msg.sender != mine) revert OnlyMine(msg.sender);
        uint256 fromPool = claimable(pricingIndex) / 2;
        pools[pricingIndex].paid += uint128(fromPool);
        uint256 fromBase = baseReward;
        uint256 available = baseRewardPool();
        if (fromBase > available) fromBase = available;
        uint256 amount = fromPool + fromBase;
        committed += fromBase; // the pool part was committed when it was filled
        pendingRewards[beneficiary] += amount;
        emit MineReward(pricingIndex, beneficiary, minerId, amount);
    }

    function withdraw() external {
        uint256 amount = pendingRewards[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        pendingRewards[msg.sender] = 0;
        committed -= amount;
        (bool ok,) = payable(msg.sender).call{value: amount}("");
        require(ok, "StorageReward: transfer failed");
        emit Withdrawn(msg.sender, amount);
    }

    /// The first sector whose reward has not been fully released: data before it may be
    /// pruned. Scans the releasing pools (bounded by the flow's size in 8 GiB units).
    function firstRewardableChunk() external view returns (uint256) {
        uint256 i = 0;
        while (i < releasingIndices
            && block.timestamp - pools[i].releaseStart >= releaseSeconds) {
            i++;
        }
        return i * PRICING_SECTORS;
    }

    function pool(uint256 pricingIndex)
        external
        view
        returns (uint256 filled, uint256 paid, uint256 releaseStart)
    {
        Pool storage p = pools[pricingIndex];
        return (p.filled, p.paid, p.releaseStart);
    }
}
