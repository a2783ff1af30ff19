package dev.zg.chain.tx;

/** The part of an encoded transaction a decoding error is about. */
public enum TransactionField {
  /** The framing: empty input, list lengths, element count, trailing bytes. */
  ENVELOPE("envelope"),
  /** The EIP-2718 type byte, or a first byte that is neither a type nor an RLP list. */
  TYPE("type"),
  CHAIN_ID("chainId"),
  NONCE("nonce"),
  GAS_PRICE("gasPrice"),
  MAX_PRIORITY_FEE_PER_GAS("maxPriorityFeePerGas"),
  MAX_FEE_PER_GAS("maxFeePerGas"),
  GAS_LIMIT("gasLimit"),
  TO("to"),
  VALUE("value"),
  DATA("data"),
  ACCESS_LIST("accessList"),
  ACCESS_LIST_ADDRESS("accessList address"),
  ACCESS_LIST_STORAGE_KEY("accessList storage key"),
  MAX_FEE_PER_BLOB_GAS("maxFeePerBlobGas"),
  BLOB_VERSIONED_HASHES("blobVersionedHashes"),
  /** Legacy v: 27/28 or chainId * 2 + 35/36. */
  V("v"),
  /** Typed transactions' y parity: 0 or 1. */
  Y_PARITY("yParity"),
  R("r"),
  S("s"),
  BLOBS("blobs"),
  COMMITMENTS("commitments"),
  PROOFS("proofs");

  private final String label;

  TransactionField(String label) {
    this.label = label;
  }

  /** The field's name as the specifications write it. */
  public String label() {
    return label;
  }
}
