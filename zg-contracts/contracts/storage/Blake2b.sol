// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// BLAKE2b-512 (no key) through the EIP-152 F precompile at 0x09, 12 rounds per block.
/// The precompile takes the state and message as little-endian 64-bit words, so the raw
/// message bytes are passed as they are and the final state is the digest.
library Blake2b {
    /// The initial state: IV with the parameter block (64-byte digest, no key) mixed into
    /// word 0, each word little-endian.
    function initialState() private pure returns (bytes memory h) {
        h = new bytes(64);
        uint64[8] memory iv = [
            uint64(0x6a09e667f3bcc908) ^ 0x01010040, 0xbb67ae8584caa73b, 0x3c6ef372fe94f82b,
            0xa54ff53a5f1d36f1, 0x510e527fade682d1, 0x9b05688c2b3e6c1f, 0x1f83d9abfb41bd6b,
            0x5be0cd19137e2179
        ];
        for (uint256 w = 0; w < 8; w++) {
            for (uint256 b = 0; b < 8; b++) {
                h[w * 8 + b] = bytes1(uint8(iv[w] >> (8 * b)));
            }
        }
    }

    function hash(bytes memory input) internal view returns (bytes32 first, bytes32 second) {
        bytes memory h = initialState();
        uint256 length = input.length;
        uint256 blocks = length == 0 ? 1 : (length + 127) / 128;
        for (uint256 i = 0; i < blocks; i++) {
            bytes memory input_ = new bytes(213);
            uint256 consumed = (i + 1) * 128 > length ? length : (i + 1) * 128;
            assembly {
                let p := add(input_, 32)
                mstore8(p, 0)
                mstore8(add(p, 1), 0)
                mstore8(add(p, 2), 0)
                mstore8(add(p, 3), 12)
                mcopy(add(p, 4), add(h, 32), 64)
            }
            uint256 start = i * 128;
            uint256 n = length > start ? (length - start > 128 ? 128 : length - start) : 0;
            assembly {
                mcopy(add(input_, 100), add(add(input, 32), start), n)
            }
            for (uint256 b = 0; b < 8; b++) {
                input_[196 + b] = bytes1(uint8(consumed >> (8 * b)));
            }
            input_[212] = i + 1 == blocks ? bytes1(0x01) : bytes1(0x00);
            (bool ok, bytes memory out) = address(0x09).staticcall(input_);
            require(ok && out.length == 64, "Blake2b: F precompile failed");
            h = out;
        }
        assembly {
            first := mload(add(h, 32))
            second := mload(add(h, 64))
        }
    }
}
