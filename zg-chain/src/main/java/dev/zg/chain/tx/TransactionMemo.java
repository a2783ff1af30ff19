package dev.zg.chain.tx;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import java.util.Optional;

/**
 * A transaction's cached hash, sender and (when it was decoded) canonical encoding. Records cannot hold private mutable state, so each
 * record carries one of these as its last component; the canonical constructors always make a
 * fresh one, and equality ignores it.
 *
 * <p>No locking: the values are pure functions of the immutable record, so threads that race
 * compute equal results, and they publish immutable objects ({@link Hash}, {@link Optional})
 * whose final fields make a racy read safe. The encoding is set only by the decoder, before the
 * transaction escapes its thread, and never changes.
 */
final class TransactionMemo {
  private Hash hash;
  private Optional<Address> sender;
  private byte[] encoded;

  /**
   * Keeps the canonical encoding the transaction was decoded from (strict decoding makes it
   * equal to the re-encoding), so hashing, roots and storage need not encode it again.
   */
  void rememberEncoding(byte[] canonical) {
    encoded = canonical;
  }

  /** The remembered canonical encoding (not a copy), or null. */
  byte[] encoded() {
    return encoded;
  }

  static TransactionMemo of(Transaction tx) {
    return switch (tx) {
      case LegacyTransaction t -> t.memo();
      case AccessListTransaction t -> t.memo();
      case DynamicFeeTransaction t -> t.memo();
      case BlobTransaction t -> t.memo();
    };
  }

  Hash hash(Transaction tx) {
    Hash known = hash;
    if (known == null) {
      byte[] bytes = encoded;
      known = Hash.keccak(bytes != null ? bytes : TransactionCodec.encode(tx));
      hash = known;
    }
    return known;
  }

  Optional<Address> sender(Transaction tx) {
    Optional<Address> known = sender;
    if (known == null) {
      known = TransactionSigner.recoverSender(tx);
      sender = known;
    }
    return known;
  }

  @Override
  public String toString() {
    return "memo";
  }
}
