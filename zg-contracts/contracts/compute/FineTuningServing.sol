// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ILedger} from "./IServing.sol";
import {ServingAccounts} from "./ServingAccounts.sol";

/// 0G Compute fine-tuning: providers register a service (with a stake) and a signer key the
/// owner acknowledges; for each task the provider adds a deliverable (the encrypted model's
/// storage root), the user acknowledges it after downloading, and the provider settles with
/// an EIP-712 signature by its signer: the full fee with the model key sealed to the user if
/// the user acknowledged, or only the penalty percentage (and no key) if not.
contract FineTuningServing is ServingAccounts {
    struct Quota {
        uint256 cpuCount;
        uint256 nodeMemory;
        uint256 gpuCount;
        uint256 nodeStorage;
        string gpuType;
    }

    struct Service {
        address provider;
        string url;
        Quota quota;
        uint256 pricePerToken;
        bool occupied;
        string[] models;
        address teeSignerAddress;
        bool teeSignerAcknowledged;
    }

    struct Deliverable {
        string id;
        bytes modelRootHash;
        bytes encryptedSecret;
        bool acknowledged;
        uint248 timestamp;
        bool settled;
    }

    struct Refund {
        uint256 index;
        uint256 amount;
        uint256 createdAt;
        bool _deprecated_processed;
    }

    struct AccountDetails {
        address user;
        address provider;
        uint256 nonce;
        uint256 balance;
        uint256 pendingRefund;
        Refund[] refunds;
        string additionalInfo;
        Deliverable[] deliverables;
        uint256 validRefundsLength;
        uint256 deliverablesHead;
        uint256 deliverablesCount;
        bool acknowledged;
    }

    struct AccountSummary {
        address user;
        address provider;
        uint256 nonce;
        uint256 balance;
        uint256 pendingRefund;
        string additionalInfo;
        uint256 validRefundsLength;
        uint256 deliverablesCount;
        bool acknowledged;
    }

    struct VerifierInput {
        string id;
        bytes encryptedSecret;
        bytes modelRootHash;
        uint256 nonce;
        bytes signature;
        uint256 taskFee;
        address user;
    }

    uint256 public constant MAX_DELIVERABLES_PER_ACCOUNT = 20;
    uint256 public constant MAX_DELIVERABLE_ID_LENGTH = 256;
    uint256 public constant MAX_MODELS = 50;

    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 public constant VERIFIER_MESSAGE_TYPEHASH = keccak256(
        "VerifierMessage(string id,bytes encryptedSecret,bytes modelRootHash,uint256 nonce,uint256 taskFee,address user)"
    );

    uint256 public penaltyPercentage;

    mapping(address => Service) private services;

    // Deliverables per account: a ring of MAX_DELIVERABLES_PER_ACCOUNT, oldest at head.
    mapping(bytes32 => mapping(uint256 => Deliverable)) private ring;
    mapping(bytes32 => uint256) private ringHead;
    mapping(bytes32 => uint256) private ringCount;
    mapping(bytes32 => mapping(bytes32 => uint256)) private ringSlot; // keccak(id) => position + 1

    event ServiceUpdated(
        address indexed provider, string url, Quota quota, uint256 pricePerToken, address teeSignerAddress, bool occupied
    );
    event ServiceRemoved(address indexed provider);
    event DeliverableAdded(address indexed user, address indexed provider, string id, bytes modelRootHash);
    event DeliverableAcknowledged(address indexed user, address indexed provider, string id);
    event FeesSettled(address indexed user, address indexed provider, string id, uint256 fee, bool acknowledged);
    event ProviderTEESignerAcknowledged(address indexed provider, address indexed teeSigner, bool acknowledged);

    error DeliverableNotExists(string id);
    error DeliverableAlreadyExists(string id);
    error DeliverableAlreadySettled(string id);
    error CannotAcknowledgeSettledDeliverable(string id);
    error CannotEvictUnsettledDeliverable(string id);
    error PreviousDeliverableNotAcknowledged(string id);
    error DeliverableIdInvalidLength(uint256 length);
    error SecretShouldBeEmpty();
    error SecretShouldNotBeEmpty();
    error InvalidVerifierInput(string reason);
    error PenaltyPercentageTooHigh(uint256 penaltyPercentage);
    error LockTimeOutOfRange(uint256 lockTime);
    error LimitTooLarge(uint256 limit);
    error CallerNotLedger();
    error InvalidLedgerAddress();
    error TransferToLedgerFailed();
    error ETHTransferFailed();

    constructor(uint256 lockTime_, address ledger_, address owner_, uint256 penaltyPercentage_)
        ServingAccounts(ledger_, owner_)
    {
        if (ledger_ == address(0)) revert InvalidLedgerAddress();
        _checkLockTime(lockTime_);
        if (penaltyPercentage_ > 100) revert PenaltyPercentageTooHigh(penaltyPercentage_);
        lockTime = lockTime_;
        penaltyPercentage = penaltyPercentage_;
    }

    // ---------------------------------------------------------------- services

    function addOrUpdateService(
        string calldata url,
        Quota calldata quota,
        uint256 pricePerToken,
        bool occupied,
        string[] calldata models,
        address teeSignerAddress
    ) external payable {
        Service storage s = services[msg.sender];
        if (_enrollProvider()) {
            s.provider = msg.sender;
        } else {
            if (s.teeSignerAddress != teeSignerAddress) s.teeSignerAcknowledged = false;
        }
        s.url = url;
        s.quota = quota;
        s.pricePerToken = pricePerToken;
        s.occupied = occupied;
        if (models.length > MAX_MODELS) revert InvalidVerifierInput("too many models");
        delete s.models;
        for (uint256 i = 0; i < models.length; i++) s.models.push(models[i]);
        s.teeSignerAddress = teeSignerAddress;
        emit ServiceUpdated(msg.sender, url, quota, pricePerToken, teeSignerAddress, occupied);
    }

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

    function getAllServices() external view returns (Service[] memory out) {
        out = new Service[](providers.length);
        for (uint256 i = 0; i < providers.length; i++) out[i] = services[providers[i]];
    }

    // ---------------------------------------------------------------- accounts

    function getAccount(address user, address provider) external view returns (AccountDetails memory out) {
        bytes32 k = _existing(user, provider);
        AccountCore storage a = accounts_[k];
        out.user = a.user;
        out.provider = a.provider;
        out.nonce = a.nonce;
        out.balance = a.balance;
        out.pendingRefund = a.pendingRefund;
        out.refunds = new Refund[](a.refunds.length);
        for (uint256 i = 0; i < a.refunds.length; i++) {
            out.refunds[i] = Refund(a.refunds[i].index, a.refunds[i].amount, a.refunds[i].createdAt, false);
        }
        out.additionalInfo = a.additionalInfo;
        out.deliverables = _deliverables(k);
        out.validRefundsLength = a.refunds.length;
        out.deliverablesHead = ringHead[k];
        out.deliverablesCount = ringCount[k];
        out.acknowledged = a.acknowledged;
    }

    function getAllAccounts(uint256 offset, uint256 limit)
        external
        view
        returns (AccountSummary[] memory accounts, uint256 total)
    {
        if (limit > MAX_PAGE) revert LimitTooLarge(limit);
        total = allKeys.length;
        uint256 end = offset + limit > total ? total : offset + limit;
        accounts = new AccountSummary[](end > offset ? end - offset : 0);
        for (uint256 i = offset; i < end; i++) {
            bytes32 k = allKeys[i];
            AccountCore storage a = accounts_[k];
            accounts[i - offset] = AccountSummary(
                a.user,
                a.provider,
                a.nonce,
                a.balance,
                a.pendingRefund,
                a.additionalInfo,
                a.refunds.length,
                ringCount[k],
                a.acknowledged
            );
        }
    }

    // ---------------------------------------------------------------- deliverables

    /// The provider records a task's result; the user's previous deliverable must have been
    /// acknowledged or settled, and a full ring drops its oldest (settled) entry.
    function addDeliverable(address user, string calldata id, bytes calldata modelRootHash) external {
        _requireService(msg.sender);
        bytes32 k = _existing(user, msg.sender);
        uint256 len = bytes(id).length;
        if (len == 0 || len > MAX_DELIVERABLE_ID_LENGTH) revert DeliverableIdInvalidLength(len);
        bytes32 idHash = keccak256(bytes(id));
        if (ringSlot[k][idHash] != 0) revert DeliverableAlreadyExists(id);
        uint256 count = ringCount[k];
        uint256 head = ringHead[k];
        if (count > 0) {
            Deliverable storage previous = ring[k][(head + count - 1) % MAX_DELIVERABLES_PER_ACCOUNT];
            if (!previous.acknowledged && !previous.settled) revert PreviousDeliverableNotAcknowledged(previous.id);
        }
        if (count == MAX_DELIVERABLES_PER_ACCOUNT) {
            Deliverable storage oldest = ring[k][head];
            if (!oldest.settled) revert CannotEvictUnsettledDeliverable(oldest.id);
            delete ringSlot[k][keccak256(bytes(oldest.id))];
            delete ring[k][head];
            head = (head + 1) % MAX_DELIVERABLES_PER_ACCOUNT;
            ringHead[k] = head;
            count--;
        }
        uint256 position = (head + count) % MAX_DELIVERABLES_PER_ACCOUNT;
        ring[k][position] = Deliverable(id, modelRootHash, "", false, uint248(block.timestamp), false);
        ringSlot[k][idHash] = position + 1;
        ringCount[k] = count + 1;
        emit DeliverableAdded(user, msg.sender, id, modelRootHash);
    }

    function acknowledgeDeliverable(address provider, string calldata id) external {
        bytes32 k = _existing(msg.sender, provider);
        Deliverable storage d = _deliverable(k, id);
        if (d.settled) revert CannotAcknowledgeSettledDeliverable(id);
        d.acknowledged = true;
        emit DeliverableAcknowledged(msg.sender, provider, id);
    }

    function getDeliverable(address user, address provider, string calldata id)
        external
        view
        returns (Deliverable memory)
    {
        return _deliverable(_existing(user, provider), id);
    }

    function getDeliverables(address user, address provider) external view returns (Deliverable[] memory) {
        return _deliverables(_existing(user, provider));
    }

    // ---------------------------------------------------------------- settlement

    /// The provider settles one task, signed by its acknowledged signer (EIP-712). An
    /// acknowledged deliverable pays the full fee and stores the sealed model key; an
    /// unacknowledged one must carry no key and pays `penaltyPercentage` of the fee.
    function settleFees(VerifierInput calldata v) external {
        Service storage s = services[msg.sender];
        _requireService(msg.sender);
        bytes32 k = _existing(v.user, msg.sender);
        Deliverable storage d = _deliverable(k, v.id);
        if (d.settled) revert DeliverableAlreadySettled(v.id);
        if (keccak256(d.modelRootHash) != keccak256(v.modelRootHash)) {
            revert InvalidVerifierInput("model root hash mismatch");
        }
        AccountCore storage a = accounts_[k];
        if (v.nonce <= a.nonce) revert InvalidVerifierInput("nonce not above the account's");
        if (s.teeSignerAddress == address(0) || !s.teeSignerAcknowledged) {
            revert InvalidVerifierInput("signer not acknowledged");
        }
        if (_recover(verifierDigest(v), v.signature) != s.teeSignerAddress) {
            revert InvalidVerifierInput("signature");
        }
        uint256 fee;
        if (d.acknowledged) {
            if (v.encryptedSecret.length == 0) revert SecretShouldNotBeEmpty();
            d.encryptedSecret = v.encryptedSecret;
            fee = v.taskFee;
        } else {
            if (v.encryptedSecret.length != 0) revert SecretShouldBeEmpty();
            fee = v.taskFee * penaltyPercentage / 100;
        }
        if (fee > a.balance) revert InvalidVerifierInput("insufficient balance");
        d.settled = true;
        a.nonce = v.nonce;
        if (fee > 0) {
            _charge(k, fee);
            ILedger(ledger).spendFund(v.user, fee);
            _pay(msg.sender, fee);
        }
        emit FeesSettled(v.user, msg.sender, v.id, fee, d.acknowledged);
    }

    function domainSeparator() public view returns (bytes32) {
        return keccak256(
            abi.encode(
                DOMAIN_TYPEHASH, keccak256("0G Fine-Tuning Serving"), keccak256("1"), block.chainid, address(this)
            )
        );
    }

    /// The EIP-712 digest of VerifierMessage(id, encryptedSecret, modelRootHash, nonce,
    /// taskFee, user) that the provider's signer signs.
    function verifierDigest(VerifierInput calldata v) public view returns (bytes32) {
        bytes32 structHash = keccak256(
            abi.encode(
                VERIFIER_MESSAGE_TYPEHASH,
                keccak256(bytes(v.id)),
                keccak256(v.encryptedSecret),
                keccak256(v.modelRootHash),
                v.nonce,
                v.taskFee,
                v.user
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator(), structHash));
    }

    // ---------------------------------------------------------------- internals

    function _deliverable(bytes32 k, string calldata id) private view returns (Deliverable storage) {
        uint256 slot = ringSlot[k][keccak256(bytes(id))];
        if (slot == 0) revert DeliverableNotExists(id);
        return ring[k][slot - 1];
    }

    function _deliverables(bytes32 k) private view returns (Deliverable[] memory out) {
        uint256 count = ringCount[k];
        uint256 head = ringHead[k];
        out = new Deliverable[](count);
        for (uint256 i = 0; i < count; i++) out[i] = ring[k][(head + i) % MAX_DELIVERABLES_PER_ACCOUNT];
    }

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

    function _setSignerAcknowledged(address provider, bool acknowledged) internal override {
        Service storage s = services[provider];
        if (acknowledged && s.teeSignerAddress == address(0)) revert InvalidVerifierInput("no signer");
        s.teeSignerAcknowledged = acknowledged;
        emit ProviderTEESignerAcknowledged(provider, s.teeSignerAddress, acknowledged);
    }

    function _checkLockTime(uint256 lockTime_) internal pure override {
        if (lockTime_ < MIN_LOCKTIME || lockTime_ > MAX_LOCKTIME) revert LockTimeOutOfRange(lockTime_);
    }

    function _revertNotLedger() internal pure override {
        revert CallerNotLedger();
    }

    function _revertTransferFailed() internal pure override {
        revert ETHTransferFailed();
    }

    function _revertLedgerTransferFailed() internal pure override {
        revert TransferToLedgerFailed();
    }

    function _onDelete(bytes32 k) internal override {
        uint256 count = ringCount[k];
        uint256 head = ringHead[k];
        for (uint256 i = 0; i < count; i++) {
            uint256 p = (head + i) % MAX_DELIVERABLES_PER_ACCOUNT;
            delete ringSlot[k][keccak256(bytes(ring[k][p].id))];
            delete ring[k][p];
        }
        delete ringCount[k];
        delete ringHead[k];
    }
}
