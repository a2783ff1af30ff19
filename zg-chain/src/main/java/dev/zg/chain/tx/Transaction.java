package dev.zg.chain.tx;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Secp256k1;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A signed Ethereum transaction of one of the types Cancun accepts.
 *
 * <p>The records are plain values that can hold anything the wire can carry: construction only
 * checks what encoding needs (unsigned integers of at most 256 bits, a y parity of 0 or 1).
 * Whether a transaction may be executed (chain id, EIP-2 low s, fee order, intrinsic gas, blob
 * rules) is {@link CancunTransactionValidator}'s call, because a decoded transaction has to be
 * representable before it can be judged and given a precise error.
 *
 * <p>64-bit fields ({@code nonce}, {@code gasLimit}, chain id) are unsigned: the wire allows up
 * to 2^64 - 1, which Java shows as a negative {@code long}.
 *
 * <p>An unsigned transaction carries {@link #UNSIGNED} (r = s = 0, which no signature can be);
 * {@link TransactionSigner} signs it. {@link #hash()} and {@link #sender()} are computed once
 * per instance and cached.
 */
public sealed interface Transaction
    permits LegacyTransaction, AccessListTransaction, DynamicFeeTransaction, BlobTransaction {

  /** Placeholder signature of a transaction that has not been signed yet. */
  Secp256k1.Signature UNSIGNED = new Secp256k1.Signature(BigInteger.ZERO, BigInteger.ZERO, 0);

  TransactionType type();

  /** The chain id the signature commits to; empty only for a pre-EIP-155 legacy transaction. */
  OptionalLong signedChainId();

  long nonce();

  /** The tip cap (EIP-1559); the gas price for types that have one price. */
  BigInteger maxPriorityFeePerGas();

  /** The fee cap (EIP-1559); the gas price for types that have one price. */
  BigInteger maxFeePerGas();

  long gasLimit();

  /** The recipient, or null when the transaction creates a contract. */
  Address to();

  BigInteger value();

  /** A copy of the calldata (the init code for a creation). */
  byte[] data();

  List<AccessListEntry> accessList();

  /** r, s and the y parity; {@link #UNSIGNED} before signing. */
  Secp256k1.Signature signature();

  /** The same transaction with another signature. */
  Transaction withSignature(Secp256k1.Signature signature);

  /** The same transaction bound to another chain (the signature no longer matches). */
  Transaction withChainId(long chainId);

  default boolean isContractCreation() {
    return to() == null;
  }

  /** EIP-4844 versioned hashes; empty for types without blobs. */
  default List<Hash> blobVersionedHashes() {
    return List.of();
  }

  /**
   * The price per gas paid at a given base fee (EIP-1559): the fee cap, or base fee plus tip
   * when that is lower. Callers first check that the fee cap covers the base fee.
   */
  default BigInteger effectiveGasPrice(BigInteger baseFeePerGas) {
    return maxFeePerGas().min(baseFeePerGas.add(maxPriorityFeePerGas()));
  }

  /** Keccak-256 of the canonical encoding: the transaction's identity on chain. */
  default Hash hash() {
    return TransactionMemo.of(this).hash(this);
  }

  /**
   * The signer, or empty when the signature is out of range, has a high s (EIP-2) or recovers
   * no key. Cached after the first call.
   */
  default Optional<Address> sender() {
    return TransactionMemo.of(this).sender(this);
  }

  /** The canonical encoding, as in blocks and {@code eth_sendRawTransaction}. */
  default byte[] encode() {
    return TransactionCodec.encode(this);
  }

  /** The hash the signature is made over (EIP-155 for legacy with a chain id, EIP-2718). */
  default Hash signingHash() {
    return TransactionCodec.signingHash(this);
  }
}
