package dev.zg.chain.tx;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Secp256k1;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * An EIP-4844 transaction (type 3) in its canonical form, the one blocks hold and hash:
 * {@code 0x03 || rlp([chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value,
 * data, accessList, maxFeePerBlobGas, blobVersionedHashes, yParity, r, s])}. The blobs travel
 * only in the network form, {@link BlobTransactionWrapper}.
 *
 * <p>{@code to} is required: EIP-4844 gives the field no empty form, so a blob transaction
 * cannot create a contract. {@code memo} is a private cache; pass null.
 */
public record BlobTransaction(
    long chainId,
    long nonce,
    BigInteger maxPriorityFeePerGas,
    BigInteger maxFeePerGas,
    long gasLimit,
    Address to,
    BigInteger value,
    byte[] data,
    List<AccessListEntry> accessList,
    BigInteger maxFeePerBlobGas,
    List<Hash> blobVersionedHashes,
    Secp256k1.Signature signature,
    TransactionMemo memo)
    implements Transaction {

  /** EIP-4844: blob gas per blob (2^17, one byte per unit of a 128 KiB blob). */
  public static final long GAS_PER_BLOB = 1L << 17;
  /** EIP-4844: the first byte of a versioned hash made from a KZG commitment. */
  public static final int VERSIONED_HASH_VERSION_KZG = 0x01;

  public BlobTransaction {
    maxPriorityFeePerGas = FieldChecks.uint256(maxPriorityFeePerGas, "maxPriorityFeePerGas");
    maxFeePerGas = FieldChecks.uint256(maxFeePerGas, "maxFeePerGas");
    Objects.requireNonNull(to, "to: a blob transaction cannot create a contract (EIP-4844)");
    value = FieldChecks.uint256(value, "value");
    data = FieldChecks.bytes(data, "data");
    accessList = List.copyOf(accessList);
    maxFeePerBlobGas = FieldChecks.uint256(maxFeePerBlobGas, "maxFeePerBlobGas");
    blobVersionedHashes = List.copyOf(blobVersionedHashes);
    signature = FieldChecks.signature(signature);
    memo = new TransactionMemo();
  }

  public BlobTransaction(
      long chainId,
      long nonce,
      BigInteger maxPriorityFeePerGas,
      BigInteger maxFeePerGas,
      long gasLimit,
      Address to,
      BigInteger value,
      byte[] data,
      List<AccessListEntry> accessList,
      BigInteger maxFeePerBlobGas,
      List<Hash> blobVersionedHashes,
      Secp256k1.Signature signature) {
    this(chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data,
        accessList, maxFeePerBlobGas, blobVersionedHashes, signature, null);
  }

  /** Blob gas this transaction consumes (EIP-4844). */
  public long blobGas() {
    return blobVersionedHashes.size() * GAS_PER_BLOB;
  }

  @Override
  public TransactionType type() {
    return TransactionType.BLOB;
  }

  @Override
  public OptionalLong signedChainId() {
    return OptionalLong.of(chainId);
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public BlobTransaction withSignature(Secp256k1.Signature signature) {
    return new BlobTransaction(chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to,
        value, data, accessList, maxFeePerBlobGas, blobVersionedHashes, signature);
  }

  @Override
  public BlobTransaction withChainId(long chainId) {
    return new BlobTransaction(chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to,
        value, data, accessList, maxFeePerBlobGas, blobVersionedHashes, signature);
  }

  @Override
  public boolean equals(Object other) {
    return Transactions.equal(this, other);
  }

  @Override
  public int hashCode() {
    return Transactions.hashCode(this);
  }

  @Override
  public String toString() {
    return Transactions.describe(this);
  }
}
