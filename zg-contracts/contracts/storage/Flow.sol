// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import "./StorageTypes.sol";
import {FlowTree} from "./FlowTree.sol";

/// 0G Storage's log: every file submitted is appended to one flow of 256-byte sectors, its
/// subtrees inserted into the flow tree at aligned positions, and announced with a Submit
/// event that storage nodes follow. The fee (pricePerSector of the market times the sectors
/// taken) is forwarded to the market. Epochs of blocksPerEpoch blocks freeze the flow's root
/// and length into the context digests miners prove against.
///
/// Both submit forms clients use are accepted: submit(Submission) (0xbc8c11f8, the current
/// SDK) and submit(SubmissionData) (0xef3e12dc, older clients). The submitter field is not
/// used: the Submit event names msg.sender, as storage nodes expect.
contract Flow is AccessControl, Pausable {
    using FlowTree for FlowTree.Tree;

    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    uint256 public constant SEGMENT_SECTORS = 1024;
    /// Roots after the last this many submissions stay readable by getFlowRootByTxSeq.
    uint256 public constant ROOT_HISTORY = 1000;
    bytes32 public constant EMPTY_HASH = keccak256("");

    IMarket public immutable market;
    uint256 public immutable blocksPerEpoch;
    uint256 public immutable firstBlock;

    FlowTree.Tree private flow;
    uint256 public numSubmissions;
    mapping(uint256 => bytes32) private rootByTxSeq;
    uint256 public epoch;
    uint256 public epochStartPosition;
    MineContext private context;
    mapping(bytes32 => EpochRange) private epochRanges;
    EpochRangeWithContextDigest[] private epochs;

    event Submit(
        address indexed sender,
        bytes32 indexed identity,
        uint256 submissionIndex,
        uint256 startPos,
        uint256 length,
        SubmissionData submission
    );
    event NewEpoch(
        address indexed sender,
        uint256 indexed index,
        bytes32 startMerkleRoot,
        uint256 submissionIndex,
        uint256 flowLength,
        bytes32 context
    );

    error InvalidSubmission();
    error NotEnoughFee(uint256 price, uint256 amount, uint256 paid);
    error SubmissionTooEarly(uint256 firstBlock);
    error RootNotKept(uint256 txSeq, uint256 numSubmissions);
    error UnknownEpoch(bytes32 digest);
    error PositionNotInAnEpoch(uint256 position);

    constructor(IMarket market_, uint256 blocksPerEpoch_, uint256 deployDelay, address admin) {
        require(address(market_) != address(0), "Flow: market is the zero address");
        require(blocksPerEpoch_ > 0, "Flow: blocksPerEpoch must be positive");
        market = market_;
        blocksPerEpoch = blocksPerEpoch_;
        firstBlock = block.number + deployDelay;
        flow.initialize();
        context.flowRoot = flow.root();
        context.flowLength = 1;
        context.digest = EMPTY_HASH;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PAUSER_ROLE, admin);
    }

    /// The current SDK's form (selector 0xbc8c11f8).
    function submit(Submission calldata submission)
        external
        payable
        whenNotPaused
        returns (uint256 index, bytes32 digest, uint256 startIndex, uint256 length)
    {
        return _submit(submission.data, msg.value);
    }

    /// The older clients' form, without a submitter (selector 0xef3e12dc).
    function submit(SubmissionData calldata data)
        external
        payable
        whenNotPaused
        returns (uint256 index, bytes32 digest, uint256 startIndex, uint256 length)
    {
        return _submit(data, msg.value);
    }

    /// Several submissions in one transaction; each pays its own fee from msg.value, and
    /// whatever is left over is added to the last one's.
    function batchSubmit(Submission[] calldata submissions)
        external
        payable
        whenNotPaused
        returns (
            uint256[] memory indexes,
            bytes32[] memory digests,
            uint256[] memory startIndexes,
            uint256[] memory lengths
        )
    {
        uint256 n = submissions.length;
        indexes = new uint256[](n);
        digests = new bytes32[](n);
        startIndexes = new uint256[](n);
        lengths = new uint256[](n);
        uint256 price = market.pricePerSector();
        uint256 left = msg.value;
        for (uint256 i = 0; i < n; i++) {
            SubmissionData calldata data = submissions[i].data;
            uint256 fee = i + 1 == n ? left : price * SubmissionRules.sectors(data);
            if (fee > left) revert NotEnoughFee(price, SubmissionRules.sectors(data), left);
            left -= fee;
            (indexes[i], digests[i], startIndexes[i], lengths[i]) = _submit(data, fee);
        }
    }

    function _submit(SubmissionData calldata data, uint256 paid)
        private
        returns (uint256 index, bytes32 digest, uint256 startIndex, uint256 length)
    {
        if (block.number < firstBlock) revert SubmissionTooEarly(firstBlock);
        if (!SubmissionRules.valid(data)) revert InvalidSubmission();
        length = SubmissionRules.sectors(data);
        uint256 price = market.pricePerSector();
        if (paid < price * length) revert NotEnoughFee(price, length, paid);
        _makeContext();

        uint256 before = flow.length;
        startIndex = _place(data, length);
        market.chargeFee{value: paid}(before, length, startIndex - before);

        index = numSubmissions++;
        rootByTxSeq[index] = flow.root();
        if (index >= ROOT_HISTORY) delete rootByTxSeq[index - ROOT_HISTORY];
        digest = SubmissionRules.identity(data);
        emit Submit(msg.sender, digest, index, startIndex, length, data);
    }

    /// Starts at the first node's alignment, but never lets an entry that does not start a
    /// segment straddle a segment boundary: then it moves to the next segment. Each node
    /// goes at the next position aligned to its height (with heights strictly decreasing,
    /// nodes after the first need no further padding).
    function _place(SubmissionData calldata data, uint256 sectors) private returns (uint256 start) {
        start = FlowTree.nextAlign(flow.length, data.nodes[0].height);
        if (start % SEGMENT_SECTORS != 0
            && start / SEGMENT_SECTORS != (start + sectors - 1) / SEGMENT_SECTORS) {
            flow.skipTo(start + SEGMENT_SECTORS - start % SEGMENT_SECTORS);
        }
        start = flow.insert(data.nodes[0].root, data.nodes[0].height);
        for (uint256 i = 1; i < data.nodes.length; i++) {
            flow.insert(data.nodes[i].root, data.nodes[i].height);
        }
    }

    // ---------------------------------------------------------------- epochs

    /// Moves to the latest epoch whose first block has passed. Its digest is
    /// keccak256(abi.encode(blockhash(epoch start), flowRoot, flowLength)); the positions
    /// submitted during the epoch that ended are recorded under it. When the start block's
    /// hash is no longer available (BLOCKHASH reaches 256 blocks back) the digest is
    /// EMPTY_HASH and that epoch cannot be mined.
    function makeContext() public {
        _makeContext();
    }

    function makeContextWithResult() external returns (MineContext memory) {
        _makeContext();
        return context;
    }

    function _makeContext() private {
        if (block.number <= firstBlock + blocksPerEpoch) return;
        uint256 latest = (block.number - firstBlock - 1) / blocksPerEpoch;
        if (latest <= epoch) return;
        uint256 mineStart = firstBlock + latest * blocksPerEpoch;
        bytes32 blockDigest = blockhash(mineStart);
        bytes32 root = flow.root();
        uint256 length = flow.length;
        bytes32 digest = blockDigest == bytes32(0)
            ? EMPTY_HASH
            : keccak256(abi.encode(blockDigest, root, length));
        if (digest != EMPTY_HASH) {
            epochRanges[digest] = EpochRange(uint128(epochStartPosition), uint128(length));
            epochs.push(EpochRangeWithContextDigest(
                uint128(epochStartPosition), uint128(length), digest));
        }
        epochStartPosition = length;
        epoch = latest;
        context = MineContext(latest, mineStart, root, length, blockDigest, digest);
        emit NewEpoch(msg.sender, latest, root, numSubmissions, length, digest);
    }

    function getContext() external view returns (MineContext memory) {
        return context;
    }

    /// The positions sealed with a context digest; reverts for a digest never issued.
    function getEpochRange(bytes32 digest) external view returns (EpochRange memory range) {
        range = epochRanges[digest];
        if (range.end == 0) revert UnknownEpoch(digest);
    }

    /// The epoch (range and digest) whose data covers a flow position.
    function queryContextAtPosition(uint128 targetPosition)
        external
        view
        returns (EpochRangeWithContextDigest memory)
    {
        uint256 low = 0;
        uint256 high = epochs.length;
        while (low < high) {
            uint256 mid = (low + high) / 2;
            if (epochs[mid].end <= targetPosition) low = mid + 1;
            else high = mid;
        }
        if (low == epochs.length || epochs[low].start > targetPosition) {
            revert PositionNotInAnEpoch(targetPosition);
        }
        return epochs[low];
    }

    // ---------------------------------------------------------------- views

    /// The flow tree's root after submission txSeq (the last ROOT_HISTORY are kept).
    function getFlowRootByTxSeq(uint256 txSeq) external view returns (bytes32) {
        if (txSeq >= numSubmissions || txSeq + ROOT_HISTORY < numSubmissions) {
            revert RootNotKept(txSeq, numSubmissions);
        }
        return rootByTxSeq[txSeq];
    }

    /// The flow tree's current root.
    function flowRoot() external view returns (bytes32) {
        return flow.root();
    }

    /// Sectors in the flow so far, including leaf 0 and alignment padding.
    function flowLength() external view returns (uint256) {
        return flow.length;
    }

    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }
}
