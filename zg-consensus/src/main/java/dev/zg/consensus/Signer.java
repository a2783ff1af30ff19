package dev.zg.consensus;

import dev.zg.common.Address;
import dev.zg.common.Secp256k1;

/**
 * The validator's signing key, behind a port so that a remote signer or HSM can replace the
 * local key later. Signing must be deterministic (RFC 6979) and produce low-s signatures.
 * Double-sign protection is not the signer's job: the engine decides what may be signed and
 * hands the host the {@link SigningState} to persist first.
 */
public interface Signer {
  Address address();

  Secp256k1.Signature sign(byte[] digest32);

  /** A signer holding the private key in memory. */
  static Signer of(Secp256k1.KeyPair key) {
    return new Signer() {
      @Override
      public Address address() {
        return key.address();
      }

      @Override
      public Secp256k1.Signature sign(byte[] digest32) {
        return Secp256k1.sign(digest32, key.privateKey());
      }

      @Override
      public String toString() {
        return "Signer[" + key.address() + "]";
      }
    };
  }
}
