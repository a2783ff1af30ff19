package dev.zg.consensus.sim;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import dev.zg.common.Secp256k1;
import dev.zg.consensus.SignatureVerifier;
import dev.zg.consensus.Signer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real secp256k1 signing and recovery, memoized. Both are pure functions (RFC 6979 nonces),
 * so a cache changes nothing but time: across a thousand schedules the same validators sign
 * the same (height, round, value) messages again and again, and every node of a simulation
 * recovers the same signatures. Shared by all simulations in the JVM; cleared when large.
 */
public final class MemoCrypto {
  private static final int ENTRIES_MAX = 1 << 21;
  private static final Address NO_SIGNER = Address.ZERO;

  private record SignKey(Address signer, Hash digest) {}

  private record RecoverKey(Hash digest, Secp256k1.Signature signature) {}

  private static final Map<SignKey, Secp256k1.Signature> SIGNATURES = new ConcurrentHashMap<>();
  private static final Map<RecoverKey, Address> SIGNERS = new ConcurrentHashMap<>();
  private static final SignatureVerifier REAL = SignatureVerifier.secp256k1();

  private MemoCrypto() {}

  /** The deterministic test key of validator {@code index}. */
  public static Secp256k1.KeyPair key(int index) {
    byte[] seed = Keccak256.hash(("zg-consensus-sim-validator-" + index)
        .getBytes(StandardCharsets.US_ASCII));
    return Secp256k1.KeyPair.fromPrivateKey(new BigInteger(1, seed).mod(Secp256k1.N));
  }

  public static Signer signer(Secp256k1.KeyPair key) {
    return new Signer() {
      @Override
      public Address address() {
        return key.address();
      }

      @Override
      public Secp256k1.Signature sign(byte[] digest32) {
        if (SIGNATURES.size() > ENTRIES_MAX) {
          SIGNATURES.clear();
        }
        return SIGNATURES.computeIfAbsent(new SignKey(key.address(), Hash.wrap(digest32)),
            k -> Secp256k1.sign(digest32, key.privateKey()));
      }
    };
  }

  public static SignatureVerifier verifier() {
    return (digest, signature) -> {
      if (SIGNERS.size() > ENTRIES_MAX) {
        SIGNERS.clear();
      }
      Address signer = SIGNERS.computeIfAbsent(new RecoverKey(Hash.wrap(digest), signature),
          k -> {
            Address a = REAL.recover(digest, signature);
            return a == null ? NO_SIGNER : a;
          });
      return signer == NO_SIGNER ? null : signer;
    };
  }
}
