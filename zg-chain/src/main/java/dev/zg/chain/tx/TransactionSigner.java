package dev.zg.chain.tx;

import dev.zg.common.Address;
import dev.zg.common.Secp256k1;
import java.math.BigInteger;
import java.util.Optional;

/** Signs transactions and recovers their senders. */
public final class TransactionSigner {
  private TransactionSigner() {}

  /**
   * Signs with the chain id already in {@code tx} (for a legacy transaction without one, the
   * pre-EIP-155 form). The result has a low s (EIP-2) and is deterministic (RFC 6979).
   */
  @SuppressWarnings("unchecked") // every record's withSignature returns its own type
  public static <T extends Transaction> T sign(T tx, BigInteger privateKey) {
    Secp256k1.Signature signature =
        Secp256k1.sign(TransactionCodec.signingHash(tx).bytesUnsafe(), privateKey);
    if (signature.recoveryId() > 1) {
      // R's x coordinate overflowed the group order (odds about 2^-127): v cannot express it.
      throw new IllegalStateException("signature needs recovery id " + signature.recoveryId()
          + ", which transactions cannot carry");
    }
    return (T) tx.withSignature(signature);
  }

  /** Binds {@code tx} to {@code chainId} (EIP-155 for legacy) and signs it. */
  @SuppressWarnings("unchecked") // every record's withChainId returns its own type
  public static <T extends Transaction> T sign(T tx, long chainId, BigInteger privateKey) {
    return sign((T) tx.withChainId(chainId), privateKey);
  }

  /**
   * r and s in [1, n - 1] and s at most n / 2: the rule every transaction has followed since
   * Homestead (EIP-2), so each signature has a single valid form.
   */
  public static boolean hasValidSignatureValues(Secp256k1.Signature signature) {
    return signature.isValid(true);
  }

  /** The signer, uncached; {@link Transaction#sender()} caches it. */
  static Optional<Address> recoverSender(Transaction tx) {
    Secp256k1.Signature signature = tx.signature();
    if (!hasValidSignatureValues(signature)) {
      return Optional.empty();
    }
    byte[] hash = TransactionCodec.signingHash(tx).bytesUnsafe();
    return Optional.ofNullable(Secp256k1.recoverAddress(hash, signature));
  }
}
