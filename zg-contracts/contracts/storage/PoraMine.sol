// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import "./StorageTypes.sol";
import {Blake2b} from "./Blake2b.sol";

/// A miner's recall range: which part of the flow (and which shard of it) it mines.
struct RecallRange {
    uint256 startPosition;
    uint256 mineLength;
    uint64 shardId;
    uint64 shardMask;
}

/// A Proof of Random Access answer: a 4 KiB seal of sealed flow data, where the miner's
/// scratchpad says to look, whose quality meets the target.
struct PoraAnswer {
    bytes32 contextDigest;
    bytes32 nonce;
    bytes32 minerId;
    RecallRange range;
    uint256 recallPosition;
    uint256 sealOffset;
    bytes32 sealedContextDigest;
    bytes32[128] sealedData;
    bytes32[] merkleProof;
}

/// Verifies PoRA answers on chain and pays for them through the reward contract:
/// registered miner, the miner's subtask window, the current context, the recall range and
/// shard, the sealing epoch, unsealing, the seal's Merkle proof to the flow root, the
/// scratchpad and recall position, and the quality against the target. The target is
/// retargeted each epoch towards targetSubmissions answers.
contract PoraMine is AccessControl {
    bytes32 public constant PARAMS_ADMIN_ROLE = keccak256("PARAMS_ADMIN_ROLE");
    bytes32 private constant EMPTY_HASH = keccak256("");
    uint256 private constant PRICING_SECTORS = 1 << 25;
    uint256 private constant SECTORS_PER_LOAD = 1024;
    uint256 private constant SECTORS_PER_SEAL = 16;
    uint256 private constant SEALS_PER_LOAD = 64;
    uint256 private constant MAX_MINING_LENGTH = 1 << 35;
    uint256 private constant ADJUST_RATIO = 20;

    IFlow public immutable flow;
    IReward public immutable reward;
    uint256 public immutable targetMineBlocks;
    uint256 public immutable targetSubmissions;
    uint256 public immutable maxShards;
    uint256 public immutable nSubtasks;
    uint256 public immutable subtaskInterval;
    uint256 public immutable minDifficulty;

    uint256 public poraTarget;
    uint256 public lastEpoch;
    uint256 public currentSubmissions;
    mapping(bytes32 => address) public beneficiaries;
    mapping(bytes32 => bool) private answered;

    event NewMinerId(bytes32 indexed minerId, address indexed beneficiary);
    event NewSubmission(
        uint256 indexed epoch, bytes32 indexed minerId, uint256 submissionIndex, uint256 recallPosition
    );
    event DifficultyAdjusted(uint256 indexed epoch, uint256 poraTarget);

    error MinerIdTaken(bytes32 minerId);
    error UnknownMiner(bytes32 minerId);
    error WrongContext(bytes32 expected, bytes32 given);
    error OutsideSubtaskWindow(uint256 from, uint256 to);
    error TooManySubmissions(uint256 epoch);
    error InvalidRecallRange();
    error TooManyShards(uint256 shards, uint256 maxShards);
    error NotInSealingEpoch(uint256 recallPosition);
    error InvalidMerkleProof();
    error WrongRecallPosition(uint256 expected, uint256 given);
    error QualityNotMet();
    error DuplicateAnswer();

    struct Params {
        uint256 initDifficulty;
        uint256 minDifficulty;
        uint256 targetMineBlocks;
        uint256 targetSubmissions;
        uint256 maxShards;
        uint256 nSubtasks;
        uint256 subtaskInterval;
    }

    constructor(IFlow flow_, IReward reward_, Params memory p, address admin) {
        require(p.initDifficulty > 0 && p.minDifficulty > 0, "PoraMine: difficulty must be positive");
        require(p.nSubtasks > 0 && p.targetSubmissions > 0, "PoraMine: counts must be positive");
        flow = flow_;
        reward = reward_;
        targetMineBlocks = p.targetMineBlocks;
        targetSubmissions = p.targetSubmissions;
        maxShards = p.maxShards;
        nSubtasks = p.nSubtasks;
        subtaskInterval = p.subtaskInterval;
        minDifficulty = p.minDifficulty;
        poraTarget = type(uint256).max / p.initDifficulty;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(PARAMS_ADMIN_ROLE, admin);
    }

    /// id = keccak256(abi.encodePacked(blockhash(n - 1), msg.sender, seed)).
    function requestMinerId(address beneficiary, uint64 seed) external returns (bytes32 id) {
        id = keccak256(abi.encodePacked(blockhash(block.number - 1), msg.sender, seed));
        if (beneficiaries[id] != address(0)) revert MinerIdTaken(id);
        beneficiaries[id] = beneficiary;
        emit NewMinerId(id, beneficiary);
    }

    function submit(PoraAnswer calldata answer) external {
        address beneficiary = beneficiaries[answer.minerId];
        if (beneficiary == address(0)) revert UnknownMiner(answer.minerId);
        MineContext memory context = flow.makeContextWithResult();
        _retarget(context.epoch);
        if (context.digest == EMPTY_HASH || answer.contextDigest != context.digest) {
            revert WrongContext(context.digest, answer.contextDigest);
        }
        bytes32 subtaskDigest = _subtask(context, answer.minerId);
        if (currentSubmissions >= 2 * targetSubmissions) revert TooManySubmissions(context.epoch);
        uint256 shards = _checkRange(answer.range, context.flowLength);
        _checkSealingEpoch(answer);

        bytes32[128] memory data = _unseal(answer);
        if (!_proves(data, answer.merkleProof, answer.recallPosition, context)) {
            revert InvalidMerkleProof();
        }
        bytes memory seed = abi.encodePacked(
            answer.minerId, answer.nonce, subtaskDigest, _rangeDigest(answer.range)
        );
        (bytes32 pad0, bytes32 pad1) = Blake2b.hash(seed);
        (bytes32 recallSeed, bytes memory pad) = _scratchpad(pad0, pad1, answer.sealOffset % 4);
        _checkRecallPosition(answer, recallSeed);
        _checkQuality(answer, pad0, pad1, pad, context.flowLength, shards);

        bytes32 key = keccak256(abi.encode(context.digest, answer.minerId, answer.recallPosition));
        if (answered[key]) revert DuplicateAnswer();
        answered[key] = true;
        currentSubmissions++;
        reward.claimMineReward(answer.recallPosition / PRICING_SECTORS, beneficiary, answer.minerId);
        emit NewSubmission(context.epoch, answer.minerId, currentSubmissions, answer.recallPosition);
    }

    /// The subtask's window (mineStart + idx·interval, + targetMineBlocks] and its digest.
    function _subtask(MineContext memory context, bytes32 minerId) private view returns (bytes32) {
        uint256 idx = uint256(keccak256(abi.encode(context.digest, minerId))) % nSubtasks;
        uint256 start = context.mineStart + idx * subtaskInterval;
        if (block.number <= start || block.number > start + targetMineBlocks) {
            revert OutsideSubtaskWindow(start + 1, start + targetMineBlocks);
        }
        return keccak256(abi.encode(context.digest, blockhash(start)));
    }

    function _checkRange(RecallRange calldata r, uint256 flowLength) private view returns (uint256 shards) {
        uint256 zeroBits = 0;
        for (uint256 b = 0; b < 64; b++) {
            if ((r.shardMask >> b) & 1 == 0) zeroBits++;
        }
        shards = uint256(1) << zeroBits;
        if (shards > maxShards) revert TooManyShards(shards, maxShards);
        uint256 end = flowLength / SECTORS_PER_LOAD * SECTORS_PER_LOAD;
        uint256 limit = MAX_MINING_LENGTH * shards;
        if (r.startPosition % PRICING_SECTORS != 0
            || r.startPosition + r.mineLength > end
            || r.mineLength > limit
            || r.mineLength < (end - r.startPosition < limit ? end - r.startPosition : limit)
            || r.mineLength == 0
            || r.shardId & r.shardMask != 0) {
            revert InvalidRecallRange();
        }
    }

    function _checkSealingEpoch(PoraAnswer calldata answer) private view {
        EpochRange memory sealing = flow.getEpochRange(answer.sealedContextDigest);
        if (answer.recallPosition < sealing.start
            || answer.recallPosition + SECTORS_PER_SEAL > sealing.end) {
            revert NotInSealingEpoch(answer.recallPosition);
        }
    }

    /// word 0 ^= keccak(minerId ‖ sealing digest ‖ position); word i ^= keccak(sealed word i-1).
    function _unseal(PoraAnswer calldata answer) private pure returns (bytes32[128] memory data) {
        data[0] = answer.sealedData[0]
            ^ keccak256(abi.encode(answer.minerId, answer.sealedContextDigest, answer.recallPosition));
        for (uint256 i = 1; i < 128; i++) {
            data[i] = answer.sealedData[i] ^ keccak256(abi.encode(answer.sealedData[i - 1]));
        }
    }

    /// The seal's 16 sector leaves hash to a height-4 subtree, which the proof (siblings
    /// bottom-up) must take to the context's flow root at the seal's position.
    function _proves(
        bytes32[128] memory data,
        bytes32[] calldata proof,
        uint256 position,
        MineContext memory context
    ) private pure returns (bool) {
        if (position % SECTORS_PER_SEAL != 0) return false;
        bytes32[16] memory level;
        for (uint256 s = 0; s < 16; s++) {
            bytes32 leaf;
            assembly {
                leaf := keccak256(add(data, mul(s, 256)), 256)
            }
            level[s] = leaf;
        }
        for (uint256 width = 16; width > 1; width /= 2) {
            for (uint256 i = 0; i < width / 2; i++) {
                level[i] = keccak256(abi.encodePacked(level[2 * i], level[2 * i + 1]));
            }
        }
        bytes32 node = level[0];
        uint256 index = position / SECTORS_PER_SEAL;
        uint256 height = 4;
        while ((uint256(1) << height) < context.flowLength) height++;
        if (proof.length != height - 4) return false;
        for (uint256 i = 0; i < proof.length; i++) {
            node = (index >> i) & 1 == 0
                ? keccak256(abi.encodePacked(node, proof[i]))
                : keccak256(abi.encodePacked(proof[i], node));
        }
        return node == context.flowRoot;
    }

    function _rangeDigest(RecallRange calldata r) private pure returns (bytes32) {
        return keccak256(abi.encode(r.startPosition, r.mineLength, r.shardId, r.shardMask));
    }

    /// 256 cells of 64 bytes from the pad seed: per cell, the first half becomes keccak of
    /// the state, then the second half keccak of the updated state. Returns keccak of the
    /// final state (the recall seed) and cells [64·part, 64·part + 64), 4 KiB.
    function _scratchpad(bytes32 a, bytes32 b, uint256 part)
        private
        pure
        returns (bytes32 recallSeed, bytes memory pad)
    {
        pad = new bytes(4096);
        for (uint256 cell = 0; cell < 256; cell++) {
            a = keccak256(abi.encodePacked(a, b));
            b = keccak256(abi.encodePacked(a, b));
            if (cell / 64 == part) {
                uint256 at = (cell % 64) * 64;
                assembly {
                    mstore(add(add(pad, 32), at), a)
                    mstore(add(add(pad, 64), at), b)
                }
            }
        }
        recallSeed = keccak256(abi.encodePacked(a, b));
    }

    function _checkRecallPosition(PoraAnswer calldata answer, bytes32 recallSeed) private pure {
        uint256 loads = answer.range.mineLength / SECTORS_PER_LOAD;
        uint256 loadIndex = ((uint256(recallSeed) % loads) & answer.range.shardMask)
            | answer.range.shardId;
        if (answer.sealOffset >= SEALS_PER_LOAD) revert WrongRecallPosition(0, answer.recallPosition);
        uint256 expected = answer.range.startPosition + loadIndex * SECTORS_PER_LOAD
            + answer.sealOffset * SECTORS_PER_SEAL;
        if (expected != answer.recallPosition) revert WrongRecallPosition(expected, answer.recallPosition);
    }

    /// quality = first 32 bytes of Blake2b-512(uint256 sealOffset ‖ padSeed ‖ 32 zero bytes
    /// ‖ sealed seal XOR pad part); it must not exceed (poraTarget / scale) << 64.
    function _checkQuality(
        PoraAnswer calldata answer,
        bytes32 pad0,
        bytes32 pad1,
        bytes memory pad,
        uint256 flowLength,
        uint256 shards
    ) private view {
        bytes memory input = new bytes(4096 + 128);
        bytes32[128] calldata sealedWords = answer.sealedData;
        uint256 offset = answer.sealOffset;
        assembly {
            let p := add(input, 32)
            mstore(p, offset)
            mstore(add(p, 32), pad0)
            mstore(add(p, 64), pad1)
            mstore(add(p, 96), 0)
            for { let i := 0 } lt(i, 128) { i := add(i, 1) } {
                let w := xor(calldataload(add(sealedWords, mul(i, 32))), mload(add(add(pad, 32), mul(i, 32))))
                mstore(add(add(p, 128), mul(i, 32)), w)
            }
        }
        (bytes32 quality,) = Blake2b.hash(input);
        uint256 all = flowLength < MAX_MINING_LENGTH ? flowLength : MAX_MINING_LENGTH;
        uint256 mine = flowLength / shards < MAX_MINING_LENGTH ? flowLength / shards : MAX_MINING_LENGTH;
        uint256 scale = (all << 64) / (mine == 0 ? 1 : mine);
        if (uint256(quality) > (poraTarget / scale) << 64) revert QualityNotMet();
    }

    /// At the first answer of a new epoch: expected = target·targetSubmissions/submissions,
    /// new = (19·old + expected)/20, within [old/2, 2·old] and at most max/minDifficulty.
    function _retarget(uint256 epoch) private {
        if (epoch == lastEpoch) return;
        uint256 old = poraTarget;
        uint256 maxTarget = type(uint256).max / minDifficulty;
        uint256 expected = currentSubmissions == 0
            ? (old > maxTarget / 2 ? maxTarget : old * 2)
            : _mulDiv(old, targetSubmissions, currentSubmissions, maxTarget);
        uint256 next = old / ADJUST_RATIO * (ADJUST_RATIO - 1) + expected / ADJUST_RATIO;
        if (next < old / 2) next = old / 2;
        if (old <= maxTarget / 2 && next > old * 2) next = old * 2;
        if (next > maxTarget) next = maxTarget;
        poraTarget = next;
        lastEpoch = epoch;
        currentSubmissions = 0;
        emit DifficultyAdjusted(epoch, next);
    }

    /// a·b/c, saturating at cap.
    function _mulDiv(uint256 a, uint256 b, uint256 c, uint256 cap) private pure returns (uint256) {
        if (b == 0 || a <= cap / b) return a * b / c;
        uint256 r = a / c * b;
        return r / b == a / c && r <= cap ? r : cap;
    }
}
