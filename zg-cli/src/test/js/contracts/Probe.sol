// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// Deployed by CREATE2 from Probe.spawn: constructor logs, storage, and self-destruct.
contract Child {
    uint256 public value;

    event Born(address indexed parent, uint256 value);

    constructor(uint256 v) payable {
        value = v;
        emit Born(msg.sender, v);
    }

    /// Under EIP-6780 this only deletes the account when called in the creating transaction.
    function destroy(address payable to) external {
        selfdestruct(to);
    }
}

/// Created and destroyed in one transaction by Probe.spawnAndDestroy. A contract of its own:
/// its code is used by no other account (Hardhat forgets deleted code by hash).
contract Ephemeral {
    event Gone(address to);

    function destroy(address payable to) external {
        emit Gone(to);
        selfdestruct(to);
    }
}

/// Exercises what the differential test compares between zg and Hardhat: storage writes and
/// deletes (refunds), events with zero to four topics, reverts of every kind, CREATE2,
/// nested self-calls, value transfers and Cancun's transient storage and MCOPY.
contract Probe {
    mapping(uint256 => uint256) public slots;
    uint256 public total;

    event Noted(address indexed who, uint256 indexed id, bytes32 indexed tag, string note);
    event Step(uint256 indexed depth, uint256 gasLeftBucket);
    event Spawned(address child, bytes32 salt);
    event Anonymous4(bytes32 indexed a, bytes32 indexed b, bytes32 indexed c, uint256 d) anonymous;

    error Refused(uint256 code, address who);

    function put(uint256 key, uint256 value) external {
        total = total + value - slots[key];
        slots[key] = value;
    }

    function putMany(uint256 from, uint256 count) external {
        for (uint256 i = from; i < from + count; i++) {
            slots[i] = i + 1;
        }
    }

    function erase(uint256 key) external {
        total -= slots[key];
        delete slots[key];
    }

    function note(uint256 id, bytes32 tag, string calldata text) external {
        emit Noted(msg.sender, id, tag, text);
        emit Anonymous4(tag, bytes32(id), keccak256(bytes(text)), id * 2);
        assembly {
            // A LOG0: data only, no topics.
            mstore(0, id)
            log0(0, 32)
        }
    }

    function fail(uint256 how) external pure returns (uint256) {
        if (how == 0) revert("probe says no");
        if (how == 1) revert Refused(how, address(0xbeef));
        if (how == 2) assert(false);
        if (how == 3) {
            uint256 zero = how - 3;
            return how / zero;
        }
        if (how == 4) {
            assembly { invalid() }
        }
        if (how == 5) revert();
        return how;
    }

    /// Calls itself `depth` times through external calls, logging at each level.
    function chain(uint256 depth) external returns (uint256) {
        emit Step(depth, gasleft() / 1_000_000);
        if (depth == 0) return 1;
        return this.chain(depth - 1) + 1;
    }

    /// A nested call that reverts inside, caught: the outer call still succeeds.
    function tryFail(uint256 how) external returns (bool ok, bytes memory data) {
        (ok, data) = address(this).call(abi.encodeCall(this.fail, (how)));
        slots[1000 + how] = ok ? 1 : 2;
    }

    function spawn(bytes32 salt, uint256 value) external payable returns (address child) {
        child = address(new Child{salt: salt, value: msg.value}(value));
        emit Spawned(child, salt);
    }

    /// Creates and destroys in one transaction: the child's account is gone afterwards.
    function spawnAndDestroy(bytes32 salt) external returns (address child) {
        Ephemeral c = new Ephemeral{salt: salt}();
        c.destroy(payable(msg.sender));
        child = address(c);
    }

    function predict(bytes32 salt, uint256 value) external view returns (address) {
        bytes memory init = abi.encodePacked(type(Child).creationCode, abi.encode(value));
        bytes32 h = keccak256(abi.encodePacked(bytes1(0xff), address(this), salt, keccak256(init)));
        return address(uint160(uint256(h)));
    }

    function forward(address payable to) external payable {
        (bool ok,) = to.call{value: msg.value}("");
        require(ok, "forward failed");
    }

    /// Transient storage survives between calls of one transaction only (EIP-1153).
    function transient(uint256 v) external returns (uint256 seen) {
        assembly {
            tstore(7, v)
        }
        seen = this.readTransient();
    }

    function readTransient() external view returns (uint256 v) {
        assembly {
            v := tload(7)
        }
    }

    /// MCOPY (EIP-5656) through the compiler's memory copies, plus a hash of the result.
    function copy(bytes calldata input) external pure returns (bytes memory out, bytes32 h) {
        out = new bytes(input.length * 2);
        bytes memory a = input;
        assembly {
            mcopy(add(out, 32), add(a, 32), mload(a))
            mcopy(add(add(out, 32), mload(a)), add(a, 32), mload(a))
        }
        h = keccak256(out);
    }

    receive() external payable {}
}
