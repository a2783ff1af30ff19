package dev.zg.consensus;

import dev.zg.common.Address;
import dev.zg.common.Secp256k1;

/**
 * Recovers who signed a digest. A port only so that tests can memoize the (pure, costly)
 * recovery across simulated nodes; production uses {@link #secp256k1()}.
 */
@FunctionalInterface
public interface SignatureVerifier {
  /** The signer's address, or null when the signature is malformed or recovers nothing. */
  Address recover(byte[] digest32, Secp256k1.Signature signature);

  /** Ethereum-style recovery that also enforces low s (EIP-2), so signatures are unique. */
  static SignatureVerifier secp256k1() {
    return (digest, signature) -> signature.isValid(true)
        ? Secp256k1.recoverAddress(digest, signature)
        : null;
  }

  /** True when {@code signature} over {@code digest32} was made by {@code expected}. */
  default boolean signedBy(byte[] digest32, Secp256k1.Signature signature, Address expected) {
    return expected.equals(recover(digest32, signature));
  }
}
