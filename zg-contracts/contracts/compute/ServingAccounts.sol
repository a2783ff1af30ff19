// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IServing} from "./IServing.sol";

/// What both serving contracts share: the owner, the ledger, the provider list with its stakes
/// and signer acknowledgement, and user–provider
/// sub-accounts funded by the LedgerManager with a queue of refunds that mature after
/// `lockTime`. The sub-accounts' money sits in this contract; matured refunds go back to the
/// ledger, settled fees to the provider.
abstract contract ServingAccounts is IServing, IERC165 {
    struct RefundCore {
        uint256 index;
        uint256 amount;
        uint256 createdAt;
    }

    struct AccountCore {
        address user;
        address provider;
        uint256 nonce;
        uint256 balance;
        uint256 pendingRefund;
        RefundCore[] refunds; // pending only, oldest first
        string additionalInfo;
        bool acknowledged;
        uint256 refundsCreated;
    }

    uint256 public constant MIN_LOCKTIME = 3600;
    uint256 public constant MAX_LOCKTIME = 604800;
    uint256 public constant MIN_PROVIDER_STAKE = 100 ether;
    uint256 public constant MAX_REFUNDS_PER_ACCOUNT = 5;
    uint256 public constant MAX_PAGE = 50;
    bytes4 public constant ISERVING_INTERFACE_ID = 0x160841b1;

    address public immutable ledger;
    address public owner;
    uint256 public lockTime;

    mapping(address => uint256) internal stakes;
    address[] internal providers;
    mapping(address => uint256) internal providerSlot; // index + 1 in providers
    mapping(bytes32 => AccountCore) internal accounts_;
    bytes32[] internal allKeys;
    mapping(address => bytes32[]) internal keysByProvider;
    mapping(address => bytes32[]) internal keysByUser;
    mapping(bytes32 => uint256[3]) private slots; // index + 1 in allKeys, keysByProvider, keysByUser

    event BalanceUpdated(address indexed user, address indexed provider, uint256 amount, uint256 pendingRefund);
    event RefundRequested(address indexed user, address indexed provider, uint256 indexed index, uint256 timestamp);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
    event LockTimeUpdated(uint256 lockTime);

    error AccountNotExists(address user, address provider);
    error AccountExists(address user, address provider);
    error TooManyRefunds(address user, address provider);
    error ProviderCannotBeUser();
    error DirectDepositsDisabled();
    error NotOwner(address caller);
    error ServiceNotExist(address provider);
    error InsufficientStake(uint256 provided, uint256 required);
    error CannotAddStakeWhenUpdating();

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    modifier onlyLedger() {
        if (msg.sender != ledger) _revertNotLedger();
        _;
    }

    constructor(address ledger_, address owner_) {
        ledger = ledger_;
        owner = owner_;
        emit OwnershipTransferred(address(0), owner_);
    }

    receive() external payable {
        revert DirectDepositsDisabled();
    }

    function supportsInterface(bytes4 id) external pure returns (bool) {
        return id == type(IERC165).interfaceId || id == ISERVING_INTERFACE_ID;
    }

    function transferOwnership(address newOwner) external onlyOwner {
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }

    function updateLockTime(uint256 lockTime_) external onlyOwner {
        _checkLockTime(lockTime_);
        lockTime = lockTime_;
        emit LockTimeUpdated(lockTime_);
    }

    // ---------------------------------------------------------------- providers

    function acknowledgeTEESignerByOwner(address provider) external onlyOwner {
        _requireService(provider);
        _setSignerAcknowledged(provider, true);
    }

    function revokeTEESignerAcknowledgement(address provider) external onlyOwner {
        _requireService(provider);
        _setSignerAcknowledged(provider, false);
    }

    /// Lists the caller as a provider holding the stake sent (at least MIN_PROVIDER_STAKE), or,
    /// when it is listed already, checks that an update sends nothing. True when newly listed.
    function _enrollProvider() internal returns (bool added) {
        if (providerSlot[msg.sender] != 0) {
            if (msg.value != 0) revert CannotAddStakeWhenUpdating();
            return false;
        }
        if (msg.value < MIN_PROVIDER_STAKE) revert InsufficientStake(msg.value, MIN_PROVIDER_STAKE);
        stakes[msg.sender] = msg.value;
        providers.push(msg.sender);
        providerSlot[msg.sender] = providers.length;
        return true;
    }

    /// Takes the caller off the provider list and returns its stake, which the caller pays out
    /// after deleting its service and emitting its event.
    function _delistProvider() internal returns (uint256 stake) {
        uint256 slot = providerSlot[msg.sender];
        if (slot == 0) revert ServiceNotExist(msg.sender);
        address last = providers[providers.length - 1];
        providers[slot - 1] = last;
        providerSlot[last] = slot;
        providers.pop();
        delete providerSlot[msg.sender];
        stake = stakes[msg.sender];
        delete stakes[msg.sender];
    }

    function _requireService(address provider) internal view {
        if (providerSlot[provider] == 0) revert ServiceNotExist(provider);
    }

    /// Records the owner's acknowledgement of a listed provider's signer key.
    function _setSignerAcknowledged(address provider, bool acknowledged) internal virtual;

    // ---------------------------------------------------------------- IServing (ledger only)

    function accountExists(address user, address provider) external view returns (bool) {
        return accounts_[_key(user, provider)].user != address(0);
    }

    function getPendingRefund(address user, address provider) external view returns (uint256) {
        return accounts_[_key(user, provider)].pendingRefund;
    }

    /// Opens the sub-account with the value sent; opening acknowledges the provider's signer.
    function addAccount(address user, address provider, string calldata additionalInfo)
        external
        payable
        onlyLedger
    {
        if (user == provider) revert ProviderCannotBeUser();
        bytes32 k = _key(user, provider);
        AccountCore storage a = accounts_[k];
        if (a.user != address(0)) revert AccountExists(user, provider);
        a.user = user;
        a.provider = provider;
        a.balance = msg.value;
        a.additionalInfo = additionalInfo;
        a.acknowledged = true;
        allKeys.push(k);
        keysByProvider[provider].push(k);
        keysByUser[user].push(k);
        slots[k] = [allKeys.length, keysByProvider[provider].length, keysByUser[user].length];
        emit BalanceUpdated(user, provider, a.balance, 0);
    }

    /// Adds the value sent and cancels up to `cancelRetrievingAmount` of pending refunds,
    /// newest first.
    function depositFund(address user, address provider, uint256 cancelRetrievingAmount)
        external
        payable
        onlyLedger
    {
        bytes32 k = _existing(user, provider);
        AccountCore storage a = accounts_[k];
        if (cancelRetrievingAmount > a.pendingRefund) cancelRetrievingAmount = a.pendingRefund;
        _takeFromRefunds(a, cancelRetrievingAmount);
        a.balance += msg.value;
        a.acknowledged = true;
        emit BalanceUpdated(user, provider, a.balance, a.pendingRefund);
    }

    /// Starts a refund of everything not already being refunded.
    function requestRefundAll(address user, address provider) external onlyLedger {
        AccountCore storage a = accounts_[_existing(user, provider)];
        uint256 amount = a.balance - a.pendingRefund;
        if (amount == 0) return;
        if (a.refunds.length >= MAX_REFUNDS_PER_ACCOUNT) revert TooManyRefunds(user, provider);
        uint256 index = a.refundsCreated++;
        a.refunds.push(RefundCore(index, amount, block.timestamp));
        a.pendingRefund += amount;
        emit RefundRequested(user, provider, index, block.timestamp);
        emit BalanceUpdated(user, provider, a.balance, a.pendingRefund);
    }

    /// Sends the matured refunds back to the ledger.
    function processRefund(address user, address provider)
        external
        onlyLedger
        returns (uint256 totalAmount, uint256 balance, uint256 pendingRefund)
    {
        AccountCore storage a = accounts_[_existing(user, provider)];
        uint256 kept = 0;
        for (uint256 i = 0; i < a.refunds.length; i++) {
            RefundCore memory r = a.refunds[i];
            if (r.createdAt + lockTime <= block.timestamp) {
                totalAmount += r.amount;
            } else {
                a.refunds[kept++] = r;
            }
        }
        while (a.refunds.length > kept) a.refunds.pop();
        a.balance -= totalAmount;
        a.pendingRefund -= totalAmount;
        balance = a.balance;
        pendingRefund = a.pendingRefund;
        if (totalAmount > 0) {
            emit BalanceUpdated(user, provider, balance, pendingRefund);
            (bool ok,) = payable(ledger).call{value: totalAmount}("");
            if (!ok) _revertLedgerTransferFailed();
        }
    }

    /// Forgets an empty sub-account.
    function deleteAccount(address user, address provider) external onlyLedger {
        bytes32 k = _existing(user, provider);
        if (accounts_[k].balance != 0) revert AccountExists(user, provider);
        uint256[3] memory s = slots[k];
        _unlist(allKeys, s[0], 0);
        _unlist(keysByProvider[provider], s[1], 1);
        _unlist(keysByUser[user], s[2], 2);
        delete slots[k];
        delete accounts_[k];
        _onDelete(k);
    }

    // ---------------------------------------------------------------- users

    function acknowledgeTEESigner(address provider, bool acknowledged) external {
        accounts_[_existing(msg.sender, provider)].acknowledged = acknowledged;
    }

    // ---------------------------------------------------------------- internals

    function _key(address user, address provider) internal pure returns (bytes32) {
        return keccak256(abi.encode(user, provider));
    }

    function _existing(address user, address provider) internal view returns (bytes32 k) {
        k = _key(user, provider);
        if (accounts_[k].user == address(0)) revert AccountNotExists(user, provider);
    }

    /// Takes `amount` from the account for a settled fee: first from the part not being
    /// refunded, then from pending refunds, newest first.
    function _charge(bytes32 k, uint256 amount) internal {
        AccountCore storage a = accounts_[k];
        uint256 free = a.balance - a.pendingRefund;
        if (amount > free) _takeFromRefunds(a, amount - free);
        a.balance -= amount;
        emit BalanceUpdated(a.user, a.provider, a.balance, a.pendingRefund);
    }

    function _takeFromRefunds(AccountCore storage a, uint256 amount) private {
        a.pendingRefund -= amount;
        while (amount > 0) {
            RefundCore storage last = a.refunds[a.refunds.length - 1];
            if (last.amount <= amount) {
                amount -= last.amount;
                a.refunds.pop();
            } else {
                last.amount -= amount;
                amount = 0;
            }
        }
    }

    function _pay(address to, uint256 amount) internal {
        if (amount == 0) return;
        (bool ok,) = payable(to).call{value: amount}("");
        if (!ok) _revertTransferFailed();
    }

    function _unlist(bytes32[] storage list, uint256 slot, uint256 which) private {
        bytes32 last = list[list.length - 1];
        list[slot - 1] = last;
        slots[last][which] = slot;
        list.pop();
    }

    function _checkLockTime(uint256 lockTime_) internal pure virtual;

    function _revertNotLedger() internal view virtual;

    function _revertTransferFailed() internal pure virtual;

    function _revertLedgerTransferFailed() internal pure virtual {
        _revertTransferFailed();
    }

    function _onDelete(bytes32 k) internal virtual {}
}
