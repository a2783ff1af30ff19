// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IServing, ILedger} from "./IServing.sol";
import {ServingAccounts} from "./ServingAccounts.sol";

/// 0G Compute inference: providers register a service (with a stake) and a signer key the
/// owner acknowledges; users' sub-accounts (funded through the LedgerManager) carry a
/// `generation` and a revocation bitmap for their API tokens; providers settle batches of
/// fees signed with EIP-712 by their signer, with a status per item.
contract InferenceServing is ServingAccounts {
    struct Refund {
        uint256 index;
        uint256 amount;
        uint256 createdAt;
        bool processed;
    }

    struct Account {
        address user;
        address provider;
        uint256 nonce;
        uint256 balance;
        uint256 pendingRefund;
        Refund[] refunds;
        string additionalInfo;
        bool acknowledged;
        uint256 validRefundsLength;
        uint256 generation;
        uint256 revokedBitmap;
    }

    struct Service {
        address provider;
        string serviceType;
        string url;
        uint256 inputPrice;
        uint256 outputPrice;
        uint256 updatedAt;
        string model;
        string verifiability;
        string additionalInfo;
        address teeSignerAddress;
        bool teeSignerAcknowledged;
    }

    struct ServiceParams {
        string serviceType;
        string url;
        string model;
        string verifiability;
        uint256 inputPrice;
        uint256 outputPrice;
        string additionalInfo;
        address teeSignerAddress;
    }

    struct TEESettlementData {
        address user;
        address provider;
        uint256 totalFee;
        bytes32 requestsHash;
        uint256 nonce;
        bytes signature;
    }

    uint8 public constant SUCCESS = 0;
    uint8 public constant PARTIAL = 1;
    uint8 public constant PROVIDER_MISMATCH = 2;
    uint8 public constant NO_TEE_SIGNER = 3;
    uint8 public constant INVALID_NONCE = 4;
    uint8 public constant INVALID_SIGNATURE = 5;

    uint256 public constant MAX_SETTLEMENTS = 50;
    uint256 public constant MAX_BATCH = 500;
    uint256 public constant MAX_SERVICE_INFO_LENGTH = 4096;

    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 public constant TEE_SETTLEMENT_TYPEHASH =
        keccak256("TEESettlement(bytes32 requestsHash,uint256 nonce,address provider,address user,uint256 totalFee)");

    mapping(bytes32 => uint256) private generations;
    mapping(bytes32 => uint256) private bitmaps;

    mapping(address => Service) private services;

    event ServiceUpdated(
        address indexed service,
        string serviceType,
        string url,
        uint256 inputPrice,
        uint256 outputPrice,
        uint256 updatedAt,
        string model,
        string verifiability
    );
    event ServiceRemoved(address indexed service);
    event TokenRevoked(address indexed user, address indexed provider, uint8 tokenId);
    event AllTokensRevoked(address indexed user, address indexed provider, uint256 newGeneration);
    event TEESettlementResult(address indexed user, uint8 status, uint256 unsettledAmount);
    event TEESignerAcknowledged(address indexed user, address indexed provider, bool acknowledged);
    event ProviderTEESignerAcknowledged(address indexed provider, address indexed teeSigner, bool acknowledged);

    error InvalidTEESignature(string reason);
    error CannotRevokeWithNonZeroBalance(address user, address provider, uint256 balance);
    error LockTimeOutOfRange(uint256 lockTime, uint256 min, uint256 max);
    error LimitTooLarge(uint256 limit, uint256 max);
    error BatchSizeTooLarge(uint256 size, uint256 max);
    error TooManySettlements(uint256 count, uint256 max);
    error NoSettlementsProvided();
    error InvalidAddress(address addr);
    error AdditionalInfoTooLong();
    error CallerNotLedger(address caller);
    error TransferFailed();

    constructor(uint256 lockTime_, address ledger_, address owner_) ServingAccounts(ledger_, owner_) {
        _checkLockTime(lockTime_);
        lockTime = lockTime_;
    }

    // ---------------------------------------------------------------- services

    /// Registers (with at least MIN_PROVIDER_STAKE sent) or updates (nothing sent) the
    /// caller's service. A new signer key needs the owner's acknowledgement again.
    function addOrUpdateService(ServiceParams calldata params) external payable {
        if (bytes(params.additionalInfo).length > MAX_SERVICE_INFO_LENGTH) revert AdditionalInfoTooLong();
        Service storage s = services[msg.sender];
        if (_enrollProvider()) {
            s.provider = msg.sender;
        } else {
            if (s.teeSignerAddress != params.teeSignerAddress) s.teeSignerAcknowledged = false;
        }
        s.serviceType = params.serviceType;
        s.url = params.url;
        s.model = params.model;
        s.verifiability = params.verifiability;
        s.inputPrice = params.inputPrice;
        s.outputPrice = params.outputPrice;
        s.additionalInfo = params.additionalInfo;
        s.teeSignerAddress = params.teeSignerAddress;
        s.updatedAt = block.timestamp;
        emit ServiceUpdated(
            msg.sender,
            params.serviceType,
            params.url,
            params.inputPrice,
            params.outputPrice,
            block.timestamp,
            params.model,
            params.verifiability
        );
    }

    /// Removes the caller's service and returns its stake.
    function removeService() external {
        uint256 stake = _delistProvider();
        delete services[msg.sender];
        emit ServiceRemoved(msg.sender);
        _pay(msg.sender, stake);
    }

    function getService(address provider) external view returns (Service memory) {
        _requireService(provider);
        return services[provider];
    }

    function getAllServices(uint256 offset, uint256 limit)
        external
        view
        returns (Service[] memory services_, uint256 total)
    {
        if (limit > MAX_PAGE) revert LimitTooLarge(limit, MAX_PAGE);
        total = providers.length;
        uint256 end = offset + limit > total ? total : offset + limit;
        services_ = new Service[](end > offset ? end - offset : 0);
        for (uint256 i = offset; i < end; i++) services_[i - offset] = services[providers[i]];
    }

    function serviceExists(address provider) external view returns (bool) {
        return providerSlot[provider] != 0;
    }

    // ---------------------------------------------------------------- accounts

    function getAccount(address user, address provider) external view returns (Account memory) {
        return _view(_existing(user, provider));
    }

    function getAllAccounts(uint256 offset, uint256 limit)
        external
        view
        returns (Account[] memory accounts, uint256 total)
    {
        if (limit > MAX_PAGE) revert LimitTooLarge(limit, MAX_PAGE);
        return _page(allKeys, offset, limit);
    }

    function getAccountsByProvider(address provider, uint256 offset, uint256 limit)
        external
        view
        returns (Account[] memory accounts, uint256 total)
    {
        if (limit > MAX_PAGE) revert LimitTooLarge(limit, MAX_PAGE);
        return _page(keysByProvider[provider], offset, limit);
    }

    function getAccountsByUser(address user, uint256 offset, uint256 limit)
        external
        view
        returns (Account[] memory accounts, uint256 total)
    {
        if (limit > MAX_PAGE) revert LimitTooLarge(limit, MAX_PAGE);
        return _page(keysByUser[user], offset, limit);
    }

    /// The caller's (a provider's) accounts with each of `users`; a missing one is all zero.
    function getBatchAccountsByUsers(address[] calldata users) external view returns (Account[] memory accounts) {
        if (users.length > MAX_BATCH) revert BatchSizeTooLarge(users.length, MAX_BATCH);
        accounts = new Account[](users.length);
        for (uint256 i = 0; i < users.length; i++) {
            bytes32 k = _key(users[i], msg.sender);
            if (accounts_[k].user != address(0)) accounts[i] = _view(k);
        }
    }

    function revokeToken(address provider, uint8 tokenId) external {
        bytes32 k = _existing(msg.sender, provider);
        bitmaps[k] |= uint256(1) << tokenId;
        emit TokenRevoked(msg.sender, provider, tokenId);
    }

    function revokeTokens(address provider, uint8[] calldata tokenIds) external {
        bytes32 k = _existing(msg.sender, provider);
        if (tokenIds.length > 256) revert BatchSizeTooLarge(tokenIds.length, 256);
        for (uint256 i = 0; i < tokenIds.length; i++) {
            bitmaps[k] |= uint256(1) << tokenIds[i];
            emit TokenRevoked(msg.sender, provider, tokenIds[i]);
        }
    }

    /// Invalidates every token issued so far: the generation moves on, the bitmap clears.
    function revokeAllTokens(address provider) external {
        bytes32 k = _existing(msg.sender, provider);
        uint256 g = generations[k] + 1;
        generations[k] = g;
        bitmaps[k] = 0;
        emit AllTokensRevoked(msg.sender, provider, g);
    }

    function isTokenRevoked(address user, address provider, uint8 tokenId) external view returns (bool) {
        return (bitmaps[_key(user, provider)] >> tokenId) & 1 == 1;
    }

    // ---------------------------------------------------------------- settlement

    /// Settles the caller's fees, one item per user. Per item: PROVIDER_MISMATCH if the item
    /// names another provider or no account exists, NO_TEE_SIGNER if the caller's signer is
    /// unset or unacknowledged, INVALID_NONCE unless the nonce exceeds the account's,
    /// INVALID_SIGNATURE unless the caller's signer signed it (EIP-712), PARTIAL when the
    /// balance (pending refunds included) covers only part of the fee (that part is charged),
    /// else SUCCESS. The provider is paid once for the whole batch.
    function settleFeesWithTEE(TEESettlementData[] calldata settlements) external returns (uint8[] memory statuses) {
        _checkBatch(settlements.length);
        statuses = new uint8[](settlements.length);
        uint256 paid;
        for (uint256 i = 0; i < settlements.length; i++) {
            TEESettlementData calldata item = settlements[i];
            (uint8 status, uint256 charge, uint256 unsettled) = _evaluate(item);
            statuses[i] = status;
            if (status == SUCCESS || status == PARTIAL) {
                bytes32 k = _key(item.user, msg.sender);
                accounts_[k].nonce = item.nonce;
                if (charge > 0) {
                    _charge(k, charge);
                    ILedger(ledger).spendFund(item.user, charge);
                    paid += charge;
                }
            }
            emit TEESettlementResult(item.user, status, unsettled);
        }
        _pay(msg.sender, paid);
    }

    /// What settleFeesWithTEE would return for each item (each judged against the current
    /// state; a batch naming one user twice settles the second against the first's result).
    function previewSettlementResults(TEESettlementData[] calldata settlements)
        external
        view
        returns (uint8[] memory statuses, uint256[] memory unsettledAmounts)
    {
        _checkBatch(settlements.length);
        statuses = new uint8[](settlements.length);
        unsettledAmounts = new uint256[](settlements.length);
        for (uint256 i = 0; i < settlements.length; i++) {
            (statuses[i],, unsettledAmounts[i]) = _evaluate(settlements[i]);
        }
    }

    function domainSeparator() public view returns (bytes32) {
        return keccak256(
            abi.encode(
                DOMAIN_TYPEHASH, keccak256("0G Inference Serving"), keccak256("1"), block.chainid, address(this)
            )
        );
    }

    /// The EIP-712 digest the provider's signer signs for one settlement item.
    function settlementDigest(bytes32 requestsHash, uint256 nonce, address provider, address user, uint256 totalFee)
        public
        view
        returns (bytes32)
    {
        bytes32 structHash =
            keccak256(abi.encode(TEE_SETTLEMENT_TYPEHASH, requestsHash, nonce, provider, user, totalFee));
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator(), structHash));
    }

    // ---------------------------------------------------------------- internals

    function _evaluate(TEESettlementData calldata item)
        private
        view
        returns (uint8 status, uint256 charge, uint256 unsettled)
    {
        unsettled = item.totalFee;
        bytes32 k = _key(item.user, msg.sender);
        AccountCore storage a = accounts_[k];
        if (item.provider != msg.sender || a.user == address(0)) return (PROVIDER_MISMATCH, 0, unsettled);
        Service storage s = services[msg.sender];
        if (s.teeSignerAddress == address(0) || !s.teeSignerAcknowledged) return (NO_TEE_SIGNER, 0, unsettled);
        if (item.nonce <= a.nonce) return (INVALID_NONCE, 0, unsettled);
        bytes32 digest = settlementDigest(item.requestsHash, item.nonce, item.provider, item.user, item.totalFee);
        address signer = _recover(digest, item.signature);
        if (signer == address(0) || signer != s.teeSignerAddress) {
            return (INVALID_SIGNATURE, 0, unsettled);
        }
        if (item.totalFee <= a.balance) return (SUCCESS, item.totalFee, 0);
        return (PARTIAL, a.balance, item.totalFee - a.balance);
    }

    /// The signer of a 65-byte r‖s‖v signature (v 27/28 or 0/1), or zero when malformed;
    /// high-s signatures are refused so that a signature has one form.
    function _recover(bytes32 digest, bytes calldata sig) private pure returns (address) {
        if (sig.length != 65) return address(0);
        bytes32 r = bytes32(sig[0:32]);
        bytes32 s = bytes32(sig[32:64]);
        uint8 v = uint8(sig[64]);
        if (v < 27) v += 27;
        if (v != 27 && v != 28) return address(0);
        if (uint256(s) > 0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0) return address(0);
        return ecrecover(digest, v, r, s);
    }

    function _checkBatch(uint256 n) private pure {
        if (n == 0) revert NoSettlementsProvided();
        if (n > MAX_SETTLEMENTS) revert TooManySettlements(n, MAX_SETTLEMENTS);
    }

    function _setSignerAcknowledged(address provider, bool acknowledged) internal override {
        Service storage s = services[provider];
        if (acknowledged && s.teeSignerAddress == address(0)) revert InvalidAddress(address(0));
        s.teeSignerAcknowledged = acknowledged;
        emit ProviderTEESignerAcknowledged(provider, s.teeSignerAddress, acknowledged);
    }

    function _checkLockTime(uint256 lockTime_) internal pure override {
        if (lockTime_ < MIN_LOCKTIME || lockTime_ > MAX_LOCKTIME) {
            revert LockTimeOutOfRange(lockTime_, MIN_LOCKTIME, MAX_LOCKTIME);
        }
    }

    function _revertNotLedger() internal view override {
        revert CallerNotLedger(msg.sender);
    }

    function _revertTransferFailed() internal pure override {
        revert TransferFailed();
    }

    function _onDelete(bytes32 k) internal override {
        delete generations[k];
        delete bitmaps[k];
    }

    function _view(bytes32 k) private view returns (Account memory out) {
        AccountCore storage a = accounts_[k];
        Refund[] memory refunds = new Refund[](a.refunds.length);
        for (uint256 i = 0; i < refunds.length; i++) {
            RefundCore storage r = a.refunds[i];
            refunds[i] = Refund(r.index, r.amount, r.createdAt, false);
        }
        out = Account(
            a.user,
            a.provider,
            a.nonce,
            a.balance,
            a.pendingRefund,
            refunds,
            a.additionalInfo,
            a.acknowledged,
            refunds.length,
            generations[k],
            bitmaps[k]
        );
    }

    function _page(bytes32[] storage keys, uint256 offset, uint256 limit)
        private
        view
        returns (Account[] memory out, uint256 total)
    {
        total = keys.length;
        uint256 end = offset + limit > total ? total : offset + limit;
        out = new Account[](end > offset ? end - offset : 0);
        for (uint256 i = offset; i < end; i++) out[i - offset] = _view(keys[i]);
    }
}
