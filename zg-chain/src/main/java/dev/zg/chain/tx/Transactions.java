package dev.zg.chain.tx;

import dev.zg.common.Hex;
import java.util.Arrays;

/** Equality and text shared by the transaction records (their data arrays need it). */
final class Transactions {
  private static final int DATA_SHOWN_BYTES_MAX = 64;

  private Transactions() {}

  /** Equal when the canonical encodings are equal, which covers every field. */
  static boolean equal(Transaction a, Object other) {
    return other instanceof Transaction b
        && a.getClass() == b.getClass()
        && a.hash().equals(b.hash())
        && Arrays.equals(TransactionCodec.encode(a), TransactionCodec.encode(b));
  }

  static int hashCode(Transaction tx) {
    return tx.hash().hashCode();
  }

  static String describe(Transaction tx) {
    byte[] data = tx.data();
    String shownData = data.length <= DATA_SHOWN_BYTES_MAX
        ? Hex.prefixed(data)
        : Hex.prefixed(Arrays.copyOf(data, DATA_SHOWN_BYTES_MAX)) + "... (" + data.length + " B)";
    StringBuilder out = new StringBuilder(tx.getClass().getSimpleName())
        .append("[hash=").append(tx.hash())
        .append(", chainId=").append(tx.signedChainId().isPresent()
            ? Long.toUnsignedString(tx.signedChainId().getAsLong()) : "none")
        .append(", nonce=").append(Long.toUnsignedString(tx.nonce()))
        .append(", maxPriorityFeePerGas=").append(tx.maxPriorityFeePerGas())
        .append(", maxFeePerGas=").append(tx.maxFeePerGas())
        .append(", gasLimit=").append(Long.toUnsignedString(tx.gasLimit()))
        .append(", to=").append(tx.to() == null ? "create" : tx.to())
        .append(", value=").append(tx.value())
        .append(", data=").append(shownData)
        .append(", accessList=").append(tx.accessList());
    if (tx instanceof BlobTransaction blob) {
      out.append(", maxFeePerBlobGas=").append(blob.maxFeePerBlobGas())
          .append(", blobVersionedHashes=").append(blob.blobVersionedHashes());
    }
    return out.append(", yParity=").append(tx.signature().recoveryId())
        .append(", r=").append(tx.signature().r().toString(16))
        .append(", s=").append(tx.signature().s().toString(16))
        .append(']').toString();
  }
}
