package dev.zg.chain.tx;

import dev.zg.common.Address;
import dev.zg.common.Secp256k1;
import java.math.BigInteger;
import java.util.List;
import java.util.OptionalLong;

/**
 * An EIP-1559 transaction (type 2): {@code 0x02 || rlp([chainId, nonce, maxPriorityFeePerGas,
 * maxFeePerGas, gasLimit, to, value, data, accessList, yParity, r, s])}.
 *
 * <p>{@code memo} is a private cache; pass null (the canonical constructor replaces it).
 */
public record DynamicFeeTransaction(
    long chainId,
    long nonce,
    BigInteger maxPriorityFeePerGas,
    BigInteger maxFeePerGas,
    long gasLimit,
    Address to,
    BigInteger value,
    byte[] data,
    List<AccessListEntry> accessList,
    Secp256k1.Signature signature,
    TransactionMemo memo)
    implements Transaction {

  public DynamicFeeTransaction {
    maxPriorityFeePerGas = FieldChecks.uint256(maxPriorityFeePerGas, "maxPriorityFeePerGas");
    maxFeePerGas = FieldChecks.uint256(maxFeePerGas, "maxFeePerGas");
    value = FieldChecks.uint256(value, "value");
    data = FieldChecks.bytes(data, "data");
    accessList = List.copyOf(accessList);
    signature = FieldChecks.signature(signature);
    memo = new TransactionMemo();
  }

  public DynamicFeeTransaction(
      long chainId,
      long nonce,
      BigInteger maxPriorityFeePerGas,
      BigInteger maxFeePerGas,
      long gasLimit,
      Address to,
      BigInteger value,
      byte[] data,
      List<AccessListEntry> accessList,
      Secp256k1.Signature signature) {
    this(chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data,
        accessList, signature, null);
  }

  @Override
  public TransactionType type() {
    return TransactionType.DYNAMIC_FEE;
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
  public DynamicFeeTransaction withSignature(Secp256k1.Signature signature) {
    return new DynamicFeeTransaction(chainId, nonce, maxPriorityFeePerGas, maxFeePerGas,
        gasLimit, to, value, data, accessList, signature);
  }

  @Override
  public DynamicFeeTransaction withChainId(long chainId) {
    return new DynamicFeeTransaction(chainId, nonce, maxPriorityFeePerGas, maxFeePerGas,
        gasLimit, to, value, data, accessList, signature);
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
