package dev.zg.chain.tx;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import java.util.Optional;

/**
 * A transaction's cached hash and sender. Records cannot hold private mutable state, so each
 * record carries one of these as its last component; the canonical constructors always make a
 * fresh one, and equality ignores it.
 *
 * <p>No locking: both values are pure functions of the immutable record, so threads that race
 * compute equal results, and they publish immutable objects ({@link Hash}, {@link Optional})
 * whose final fields make a racy read safe.
 */
final class TransactionMemo {
  private Hash hash;
  private Optional<Address> sender;

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
      known = Hash.keccak(TransactionCodec.encode(tx));
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
