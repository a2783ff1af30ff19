package dev.zg.compute.finetune;

import dev.zg.common.Bytes;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;

/**
 * ECIES on secp256k1 in eciesjs 0.4's default layout (compute-sdk.md §6.3), which the SDK's
 * {@code eciesDecrypt} opens: ephemeral public key (uncompressed, 65 B) ‖ 16-byte nonce ‖
 * 16-byte GCM tag ‖ ciphertext. The AES-256-GCM key is HKDF-SHA256 with no salt and no info
 * over (ephemeral public key ‖ shared point), both uncompressed.
 */
public final class Ecies {
  private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
  private static final int PUBLIC_KEY = 65;
  private static final int NONCE = 16;
  private static final int TAG = 16;
  /** Overhead over the plaintext: 65 + 16 + 16. */
  public static final int OVERHEAD = PUBLIC_KEY + NONCE + TAG;

  private Ecies() {}

  /** Seals {@code message} to a 64-byte (x ‖ y) or 65-byte (0x04 ‖ x ‖ y) public key. */
  public static byte[] encrypt(byte[] receiverPublicKey, byte[] message, SecureRandom random) {
    ECPoint receiver = decodePoint(receiverPublicKey);
    BigInteger ephemeral;
    do {
      ephemeral = new BigInteger(256, random);
    } while (ephemeral.signum() == 0 || ephemeral.compareTo(CURVE.getN()) >= 0);
    byte[] ephemeralPublic = CURVE.getG().multiply(ephemeral).normalize().getEncoded(false);
    byte[] shared = receiver.multiply(ephemeral).normalize().getEncoded(false);
    byte[] key = hkdfSha256(Bytes.concat(ephemeralPublic, shared), 32);
    byte[] nonce = new byte[NONCE];
    random.nextBytes(nonce);
    byte[] sealed = gcm(Cipher.ENCRYPT_MODE, key, nonce, message);
    // Java appends the tag; eciesjs puts it before the ciphertext.
    byte[] tag = Arrays.copyOfRange(sealed, sealed.length - TAG, sealed.length);
    byte[] cipherText = Arrays.copyOf(sealed, sealed.length - TAG);
    return Bytes.concat(ephemeralPublic, nonce, tag, cipherText);
  }

  /** Opens what {@link #encrypt} (or eciesjs) sealed to {@code privateKey}. */
  public static byte[] decrypt(BigInteger privateKey, byte[] sealed) {
    if (sealed.length < OVERHEAD) {
      throw new IllegalArgumentException("an ECIES message is at least " + OVERHEAD + " bytes");
    }
    byte[] ephemeralPublic = Arrays.copyOf(sealed, PUBLIC_KEY);
    byte[] nonce = Arrays.copyOfRange(sealed, PUBLIC_KEY, PUBLIC_KEY + NONCE);
    byte[] tag = Arrays.copyOfRange(sealed, PUBLIC_KEY + NONCE, OVERHEAD);
    byte[] cipherText = Arrays.copyOfRange(sealed, OVERHEAD, sealed.length);
    byte[] shared = decodePoint(ephemeralPublic).multiply(privateKey).normalize()
        .getEncoded(false);
    byte[] key = hkdfSha256(Bytes.concat(ephemeralPublic, shared), 32);
    return gcm(Cipher.DECRYPT_MODE, key, nonce, Bytes.concat(cipherText, tag));
  }

  private static ECPoint decodePoint(byte[] publicKey) {
    byte[] encoded = publicKey.length == 64 ? Bytes.concat(new byte[] {4}, publicKey) : publicKey;
    try {
      ECPoint point = CURVE.getCurve().decodePoint(encoded);
      if (point.isInfinity() || !point.isValid()) {
        throw new IllegalArgumentException("not a secp256k1 public key");
      }
      return point;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a secp256k1 public key: " + e.getMessage(), e);
    }
  }

  private static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG * 8, nonce));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("AES-GCM failed (wrong key or altered data): "
          + e.getMessage(), e);
    }
  }

  /** RFC 5869 with an empty salt (a zero key of hash length) and empty info. */
  static byte[] hkdfSha256(byte[] ikm, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
      byte[] prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      byte[] out = new byte[length];
      byte[] previous = new byte[0];
      int written = 0;
      for (int counter = 1; written < length; counter++) {
        mac.update(previous);
        mac.update((byte) counter);
        previous = mac.doFinal();
        int n = Math.min(previous.length, length - written);
        System.arraycopy(previous, 0, out, written, n);
        written += n;
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }
}
