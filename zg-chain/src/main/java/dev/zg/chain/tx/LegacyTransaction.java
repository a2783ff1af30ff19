package dev.zg.chain.tx;

import dev.zg.common.Address;
import dev.zg.common.Secp256k1;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A pre-EIP-2718 transaction: {@code rlp([nonce, gasPrice, gasLimit, to, value, data, v, r, s])}.
 * With a chain id, v is {@code chainId * 2 + 35 + yParity} and the signature commits to the
 * chain (EIP-155); without one, v is {@code 27 + yParity} and the transaction replays on any
 * chain, which consensus still accepts.
 *
 * <p>{@code memo} is a private cache; pass null (the canonical constructor replaces it).
 */
public record LegacyTransaction(
    long nonce,
    BigInteger gasPrice,
    long gasLimit,
    Address to,
    BigInteger value,
    byte[] data,
    OptionalLong chainId,
    Secp256k1.Signature signature,
    TransactionMemo memo)
    implements Transaction {

  private static final BigInteger V_BASE_FRONTIER = BigInteger.valueOf(27);
  private static final BigInteger V_BASE_EIP155 = BigInteger.valueOf(35);

  public LegacyTransaction {
    gasPrice = FieldChecks.uint256(gasPrice, "gasPrice");
    value = FieldChecks.uint256(value, "value");
    data = FieldChecks.bytes(data, "data");
    Objects.requireNonNull(chainId, "chainId");
    signature = FieldChecks.signature(signature);
    memo = new TransactionMemo();
  }

  public LegacyTransaction(
      long nonce,
      BigInteger gasPrice,
      long gasLimit,
      Address to,
      BigInteger value,
      byte[] data,
      OptionalLong chainId,
      Secp256k1.Signature signature) {
    this(nonce, gasPrice, gasLimit, to, value, data, chainId, signature, null);
  }

  /** v as written on the wire: 27/28, or chainId * 2 + 35/36 (EIP-155). */
  public BigInteger v() {
    BigInteger parity = BigInteger.valueOf(signature.recoveryId());
    if (chainId.isEmpty()) {
      return V_BASE_FRONTIER.add(parity);
    }
    return FieldChecks.unsigned(chainId.getAsLong()).shiftLeft(1).add(V_BASE_EIP155).add(parity);
  }

  @Override
  public TransactionType type() {
    return TransactionType.LEGACY;
  }

  @Override
  public OptionalLong signedChainId() {
    return chainId;
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
  public List<AccessListEntry> accessList() {
    return List.of();
  }

  @Override
  public LegacyTransaction withSignature(Secp256k1.Signature signature) {
    return new LegacyTransaction(nonce, gasPrice, gasLimit, to, value, data, chainId, signature);
  }

  @Override
  public LegacyTransaction withChainId(long chainId) {
    return new LegacyTransaction(
        nonce, gasPrice, gasLimit, to, value, data, OptionalLong.of(chainId), signature);
  }

  /** The same transaction without replay protection (v = 27/28), as before EIP-155. */
  public LegacyTransaction withoutChainId() {
    return new LegacyTransaction(
        nonce, gasPrice, gasLimit, to, value, data, OptionalLong.empty(), signature);
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
