package dev.zg.chain.tx;

/** The envelope types Cancun accepts. Legacy transactions carry no type byte on the wire. */
public enum TransactionType {
  LEGACY(0x00),
  /** EIP-2930: chain id and access list. */
  ACCESS_LIST(0x01),
  /** EIP-1559: fee cap and priority fee instead of one gas price. */
  DYNAMIC_FEE(0x02),
  /** EIP-4844: commits to blobs carried beside the transaction. */
  BLOB(0x03);

  private final int typeByte;

  TransactionType(int typeByte) {
    this.typeByte = typeByte;
  }

  /** The EIP-2718 type byte (0 for legacy, which is never written). */
  public int typeByte() {
    return typeByte;
  }
}
