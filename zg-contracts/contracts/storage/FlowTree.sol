// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// The global flow tree: an append-only complete binary tree over every sector, in which
/// any position not written (or skipped by alignment) is a zero sector, so an empty subtree
/// of height h is zeros(h). Leaf 0 is the raw zero word, not a hash. The tree keeps one left
/// sibling per height (those of the next free position), so its storage is constant.
/// zg's Java twin is dev.zg.storage.merkle.FlowTree; tests check they agree.
library FlowTree {
    /// Flows stay below 2^62 sectors (2^70 bytes) so that positions never overflow.
    uint256 internal constant LENGTH_MAX = 1 << 62;

    struct Tree {
        uint256 length;
        bytes32[64] leftSiblings;
    }

    error FlowFull(uint256 length, uint256 adding);

    /// A tree holding only leaf 0 (the zero word): what a new Flow starts with.
    function initialize(Tree storage tree) internal {
        tree.length = 1;
        tree.leftSiblings[0] = bytes32(0);
    }

    /// The first multiple of 2^height at or after length.
    function nextAlign(uint256 length, uint256 height) internal pure returns (uint256) {
        return length == 0 ? 0 : (((length - 1) >> height) + 1) << height;
    }

    /// Inserts a perfect subtree of 2^height sectors at the next position aligned to its
    /// size; the positions skipped become zero subtrees. Returns where it went.
    function insert(Tree storage tree, bytes32 root, uint256 height) internal returns (uint256) {
        uint256 start = nextAlign(tree.length, height);
        if (height >= 62 || start + (uint256(1) << height) > LENGTH_MAX) {
            revert FlowFull(tree.length, uint256(1) << height);
        }
        skipTo(tree, start);
        tree.length = place(tree, tree.length, root, height);
        return start;
    }

    /// Fills [length, position) with zero subtrees, each as tall as alignment allows.
    function skipTo(Tree storage tree, uint256 position) internal {
        if (position > LENGTH_MAX) revert FlowFull(tree.length, position - tree.length);
        uint256 length = tree.length;
        while (length < position) {
            uint256 height = trailingZeros(length);
            uint256 fit = floorLog2(position - length);
            if (fit < height) height = fit;
            length = place(tree, length, zeros(height), height);
        }
        tree.length = length;
    }

    /// The root of the complete tree over positions [0, 2^ceil(log2 length)).
    function root(Tree storage tree) internal view returns (bytes32) {
        uint256 length = tree.length;
        uint256 height = ceilLog2(length);
        if (length == uint256(1) << height) return tree.leftSiblings[height];
        bytes32 node;
        bool empty = true;
        bytes32 zero = zeros(0);
        for (uint256 h = 0; h < height; h++) {
            if ((length >> h) & 1 == 1) {
                node = hashPair(tree.leftSiblings[h], empty ? zero : node);
                empty = false;
            } else if (!empty) {
                node = hashPair(node, zero);
            }
            zero = hashPair(zero, zero);
        }
        return node;
    }

    /// keccak256 of 256 zero bytes, then keccak(z ‖ z) per level.
    function zeros(uint256 height) internal pure returns (bytes32 z) {
        assembly {
            let p := mload(0x40)
            calldatacopy(p, calldatasize(), 256) // 256 zero bytes
            z := keccak256(p, 256)
            for { let h := 0 } lt(h, height) { h := add(h, 1) } {
                mstore(0, z)
                mstore(32, z)
                z := keccak256(0, 64)
            }
        }
    }

    function hashPair(bytes32 left, bytes32 right) internal pure returns (bytes32 h) {
        assembly {
            mstore(0, left)
            mstore(32, right)
            h := keccak256(0, 64)
        }
    }

    /// Appends an aligned subtree at length, merging completed left siblings upwards.
    function place(Tree storage tree, uint256 length, bytes32 node, uint256 height)
        private
        returns (uint256)
    {
        uint256 h = height;
        while ((length >> h) & 1 == 1) {
            node = hashPair(tree.leftSiblings[h], node);
            h++;
        }
        tree.leftSiblings[h] = node;
        return length + (uint256(1) << height);
    }

    function trailingZeros(uint256 x) private pure returns (uint256 n) {
        while ((x >> n) & 1 == 0) n++;
    }

    function floorLog2(uint256 x) private pure returns (uint256 n) {
        while (x >> (n + 1) != 0) n++;
    }

    function ceilLog2(uint256 x) private pure returns (uint256) {
        return x <= 1 ? 0 : floorLog2(x - 1) + 1;
    }
}
