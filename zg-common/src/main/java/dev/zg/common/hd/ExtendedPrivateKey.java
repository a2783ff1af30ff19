package dev.zg.common.hd;

import dev.zg.common.Bytes;
import dev.zg.common.Secp256k1;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;

/**
 * A BIP-32 extended private key on secp256k1: a private key, its chain code, and where it sits
 * in the tree (depth, parent fingerprint, child number), which only the serialized form uses.
 * Derivation is CKDpriv for hardened and normal children. Immutable; {@link #toString()} never
 * shows the key.
 */
public final class ExtendedPrivateKey {
  /** BIP-32: the master seed is 128 to 512 bits. */
  public static final int SEED_BYTES_MIN = 16;
  public static final int SEED_BYTES_MAX = 64;
  private static final byte[] MASTER_HMAC_KEY = "Bitcoin seed".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION_XPRV = 0x0488ADE4;
  private static final int VERSION_XPUB = 0x0488B21E;

  private final BigInteger privateKey;
  private final byte[] chainCode;
  private final int depth;
  private final int parentFingerprint;
  private final int childNumber;

  private ExtendedPrivateKey(BigInteger privateKey, byte[] chainCode, int depth,
      int parentFingerprint, int childNumber) {
    this.privateKey = privateKey;
    this.chainCode = chainCode;
    this.depth = depth;
    this.parentFingerprint = parentFingerprint;
    this.childNumber = childNumber;
  }

  /** The master key of a seed: HMAC-SHA512 keyed with "Bitcoin seed". */
  public static ExtendedPrivateKey fromSeed(byte[] seed) {
    if (seed.length < SEED_BYTES_MIN || seed.length > SEED_BYTES_MAX) {
      throw new IllegalArgumentException("a BIP-32 seed is " + SEED_BYTES_MIN + " to "
          + SEED_BYTES_MAX + " bytes, got " + seed.length);
    }
    byte[] i = hmacSha512(MASTER_HMAC_KEY, seed);
    BigInteger key = new BigInteger(1, i, 0, 32);
    if (key.signum() == 0 || key.compareTo(Secp256k1.N) >= 0) {
      throw new IllegalArgumentException("this seed gives an invalid master key (odds 2^-127)");
    }
    return new ExtendedPrivateKey(key, Arrays.copyOfRange(i, 32, 64), 0, 0, 0);
  }

  /** The key at {@code path} below this one. */
  public ExtendedPrivateKey derive(DerivationPath path) {
    ExtendedPrivateKey key = this;
    for (int index : path.indexes()) {
      key = key.child(index);
    }
    return key;
  }

  public ExtendedPrivateKey derive(String path) {
    return derive(DerivationPath.parse(path));
  }

  /**
   * CKDpriv: child {@code index}, hardened when the top bit is set (index + 2^31). A hardened
   * child commits to the private key, a normal one to the compressed public key.
   */
  public ExtendedPrivateKey child(int index) {
    if (depth == DerivationPath.DEPTH_MAX) {
      throw new IllegalStateException("BIP-32 keys are at most " + DerivationPath.DEPTH_MAX
          + " levels deep");
    }
    ByteBuffer data = ByteBuffer.allocate(37);
    if ((index & DerivationPath.HARDENED) != 0) {
      data.put((byte) 0).put(Bytes.unsigned(privateKey, 32));
    } else {
      data.put(compressedPublicKey());
    }
    data.putInt(index);
    byte[] i = hmacSha512(chainCode, data.array());
    BigInteger tweak = new BigInteger(1, i, 0, 32);
    BigInteger childKey = tweak.add(privateKey).mod(Secp256k1.N);
    if (tweak.compareTo(Secp256k1.N) >= 0 || childKey.signum() == 0) {
      // BIP-32 says to skip to the next index; the odds are below 2^-127, so say so instead.
      throw new IllegalStateException("child " + Integer.toUnsignedString(index)
          + " is invalid under BIP-32; use the next index");
    }
    return new ExtendedPrivateKey(childKey, Arrays.copyOfRange(i, 32, 64), depth + 1,
        fingerprint(), index);
  }

  public BigInteger privateKey() {
    return privateKey;
  }

  public Secp256k1.KeyPair keyPair() {
    return Secp256k1.KeyPair.fromPrivateKey(privateKey);
  }

  public byte[] chainCode() {
    return chainCode.clone();
  }

  public int depth() {
    return depth;
  }

  /** SEC1 compressed public key: 0x02 or 0x03 (the parity of y), then x. */
  public byte[] compressedPublicKey() {
    byte[] xy = Secp256k1.publicKey(privateKey);
    byte[] out = new byte[33];
    out[0] = (byte) ((xy[63] & 1) == 0 ? 0x02 : 0x03);
    System.arraycopy(xy, 0, out, 1, 32);
    return out;
  }

  /** The first 4 bytes of HASH160 (RIPEMD-160 of SHA-256) of the compressed public key. */
  public int fingerprint() {
    byte[] sha = Base58.sha256(compressedPublicKey());
    RIPEMD160Digest ripemd = new RIPEMD160Digest();
    ripemd.update(sha, 0, sha.length);
    byte[] hash160 = new byte[20];
    ripemd.doFinal(hash160, 0);
    return ByteBuffer.wrap(hash160).getInt();
  }

  /** The serialized extended private key ({@code xprv...}). */
  public String toXprv() {
    byte[] keyData = new byte[33];
    System.arraycopy(Bytes.unsigned(privateKey, 32), 0, keyData, 1, 32);
    return Base58.encodeChecked(serialize(VERSION_XPRV, keyData));
  }

  /** The serialized extended public key ({@code xpub...}) of this key. */
  public String toXpub() {
    return Base58.encodeChecked(serialize(VERSION_XPUB, compressedPublicKey()));
  }

  private byte[] serialize(int version, byte[] keyData) {
    return ByteBuffer.allocate(78).putInt(version).put((byte) depth).putInt(parentFingerprint)
        .putInt(childNumber).put(chainCode).put(keyData).array();
  }

  @Override
  public String toString() {
    return "ExtendedPrivateKey[depth=" + depth + ", child=" + Integer.toUnsignedString(childNumber)
        + ", address=" + keyPair().address() + "]";
  }

  private static byte[] hmacSha512(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA512");
      mac.init(new SecretKeySpec(key, "HmacSHA512"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA512", e);
    }
  }
}
