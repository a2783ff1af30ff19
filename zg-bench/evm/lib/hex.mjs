// Hex and ABI helpers, small enough not to need an ABI library.

export function toHex(bytes) {
  return '0x' + Buffer.from(bytes).toString('hex');
}

export function fromHex(hex) {
  return new Uint8Array(Buffer.from(hex.replace(/^0x/, ''), 'hex'));
}

function word(value) {
  if (value < 0n || value >= 1n << 256n) {
    throw new Error(`not a uint256: ${value}`);
  }
  return value.toString(16).padStart(64, '0');
}

/**
 * ABI-encodes a call: selector, then the head (a word per static argument, an offset per
 * `bytes`), then each `bytes` tail (length, then its words). Supports only what the
 * workloads use: uint256/bytes32 words and `bytes` made of whole words.
 */
export function encodeCall(selector, args) {
  let head = '';
  let tail = '';
  const headBytes = 32 * args.length;
  for (const arg of args) {
    if (Array.isArray(arg)) {
      head += word(BigInt(headBytes + tail.length / 2));
      tail += word(BigInt(32 * arg.length)) + arg.map(word).join('');
    } else {
      head += word(arg);
    }
  }
  return '0x' + selector.replace(/^0x/, '') + head + tail;
}

/** Intrinsic gas of a call transaction without an access list (Cancun): 21,000, plus 4 per
 *  zero and 16 per nonzero calldata byte. */
export function intrinsicGas(calldataHex) {
  let gas = 21_000n;
  for (const b of fromHex(calldataHex)) {
    gas += b === 0 ? 4n : 16n;
  }
  return gas;
}
