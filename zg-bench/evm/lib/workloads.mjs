// The fixed set of workloads: which contract, which call, and why. compile.mjs turns this
// into the committed artifact file that every runner (EDR, ethereumjs, zg) reads.

/** Hardhat's first default account; zg and ethereumjs deploy from it too, so every EVM
 *  ends up with the same contract addresses (deployer nonce 0, 1, 2, ... in this order). */
export const DEPLOYER = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
/** Gas for each deployment transaction (the ERC-20 constructor funds 2,500 holders). */
export const DEPLOY_GAS = 200_000_000n;
/** Gas limit of each measured call: far above what any workload uses, so no EVM's result
 *  depends on it (the 63/64 rule only matters near the limit). */
export const CALL_GAS = 100_000_000n;

// BN254 (EIP-196/197): base field modulus and the G1 and G2 generators. G2 coordinates are
// elements a + b*i of F_p^2, which EIP-197 encodes imaginary part first: (b, a).
const FIELD_MODULUS =
  21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const G1 = [1n, 2n];
const G2 = [
  11559732032986387107991004021392285783925812861821192530917403151452391805634n,
  10857046999023057135944570762232829481370756359578518086990519993285655852781n,
  4082367875863433681332203403145435568316851327593401208105741076214120093531n,
  8495653923123431417604973247489272438418190587263600148770280649306958101930n,
];

/** e(G1, G2) * e(-G1, G2) = 1: two pairs, so the precompile charges 45,000 + 2 * 34,000. */
export const PAIRING_INPUT = [G1[0], G1[1], ...G2, G1[0], FIELD_MODULUS - G1[1], ...G2];

/**
 * kind: "compute" for the workloads the goal's "compute-bound" means (interpreter and
 * precompile speed), "state" for those dominated by storage access.
 * args: the `run` arguments; a bigint is a uint256/bytes32 word, an array of bigints is a
 * `bytes` argument made of those words.
 */
export const WORKLOADS = [
  {
    name: 'erc20-transfers',
    source: 'Erc20Transfers.sol',
    contract: 'Erc20Transfers',
    kind: 'state',
    summary: '2,300 OpenZeppelin ERC-20 transfers to funded holders (cold nonzero slots, logs)',
    signature: 'run(uint256)',
    args: [2300n],
  },
  {
    name: 'keccak-loop',
    source: 'KeccakLoop.sol',
    contract: 'KeccakLoop',
    kind: 'compute',
    summary: 'hash chain: 170,000 KECCAK256 over 64 bytes',
    signature: 'run(uint256,bytes32)',
    args: [170_000n, 0x7a67n],
  },
  {
    name: 'storage-loop',
    source: 'StorageLoop.sol',
    contract: 'StorageLoop',
    kind: 'state',
    summary: '400 fresh SSTOREs, 1,024 cold overwrites, 12 warm read-modify-write passes',
    signature: 'run(uint256,uint256)',
    args: [400n, 12n],
  },
  {
    name: 'ray-tracer',
    source: 'RayTracer.sol',
    contract: 'RayTracer',
    kind: 'compute',
    summary: 'fixed-point ray tracer (checked Solidity arithmetic), 32x18 pixels',
    signature: 'run(uint256,uint256)',
    args: [32n, 18n],
  },
  {
    name: 'bn254-pairing',
    source: 'PairingLoop.sol',
    contract: 'PairingLoop',
    kind: 'compute',
    summary: '176 calls of the 0x08 pairing check with 2 pairs',
    signature: 'run(uint256,bytes)',
    args: [176n, PAIRING_INPUT],
  },
];
