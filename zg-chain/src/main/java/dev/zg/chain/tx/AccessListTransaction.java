package dev.zg.chain.tx;

import dev.zg.common.Address;
import dev.zg.common.Secp256k1;
import java.math.BigInteger;
import java.util.List;
import java.util.OptionalLong;

/**
 * An EIP-2930 transaction (type 1): {@code 0x01 || rlp([chainId, nonce, gasPrice, gasLimit, to,
 * value, data, accessList, yParity, r, s])}.
 *
 * <p>{@code memo} is a private cache; pass null (the canonical constructor replaces it).
 */
public record AccessListTransaction(
    long chainId,
    long nonce,
    BigInteger gasPrice,
    long gasLimit,
    Address to,
    BigInteger value,
    byte[] data,
    List<AccessListEntry> accessList,
    Secp256k1.Signature signature,
    TransactionMemo memo)
    implements Transaction {

  public AccessListTransaction {
    gasPrice = FieldChecks.uint256(gasPrice, "gasPrice");
    value = FieldChecks.uint256(value, "value");
    data = FieldChecks.bytes(data, "data");
    accessList = List.copyOf(accessList);
    signature = FieldChecks.signature(signature);
    memo = new TransactionMemo();
  }

  public AccessListTransaction(
      long chainId,
      long nonce,
      BigInteger gasPrice,
      long gasLimit,
      Address to,
      BigInteger value,
      byte[] data,
      List<AccessListEntry> accessList,
      Secp256k1.Signature signature) {
    this(chainId, nonce, gasPrice, gasLimit, to, value, data, accessList, signature, null);
  }

  @Override
  public TransactionType type() {
    return TransactionType.ACCESS_LIST;
  }

  @Override
  public OptionalLong signedChainId() {
    return OptionalLong.of(chainId);
  }

  @Override
  public BigInteger maxPriorityFeePerGas() {
    return gasPrice;
  }

  @Override
  public BigInteger maxFeePerGas() {
    return gasPrice;
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public AccessListTransaction withSignature(Secp256k1.Signature signature) {
    return new AccessListTransaction(
        chainId, nonce, gasPrice, gasLimit, to, value, data, accessList, signature);
  }

  @Override
  public AccessListTransaction withChainId(long chainId) {
    return new AccessListTransaction(
        chainId, nonce, gasPrice, gasLimit, to, value, data, accessList, signature);
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
