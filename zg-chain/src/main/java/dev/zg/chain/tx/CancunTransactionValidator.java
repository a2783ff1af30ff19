package dev.zg.chain.tx;

import static dev.zg.chain.tx.ValidationError.BLOB_SIDECAR_COUNT_MISMATCH;
import static dev.zg.chain.tx.ValidationError.BLOB_VERSIONED_HASH_MISMATCH;
import static dev.zg.chain.tx.ValidationError.EC_RECOVERY_FAIL;
import static dev.zg.chain.tx.ValidationError.GASLIMIT_PRICE_PRODUCT_OVERFLOW;
import static dev.zg.chain.tx.ValidationError.GAS_ALLOWANCE_EXCEEDED;
import static dev.zg.chain.tx.ValidationError.INITCODE_SIZE_EXCEEDED;
import static dev.zg.chain.tx.ValidationError.INSUFFICIENT_MAX_FEE_PER_BLOB_GAS;
import static dev.zg.chain.tx.ValidationError.INSUFFICIENT_MAX_FEE_PER_GAS;
import static dev.zg.chain.tx.ValidationError.INTRINSIC_GAS_TOO_LOW;
import static dev.zg.chain.tx.ValidationError.INVALID_CHAINID;
import static dev.zg.chain.tx.ValidationError.INVALID_SIGNATURE_VRS;
import static dev.zg.chain.tx.ValidationError.NONCE_TOO_BIG;
import static dev.zg.chain.tx.ValidationError.PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS;
import static dev.zg.chain.tx.ValidationError.TYPE_3_TX_BLOB_COUNT_EXCEEDED;
import static dev.zg.chain.tx.ValidationError.TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH;
import static dev.zg.chain.tx.ValidationError.TYPE_3_TX_ZERO_BLOBS;

import dev.zg.chain.tx.ValidationResult.Invalid;
import dev.zg.chain.tx.ValidationResult.Valid;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Cancun's validity rules for a decoded transaction that need no account state: chain id,
 * signature values, nonce ceiling, fee sanity, init-code size, blob rules and intrinsic gas,
 * then sender recovery (last, as the only expensive step). Account nonce, balance and EIP-3607
 * are the block executor's.
 *
 * <p>The rules are a list applied in order; the first failure wins. The order follows the
 * reference clients where a transaction breaks several rules (chain id before signature
 * values, fee order before the fee product), which the Ethereum transaction tests pin down.
 */
public final class CancunTransactionValidator {
  /** EIP-3860: twice the EIP-170 code size limit. */
  public static final int INIT_CODE_SIZE_BYTES_MAX = 2 * 24_576;
  /** EIP-4844 (Cancun): 786432 blob gas per block at 131072 per blob. */
  public static final int BLOBS_PER_TRANSACTION_MAX = 6;
  private static final int UINT256_BITS = 256;
  private static final long NONCE_MAX_EXCLUSIVE = -1L; // 2^64 - 1 as an unsigned long

  private final OptionalLong chainId;
  private final List<Function<Transaction, Invalid>> rules = List.of(
      this::chainIdRule,
      CancunTransactionValidator::signatureValuesRule,
      CancunTransactionValidator::nonceRule,
      CancunTransactionValidator::feeRule,
      CancunTransactionValidator::initCodeRule,
      CancunTransactionValidator::blobRule);

  private CancunTransactionValidator(OptionalLong chainId) {
    this.chainId = chainId;
  }

  /** Transactions must be for {@code chainId}; legacy ones without a chain id still pass. */
  public static CancunTransactionValidator forChain(long chainId) {
    return new CancunTransactionValidator(OptionalLong.of(chainId));
  }

  /** Accepts any chain id (tools that only inspect transactions). */
  public static CancunTransactionValidator withoutChainId() {
    return new CancunTransactionValidator(OptionalLong.empty());
  }

  public ValidationResult validate(Transaction tx) {
    for (Function<Transaction, Invalid> rule : rules) {
      Invalid failure = rule.apply(tx);
      if (failure != null) {
        return failure;
      }
    }
    long intrinsicGas = IntrinsicGas.of(tx);
    if (Long.compareUnsigned(tx.gasLimit(), intrinsicGas) < 0) {
      return new Invalid(INTRINSIC_GAS_TOO_LOW, "gas limit " + Long.toUnsignedString(tx.gasLimit())
          + " is below the intrinsic gas " + intrinsicGas);
    }
    Optional<Address> sender = tx.sender();
    if (sender.isEmpty()) {
      return new Invalid(EC_RECOVERY_FAIL, "the signature recovers no public key");
    }
    return new Valid(sender.get(), intrinsicGas);
  }

  /** {@link #validate(Transaction)}, then the checks against the including block's header. */
  public ValidationResult validate(Transaction tx, BlockContext block) {
    ValidationResult result = validate(tx);
    if (!result.isValid()) {
      return result;
    }
    if (Long.compareUnsigned(tx.gasLimit(), block.gasLimit()) > 0) {
      return new Invalid(GAS_ALLOWANCE_EXCEEDED, "gas limit " + Long.toUnsignedString(tx.gasLimit())
          + " exceeds the block gas limit " + Long.toUnsignedString(block.gasLimit()));
    }
    if (tx.maxFeePerGas().compareTo(block.baseFeePerGas()) < 0) {
      return new Invalid(INSUFFICIENT_MAX_FEE_PER_GAS, "fee cap " + tx.maxFeePerGas()
          + " is below the base fee " + block.baseFeePerGas());
    }
    if (tx instanceof BlobTransaction blob
        && blob.maxFeePerBlobGas().compareTo(block.baseFeePerBlobGas()) < 0) {
      return new Invalid(INSUFFICIENT_MAX_FEE_PER_BLOB_GAS, "blob fee cap "
          + blob.maxFeePerBlobGas() + " is below the blob base fee " + block.baseFeePerBlobGas());
    }
    return result;
  }

  /**
   * The network form: the sidecar must match the transaction (equal counts, each commitment
   * hashing to its versioned hash), then the transaction itself must be valid. The KZG proofs
   * are not verified here.
   */
  public ValidationResult validateNetworkForm(BlobTransactionWrapper wrapper) {
    List<Hash> hashes = wrapper.transaction().blobVersionedHashes();
    int blobs = wrapper.blobs().size();
    if (blobs != hashes.size() || blobs != wrapper.commitments().size()
        || blobs != wrapper.proofs().size()) {
      return new Invalid(BLOB_SIDECAR_COUNT_MISMATCH, "versioned hashes " + hashes.size()
          + ", blobs " + blobs + ", commitments " + wrapper.commitments().size()
          + ", proofs " + wrapper.proofs().size());
    }
    for (int i = 0; i < blobs; i++) {
      if (!wrapper.commitments().get(i).versionedHash().equals(hashes.get(i))) {
        return new Invalid(BLOB_VERSIONED_HASH_MISMATCH,
            "commitment " + i + " does not hash to versioned hash " + hashes.get(i));
      }
    }
    return validate(wrapper.transaction());
  }

  private Invalid chainIdRule(Transaction tx) {
    OptionalLong signed = tx.signedChainId();
    if (chainId.isPresent() && signed.isPresent() && signed.getAsLong() != chainId.getAsLong()) {
      return new Invalid(INVALID_CHAINID, "chain id " + Long.toUnsignedString(signed.getAsLong())
          + " is not this chain's " + Long.toUnsignedString(chainId.getAsLong()));
    }
    return null;
  }

  private static Invalid signatureValuesRule(Transaction tx) {
    if (!TransactionSigner.hasValidSignatureValues(tx.signature())) {
      return new Invalid(INVALID_SIGNATURE_VRS,
          "r and s must be in [1, n - 1] with s at most n / 2 (EIP-2)");
    }
    return null;
  }

  private static Invalid nonceRule(Transaction tx) {
    if (tx.nonce() == NONCE_MAX_EXCLUSIVE) {
      return new Invalid(NONCE_TOO_BIG, "nonce must be below 2^64 - 1 (EIP-2681)");
    }
    return null;
  }

  private static Invalid feeRule(Transaction tx) {
    if (tx.maxPriorityFeePerGas().compareTo(tx.maxFeePerGas()) > 0) {
      return new Invalid(PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS, "tip cap "
          + tx.maxPriorityFeePerGas() + " exceeds fee cap " + tx.maxFeePerGas() + " (EIP-1559)");
    }
    // Only the product is bounded: the transaction tests accept a 2^256 - 1 value on top of it.
    BigInteger product = FieldChecks.unsigned(tx.gasLimit()).multiply(tx.maxFeePerGas());
    if (product.bitLength() > UINT256_BITS) {
      return new Invalid(GASLIMIT_PRICE_PRODUCT_OVERFLOW,
          "gas limit * fee cap does not fit in 256 bits");
    }
    return null;
  }

  private static Invalid initCodeRule(Transaction tx) {
    if (tx.isContractCreation()) {
      int size = tx.data().length;
      if (size > INIT_CODE_SIZE_BYTES_MAX) {
        return new Invalid(INITCODE_SIZE_EXCEEDED, "init code of " + size
            + " bytes exceeds " + INIT_CODE_SIZE_BYTES_MAX + " (EIP-3860)");
      }
    }
    return null;
  }

  private static Invalid blobRule(Transaction tx) {
    if (!(tx instanceof BlobTransaction blob)) {
      return null;
    }
    List<Hash> hashes = blob.blobVersionedHashes();
    if (hashes.isEmpty()) {
      return new Invalid(TYPE_3_TX_ZERO_BLOBS, "a blob transaction needs a blob (EIP-4844)");
    }
    if (hashes.size() > BLOBS_PER_TRANSACTION_MAX) {
      return new Invalid(TYPE_3_TX_BLOB_COUNT_EXCEEDED, hashes.size()
          + " blobs exceed the " + BLOBS_PER_TRANSACTION_MAX + " a block can hold (EIP-4844)");
    }
    for (int i = 0; i < hashes.size(); i++) {
      int version = hashes.get(i).bytesUnsafe()[0] & 0xff;
      if (version != BlobTransaction.VERSIONED_HASH_VERSION_KZG) {
        return new Invalid(TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH,
            "versioned hash " + i + " has version 0x" + Integer.toHexString(version)
                + ", expected 0x01 (EIP-4844)");
      }
    }
    return null;
  }
}
