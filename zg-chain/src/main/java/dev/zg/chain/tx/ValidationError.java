package dev.zg.chain.tx;

/**
 * Why a well-formed transaction is invalid. Names follow the {@code TransactionException}
 * names of the Ethereum test suites, so vectors and logs can be compared directly.
 */
public enum ValidationError {
  /** The transaction's chain id (typed, or EIP-155 in v) is not this chain's. */
  INVALID_CHAINID,
  /** r or s outside [1, n - 1], or s above n / 2 (EIP-2). */
  INVALID_SIGNATURE_VRS,
  /** The signature is in range but recovers no public key. */
  EC_RECOVERY_FAIL,
  /** EIP-2681: the nonce must stay below 2^64 - 1 so it can still be incremented. */
  NONCE_TOO_BIG,
  /** EIP-1559: the tip cap exceeds the fee cap. */
  PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS,
  /** gasLimit * maxFeePerGas (or gasPrice) does not fit in 256 bits. */
  GASLIMIT_PRICE_PRODUCT_OVERFLOW,
  /** EIP-3860: init code longer than 49152 bytes. */
  INITCODE_SIZE_EXCEEDED,
  /** The gas limit does not cover the intrinsic gas. */
  INTRINSIC_GAS_TOO_LOW,
  /** EIP-4844: a blob transaction must carry at least one blob. */
  TYPE_3_TX_ZERO_BLOBS,
  /** EIP-4844: more blobs than a block may hold (6 in Cancun). */
  TYPE_3_TX_BLOB_COUNT_EXCEEDED,
  /** EIP-4844: a versioned hash whose first byte is not 0x01 (KZG). */
  TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH,
  /** Network form: blob, commitment, proof and versioned-hash counts differ. */
  BLOB_SIDECAR_COUNT_MISMATCH,
  /** Network form: a commitment does not hash to the matching versioned hash. */
  BLOB_VERSIONED_HASH_MISMATCH,
  /** Block context: the gas limit exceeds the block's. */
  GAS_ALLOWANCE_EXCEEDED,
  /** Block context (EIP-1559): the fee cap is below the block's base fee. */
  INSUFFICIENT_MAX_FEE_PER_GAS,
  /** Block context (EIP-4844): the blob fee cap is below the block's blob base fee. */
  INSUFFICIENT_MAX_FEE_PER_BLOB_GAS
}
