// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

// The shapes of 0G Storage's Flow ABI. Field order and types are interface facts: the
// official SDK encodes these tuples, and storage nodes decode the Submit event with them.

/// A perfect subtree of 2^height sectors of a file, by its Merkle root.
struct SubmissionNode {
    bytes32 root;
    uint256 height;
}

/// A file as submitted: its length in bytes, free-form tags and its subtrees, tallest first.
struct SubmissionData {
    uint256 length;
    bytes tags;
    SubmissionNode[] nodes;
}

/// The current SDK's submit argument: the data plus the account that submits it.
struct Submission {
    SubmissionData data;
    address submitter;
}

/// What miners mine against: the flow as it stood at the start of the current epoch.
struct MineContext {
    uint256 epoch;
    uint256 mineStart;
    bytes32 flowRoot;
    uint256 flowLength;
    bytes32 blockDigest;
    bytes32 digest;
}

/// The flow positions [start, end) that landed in one epoch.
struct EpochRange {
    uint128 start;
    uint128 end;
}

/// An epoch's range together with the context digest its data is sealed with.
struct EpochRangeWithContextDigest {
    uint128 start;
    uint128 end;
    bytes32 digest;
}

interface IMarket {
    function pricePerSector() external view returns (uint256);

    function chargeFee(uint256 beforeLength, uint256 uploadSectors, uint256 paddingSectors)
        external
        payable;
}

interface IReward {
    function fillReward(uint256 beforeLength, uint256 chargedSectors) external payable;

    function claimMineReward(uint256 pricingIndex, address beneficiary, bytes32 minerId)
        external;
}

interface IFlow {
    function makeContextWithResult() external returns (MineContext memory);

    function getEpochRange(bytes32 digest) external view returns (EpochRange memory);

    function numSubmissions() external view returns (uint256);
}

/// The rules the Flow contract applies to a submission before it touches the flow.
library SubmissionRules {
    /// Submission nodes span fewer than this many heights (so a file has at most 4 nodes).
    uint256 internal constant MAX_NODES = 4;
    uint256 internal constant SECTOR_BYTES = 256;

    /// Sectors the submission occupies in the flow: the sum of 2^height over its nodes.
    function sectors(SubmissionData calldata data) internal pure returns (uint256 total) {
        for (uint256 i = 0; i < data.nodes.length; i++) {
            total += uint256(1) << data.nodes[i].height;
        }
    }

    /// Nodes present, heights strictly decreasing, below 64 and spanning fewer than four
    /// levels; the length fits the capacity and needs all of it but the last padding unit,
    /// so the padding a client added is the minimal one.
    function valid(SubmissionData calldata data) internal pure returns (bool) {
        uint256 n = data.nodes.length;
        if (n == 0 || n > MAX_NODES) return false;
        uint256 first = data.nodes[0].height;
        if (first >= 64) return false;
        for (uint256 i = 1; i < n; i++) {
            if (data.nodes[i].height >= data.nodes[i - 1].height) return false;
        }
        if (first - data.nodes[n - 1].height >= MAX_NODES) return false;
        uint256 capacity = sectors(data);
        if (data.length > capacity * SECTOR_BYTES) return false;
        uint256 lastCapacity;
        if (capacity < (uint256(1) << MAX_NODES)) {
            lastCapacity = capacity - 1;
        } else if (n == 1) {
            lastCapacity = capacity - (capacity >> MAX_NODES);
        } else {
            lastCapacity = capacity - (uint256(1) << (first - MAX_NODES + 1));
        }
        return data.length > lastCapacity * SECTOR_BYTES;
    }

    /// The Submit event's identity: keccak of the node roots packed together (not the file
    /// root, which nodes fold from the roots themselves).
    function identity(SubmissionData calldata data) internal pure returns (bytes32) {
        bytes memory packed = new bytes(32 * data.nodes.length);
        for (uint256 i = 0; i < data.nodes.length; i++) {
            bytes32 root = data.nodes[i].root;
            assembly {
                mstore(add(add(packed, 32), mul(i, 32)), root)
            }
        }
        return keccak256(packed);
    }
}
