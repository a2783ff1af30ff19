package dev.zg.common;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * ECDSA over secp256k1 as Ethereum uses it: deterministic nonces (RFC 6979), signatures with a
 * recovery id, public-key recovery, and the EIP-2 low-s rule. The curve arithmetic is
 * BouncyCastle's (with its GLV endomorphism); signing is done here so the recovery id comes
 * straight from the nonce point instead of by trial recovery.
 */
public final class Secp256k1 {
  private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
  private static final ECCurve CURVE = PARAMS.getCurve();
  private static final ECPoint G = PARAMS.getG();
  /** Order of the group. */
  public static final BigInteger N = PARAMS.getN();
  /** Half the order: the largest s that EIP-2 allows. */
  public static final BigInteger HALF_N = N.shiftRight(1);
  /** The field prime. */
  public static final BigInteger P = CURVE.getField().getCharacteristic();

  private static final FixedPointCombMultiplier BASE_MULTIPLIER = new FixedPointCombMultiplier();

  private Secp256k1() {}

  /** An ECDSA signature with Ethereum's recovery id (0 or 1 for the parity of R's y). */
  public record Signature(BigInteger r, BigInteger s, int recoveryId) {
    public Signature {
      if (recoveryId < 0 || recoveryId > 3) {
        throw new IllegalArgumentException("recovery id must be 0..3, got " + recoveryId);
      }
    }

    /** True when r and s are in [1, n-1] and, with {@code requireLowS}, s is at most n/2. */
    public boolean isValid(boolean requireLowS) {
      return r.signum() > 0 && r.compareTo(N) < 0 && s.signum() > 0
          && s.compareTo(requireLowS ? HALF_N.add(BigInteger.ONE) : N) < 0;
    }

    /** r || s || v as 65 bytes, with v = recovery id (the form ecrecover tools print). */
    public byte[] toBytes() {
      byte[] out = new byte[65];
      System.arraycopy(Bytes.unsigned(r, 32), 0, out, 0, 32);
      System.arraycopy(Bytes.unsigned(s, 32), 0, out, 32, 32);
      out[64] = (byte) recoveryId;
      return out;
    }
  }

  /** A private key with its derived public key and address. */
  public record KeyPair(BigInteger privateKey, byte[] publicKey, Address address) {
    public KeyPair {
      if (privateKey.signum() <= 0 || privateKey.compareTo(N) >= 0) {
        throw new IllegalArgumentException("private key out of range [1, n-1]");
      }
      publicKey = publicKey.clone();
    }

    public static KeyPair fromPrivateKey(BigInteger privateKey) {
      byte[] pub = Secp256k1.publicKey(privateKey);
      return new KeyPair(privateKey, pub, Address.fromPublicKey(pub));
    }

    public static KeyPair fromPrivateKey(byte[] privateKey32) {
      return fromPrivateKey(new BigInteger(1, privateKey32));
    }

    public byte[] privateKeyBytes() {
      return Bytes.unsigned(privateKey, 32);
    }

    @Override
    public byte[] publicKey() {
      return publicKey.clone();
    }

    @Override
    public String toString() {
      return "KeyPair[" + address + "]";
    }
  }

  /** The 64-byte uncompressed public key (x || y) of a private key. */
  public static byte[] publicKey(BigInteger privateKey) {
    if (privateKey.signum() <= 0 || privateKey.compareTo(N) >= 0) {
      throw new IllegalArgumentException("private key out of range [1, n-1]");
    }
    ECPoint q = BASE_MULTIPLIER.multiply(G, privateKey).normalize();
    byte[] encoded = q.getEncoded(false);
    return Arrays.copyOfRange(encoded, 1, 65);
  }

  /** Signs a 32-byte hash with a deterministic nonce; the result always has a low s. */
  public static Signature sign(byte[] hash32, BigInteger privateKey) {
    checkHash(hash32);
    if (privateKey.signum() <= 0 || privateKey.compareTo(N) >= 0) {
      throw new IllegalArgumentException("private key out of range [1, n-1]");
    }
    BigInteger e = new BigInteger(1, hash32);
    HMacDSAKCalculator nonces = new HMacDSAKCalculator(new SHA256Digest());
    nonces.init(N, privateKey, hash32);
    while (true) {
      BigInteger k = nonces.nextK();
      ECPoint point = BASE_MULTIPLIER.multiply(G, k).normalize();
      BigInteger x = point.getAffineXCoord().toBigInteger();
      BigInteger r = x.mod(N);
      if (r.signum() == 0) {
        continue;
      }
      BigInteger s = k.modInverse(N).multiply(e.add(privateKey.multiply(r))).mod(N);
      if (s.signum() == 0) {
        continue;
      }
      int recoveryId = (point.getAffineYCoord().testBitZero() ? 1 : 0) | (x.compareTo(N) >= 0 ? 2 : 0);
      if (s.compareTo(HALF_N) > 0) {
        s = N.subtract(s);
        recoveryId ^= 1;
      }
      return new Signature(r, s, recoveryId);
    }
  }

  /**
   * Recovers the 64-byte public key that made {@code signature} over {@code hash32}, or null
   * when no key does (r or s out of range, r not an x coordinate on the curve, or the point at
   * infinity). Does not apply the low-s rule; callers that need it check it first.
   */
  public static byte[] recoverPublicKey(byte[] hash32, Signature signature) {
    checkHash(hash32);
    BigInteger r = signature.r();
    BigInteger s = signature.s();
    if (r.signum() <= 0 || r.compareTo(N) >= 0 || s.signum() <= 0 || s.compareTo(N) >= 0) {
      return null;
    }
    if (NativeSecp256k1.available()) {
      return NativeSecp256k1.recover(hash32, Bytes.unsigned(r, 32), Bytes.unsigned(s, 32),
          signature.recoveryId());
    }
    return recoverInJava(hash32, signature);
  }

  /** The BouncyCastle recovery path; public for differential tests against the native one. */
  public static byte[] recoverInJava(byte[] hash32, Signature signature) {
    checkHash(hash32);
    BigInteger r = signature.r();
    BigInteger s = signature.s();
    if (r.signum() <= 0 || r.compareTo(N) >= 0 || s.signum() <= 0 || s.compareTo(N) >= 0) {
      return null;
    }
    BigInteger x = (signature.recoveryId() & 2) != 0 ? r.add(N) : r;
    if (x.compareTo(P) >= 0) {
      return null;
    }
    ECPoint rPoint = decompress(x, (signature.recoveryId() & 1) == 1);
    if (rPoint == null) {
      return null;
    }
    BigInteger e = new BigInteger(1, hash32);
    BigInteger rInverse = r.modInverse(N);
    BigInteger u1 = N.subtract(e).multiply(rInverse).mod(N);
    BigInteger u2 = s.multiply(rInverse).mod(N);
    ECPoint q = ECAlgorithms.sumOfTwoMultiplies(G, u1, rPoint, u2).normalize();
    if (q.isInfinity()) {
      return null;
    }
    return Arrays.copyOfRange(q.getEncoded(false), 1, 65);
  }

  /** True when recovery runs in libsecp256k1 rather than in Java. */
  public static boolean nativeRecovery() {
    return NativeSecp256k1.available();
  }

  /** The address that made {@code signature} over {@code hash32}, or null (see above). */
  public static Address recoverAddress(byte[] hash32, Signature signature) {
    byte[] key = recoverPublicKey(hash32, signature);
    return key == null ? null : Address.fromPublicKey(key);
  }

  /** Verifies a signature against a 64-byte public key (any s; callers apply low-s). */
  public static boolean verify(byte[] hash32, Signature signature, byte[] publicKey64) {
    checkHash(hash32);
    BigInteger r = signature.r();
    BigInteger s = signature.s();
    if (r.signum() <= 0 || r.compareTo(N) >= 0 || s.signum() <= 0 || s.compareTo(N) >= 0) {
      return false;
    }
    ECPoint q;
    try {
      q = CURVE.decodePoint(Bytes.concat(new byte[] {4}, publicKey64));
    } catch (IllegalArgumentException e) {
      return false;
    }
    BigInteger e = new BigInteger(1, hash32);
    BigInteger w = s.modInverse(N);
    ECPoint point = ECAlgorithms.sumOfTwoMultiplies(G, e.multiply(w).mod(N), q, r.multiply(w).mod(N))
        .normalize();
    return !point.isInfinity() && point.getAffineXCoord().toBigInteger().mod(N).equals(r);
  }

  private static ECPoint decompress(BigInteger x, boolean yOdd) {
    byte[] encoded = new byte[33];
    encoded[0] = (byte) (yOdd ? 0x03 : 0x02);
    System.arraycopy(Bytes.unsigned(x, 32), 0, encoded, 1, 32);
    try {
      return CURVE.decodePoint(encoded);
    } catch (IllegalArgumentException notOnCurve) {
      return null;
    }
  }

  private static void checkHash(byte[] hash32) {
    if (hash32.length != 32) {
      throw new IllegalArgumentException("expected a 32-byte hash, got " + hash32.length);
    }
  }
}
