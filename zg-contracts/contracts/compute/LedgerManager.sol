// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IServing} from "./IServing.sol";

/// 0G Compute's ledger: each user's deposit, from which they fund sub-accounts with providers
/// in the registered serving contracts (named "<type>-<version>", e.g. "inference-v1.0").
/// The ledger holds the available part in ETH; the serving contracts hold the sub-accounts'
/// money, call `spendFund` when a provider settles and send matured refunds back.
/// `totalBalance` = available + everything in sub-accounts.
contract LedgerManager {
    struct Ledger {
        address user;
        uint256 availableBalance;
        uint256 totalBalance;
        string additionalInfo;
    }

    struct ServiceInfo {
        address serviceAddress;
        address serviceContract;
        string serviceType;
        string version;
        string fullName;
        string description;
        bool isRecommended;
        uint256 registeredAt;
    }

    uint256 public constant MIN_ACCOUNT_BALANCE = 3 ether;
    uint256 public constant MIN_TRANSFER_AMOUNT = 1 ether;
    uint256 public constant MAX_PROVIDERS_PER_BATCH = 20;
    uint256 public constant MAX_PROVIDERS_PER_USER_PER_SERVICE = 50;
    uint256 public constant MAX_SERVICES = 500;
    uint256 public constant MAX_ADDITIONAL_INFO_LENGTH = 4096;
    uint256 public constant MAX_PAGE = 50;
    bytes4 internal constant ISERVING_ID = 0x160841b1;

    address public owner;

    mapping(address => Ledger) private ledgers;
    address[] private users;
    mapping(address => uint256) private userSlot; // index + 1 in users

    mapping(address => ServiceInfo) private services;
    address[] private serviceList;
    mapping(bytes32 => address) private serviceByName;
    mapping(bytes32 => address) private recommended; // keccak(serviceType) => service

    mapping(address => mapping(address => address[])) private providersOf; // user => service => providers
    mapping(address => mapping(address => mapping(address => bool))) private hasProvider;

    mapping(address => bool) private locked;

    event FundSpent(address indexed user, address indexed service, uint256 amount);
    event ServiceRegistered(address indexed serviceAddress, string serviceName);
    event RecommendedServiceUpdated(string serviceType, string version, address indexed serviceAddress);
    event LedgerUpdated(address indexed user, uint256 availableBalance, uint256 totalBalance);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    error LedgerNotExists(address user);
    error LedgerExists(address user);
    error InsufficientBalance(address user);
    error InsufficientAvailableBalance(uint256 available, uint256 required);
    error MinimumDepositRequired(uint256 minimum, uint256 provided);
    error TooManyProviders(uint256 count, uint256 max);
    error TooManyProvidersForService(uint256 count, uint256 max);
    error ServiceNotRegistered(address service);
    error ServiceNotFound(address service);
    error ServiceNameExists(string name);
    error InvalidServiceAddress(address service);
    error InvalidServiceType(string serviceType);
    error CallerNotRegisteredService(address caller);
    error DirectDepositsDisabled();
    error LedgerLocked();
    error MustWithdrawAllFundsFirst(uint256 totalBalance);
    error AdditionalInfoTooLong(uint256 length, uint256 max);
    error ZeroAmountNotAllowed();
    error ZeroAddressNotAllowed();
    error TransferFailed();
    error CallFailed();
    error NotOwner(address caller);

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    /// One operation per user at a time: the serving contracts call back into the ledger.
    modifier lock(address user) {
        if (locked[user]) revert LedgerLocked();
        locked[user] = true;
        _;
        locked[user] = false;
    }

    /// `initialServices` are registered without the ERC-165 probe: on a fresh chain they are
    /// the serving contracts deployed right after this one at known CREATE addresses.
    constructor(
        address owner_,
        address[] memory initialServices,
        string[] memory serviceTypes,
        string[] memory versions,
        string[] memory descriptions
    ) {
        if (owner_ == address(0)) revert ZeroAddressNotAllowed();
        owner = owner_;
        emit OwnershipTransferred(address(0), owner_);
        for (uint256 i = 0; i < initialServices.length; i++) {
            _register(serviceTypes[i], versions[i], initialServices[i], descriptions[i]);
            _recommend(serviceTypes[i], initialServices[i]);
        }
    }

    receive() external payable {
        // Only matured refunds coming back from a serving contract.
        if (services[msg.sender].serviceAddress == address(0)) revert DirectDepositsDisabled();
    }

    // ---------------------------------------------------------------- ledgers

    function addLedger(string calldata additionalInfo) external payable lock(msg.sender) returns (uint256, uint256) {
        if (userSlot[msg.sender] != 0) revert LedgerExists(msg.sender);
        _checkInfo(additionalInfo);
        _create(msg.sender, msg.value, additionalInfo);
        Ledger storage l = ledgers[msg.sender];
        return (l.availableBalance, l.totalBalance);
    }

    function depositFund() external payable lock(msg.sender) {
        _deposit(msg.sender);
    }

    function depositFundFor(address recipient) external payable lock(recipient) {
        if (recipient == address(0)) revert ZeroAddressNotAllowed();
        _deposit(recipient);
    }

    function refund(uint256 amount) external lock(msg.sender) {
        Ledger storage l = _ledger(msg.sender);
        if (amount == 0) revert ZeroAmountNotAllowed();
        if (l.availableBalance < amount) revert InsufficientBalance(msg.sender);
        uint256 remaining = l.totalBalance - amount;
        if (remaining != 0 && remaining < MIN_ACCOUNT_BALANCE) {
            revert MinimumDepositRequired(MIN_ACCOUNT_BALANCE, remaining);
        }
        l.availableBalance -= amount;
        l.totalBalance = remaining;
        emit LedgerUpdated(msg.sender, l.availableBalance, remaining);
        if (remaining == 0) _delete(msg.sender);
        (bool ok,) = payable(msg.sender).call{value: amount}("");
        if (!ok) revert TransferFailed();
    }

    function deleteLedger() external lock(msg.sender) {
        Ledger storage l = _ledger(msg.sender);
        if (l.totalBalance != 0) revert MustWithdrawAllFundsFirst(l.totalBalance);
        _delete(msg.sender);
    }

    function updateAdditionalInfo(string calldata additionalInfo) external lock(msg.sender) {
        Ledger storage l = _ledger(msg.sender);
        _checkInfo(additionalInfo);
        l.additionalInfo = additionalInfo;
    }

    /// Funds the user's sub-account with `provider` in the service named `serviceName`:
    /// an existing one gets its pending refunds cancelled first (as far as `amount` reaches)
    /// and the rest as a deposit; a missing one is created with at least 1 0G.
    function transferFund(address provider, string calldata serviceName, uint256 amount)
        external
        lock(msg.sender)
    {
        Ledger storage l = _ledger(msg.sender);
        address service = _serviceByName(serviceName);
        if (amount == 0) revert ZeroAmountNotAllowed();
        if (provider == address(0)) revert ZeroAddressNotAllowed();
        IServing serving = IServing(service);
        _recordProvider(msg.sender, service, provider);
        if (serving.accountExists(msg.sender, provider)) {
            uint256 pending = serving.getPendingRefund(msg.sender, provider);
            uint256 cancel = amount < pending ? amount : pending;
            uint256 sent = amount - cancel;
            if (l.availableBalance < sent) revert InsufficientAvailableBalance(l.availableBalance, sent);
            l.availableBalance -= sent;
            serving.depositFund{value: sent}(msg.sender, provider, cancel);
        } else {
            if (amount < MIN_TRANSFER_AMOUNT) revert MinimumDepositRequired(MIN_TRANSFER_AMOUNT, amount);
            if (l.availableBalance < amount) revert InsufficientAvailableBalance(l.availableBalance, amount);
            l.availableBalance -= amount;
            serving.addAccount{value: amount}(msg.sender, provider, l.additionalInfo);
        }
        emit LedgerUpdated(msg.sender, l.availableBalance, l.totalBalance);
    }

    /// For each provider: matured refunds come back to the available balance, and the rest of
    /// the sub-account starts a new refund that matures after the service's lock time.
    function retrieveFund(address[] calldata providers, string calldata serviceName)
        external
        lock(msg.sender)
    {
        Ledger storage l = _ledger(msg.sender);
        address service = _serviceByName(serviceName);
        if (providers.length > MAX_PROVIDERS_PER_BATCH) {
            revert TooManyProviders(providers.length, MAX_PROVIDERS_PER_BATCH);
        }
        IServing serving = IServing(service);
        for (uint256 i = 0; i < providers.length; i++) {
            if (!serving.accountExists(msg.sender, providers[i])) continue;
            uint256 before = address(this).balance;
            (uint256 returned,,) = serving.processRefund(msg.sender, providers[i]);
            if (address(this).balance - before != returned) revert CallFailed();
            l.availableBalance += returned;
            serving.requestRefundAll(msg.sender, providers[i]);
        }
        emit LedgerUpdated(msg.sender, l.availableBalance, l.totalBalance);
    }

    /// Called by a serving contract when a provider settles: the fee left the sub-account.
    function spendFund(address user, uint256 amount) external {
        if (services[msg.sender].serviceAddress == address(0)) revert CallerNotRegisteredService(msg.sender);
        if (userSlot[user] == 0) revert LedgerNotExists(user);
        Ledger storage l = ledgers[user];
        if (l.totalBalance - l.availableBalance < amount) revert InsufficientBalance(user);
        l.totalBalance -= amount;
        emit FundSpent(user, msg.sender, amount);
    }

    function getLedger(address user) external view returns (Ledger memory) {
        if (userSlot[user] == 0) revert LedgerNotExists(user);
        return ledgers[user];
    }

    function getAllLedgers(uint256 offset, uint256 limit)
        external
        view
        returns (Ledger[] memory ledgers_, uint256 total)
    {
        total = users.length;
        uint256 end = _end(offset, limit, total);
        ledgers_ = new Ledger[](end > offset ? end - offset : 0);
        for (uint256 i = offset; i < end; i++) ledgers_[i - offset] = ledgers[users[i]];
    }

    function getLedgerProviders(address user, string calldata serviceName) external view returns (address[] memory) {
        return providersOf[user][_serviceByName(serviceName)];
    }

    // ---------------------------------------------------------------- services

    function registerService(
        string calldata serviceType,
        string calldata version,
        address serviceAddress,
        string calldata description
    ) external onlyOwner {
        if (serviceAddress.code.length == 0) revert InvalidServiceAddress(serviceAddress);
        try IERC165(serviceAddress).supportsInterface(ISERVING_ID) returns (bool ok) {
            if (!ok) revert InvalidServiceAddress(serviceAddress);
        } catch {
            revert InvalidServiceAddress(serviceAddress);
        }
        _register(serviceType, version, serviceAddress, description);
    }

    function setRecommendedService(string calldata serviceType, string calldata version) external onlyOwner {
        address service = serviceByName[keccak256(bytes(string.concat(serviceType, "-", version)))];
        if (service == address(0)) revert InvalidServiceType(serviceType);
        _recommend(serviceType, service);
    }

    function getServiceInfo(address serviceAddress) external view returns (ServiceInfo memory) {
        return services[serviceAddress];
    }

    function getServiceAddressByName(string calldata name) external view returns (address) {
        return serviceByName[keccak256(bytes(name))];
    }

    function getRecommendedService(string calldata serviceType) external view returns (address) {
        return recommended[keccak256(bytes(serviceType))];
    }

    function getAllActiveServices() external view returns (ServiceInfo[] memory out) {
        out = new ServiceInfo[](serviceList.length);
        for (uint256 i = 0; i < serviceList.length; i++) out[i] = services[serviceList[i]];
    }

    function transferOwnership(address newOwner) external onlyOwner {
        if (newOwner == address(0)) revert ZeroAddressNotAllowed();
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }

    // ---------------------------------------------------------------- internals

    function _deposit(address user) private {
        if (msg.value == 0) revert ZeroAmountNotAllowed();
        if (userSlot[user] == 0) {
            _create(user, msg.value, "");
            return;
        }
        Ledger storage l = ledgers[user];
        l.availableBalance += msg.value;
        l.totalBalance += msg.value;
        emit LedgerUpdated(user, l.availableBalance, l.totalBalance);
    }

    function _create(address user, uint256 amount, string memory info) private {
        if (amount < MIN_ACCOUNT_BALANCE) revert MinimumDepositRequired(MIN_ACCOUNT_BALANCE, amount);
        ledgers[user] = Ledger(user, amount, amount, info);
        users.push(user);
        userSlot[user] = users.length;
        emit LedgerUpdated(user, amount, amount);
    }

    function _delete(address user) private {
        uint256 slot = userSlot[user];
        address last = users[users.length - 1];
        users[slot - 1] = last;
        userSlot[last] = slot;
        users.pop();
        delete userSlot[user];
        delete ledgers[user];
        for (uint256 s = 0; s < serviceList.length; s++) {
            address[] storage list = providersOf[user][serviceList[s]];
            for (uint256 i = 0; i < list.length; i++) delete hasProvider[user][serviceList[s]][list[i]];
            delete providersOf[user][serviceList[s]];
        }
    }

    /// Lists `provider` under (user, service) for getLedgerProviders. Sub-accounts outlive a
    /// deleted ledger (so a token generation never goes back), so an existing one is listed
    /// again when a new ledger funds it.
    function _recordProvider(address user, address service, address provider) private {
        if (hasProvider[user][service][provider]) return;
        address[] storage list = providersOf[user][service];
        if (list.length >= MAX_PROVIDERS_PER_USER_PER_SERVICE) {
            revert TooManyProvidersForService(list.length, MAX_PROVIDERS_PER_USER_PER_SERVICE);
        }
        list.push(provider);
        hasProvider[user][service][provider] = true;
    }

    function _ledger(address user) private view returns (Ledger storage) {
        if (userSlot[user] == 0) revert LedgerNotExists(user);
        return ledgers[user];
    }

    function _serviceByName(string calldata name) private view returns (address service) {
        service = serviceByName[keccak256(bytes(name))];
        if (service == address(0)) revert InvalidServiceType(name);
    }

    function _register(string memory serviceType, string memory version, address service, string memory description)
        private
    {
        if (service == address(0)) revert ZeroAddressNotAllowed();
        if (bytes(serviceType).length == 0 || bytes(version).length == 0) revert InvalidServiceType(serviceType);
        if (services[service].serviceAddress != address(0)) revert InvalidServiceAddress(service);
        if (serviceList.length >= MAX_SERVICES) revert InvalidServiceAddress(service);
        string memory fullName = string.concat(serviceType, "-", version);
        bytes32 key = keccak256(bytes(fullName));
        if (serviceByName[key] != address(0)) revert ServiceNameExists(fullName);
        services[service] =
            ServiceInfo(service, service, serviceType, version, fullName, description, false, block.timestamp);
        serviceList.push(service);
        serviceByName[key] = service;
        emit ServiceRegistered(service, fullName);
    }

    function _recommend(string memory serviceType, address service) private {
        bytes32 key = keccak256(bytes(serviceType));
        address previous = recommended[key];
        if (previous != address(0)) services[previous].isRecommended = false;
        recommended[key] = service;
        services[service].isRecommended = true;
        emit RecommendedServiceUpdated(serviceType, services[service].version, service);
    }

    function _checkInfo(string calldata info) private pure {
        if (bytes(info).length > MAX_ADDITIONAL_INFO_LENGTH) {
            revert AdditionalInfoTooLong(bytes(info).length, MAX_ADDITIONAL_INFO_LENGTH);
        }
    }

    function _end(uint256 offset, uint256 limit, uint256 total) private pure returns (uint256) {
        if (limit > MAX_PAGE) limit = MAX_PAGE;
        if (offset >= total) return offset;
        return offset + limit > total ? total : offset + limit;
    }
}
