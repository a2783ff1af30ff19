package dev.zg.chain.tx;

import dev.zg.common.Hash;
import dev.zg.common.Hex;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** A 48-byte KZG commitment to a blob (a compressed BLS12-381 G1 point; not checked here). */
public record KzgCommitment(byte[] bytes) {
  public static final int SIZE_BYTES = 48;

  public KzgCommitment {
    if (bytes.length != SIZE_BYTES) {
      throw new IllegalArgumentException(
          "a KZG commitment is " + SIZE_BYTES + " bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  /** EIP-4844 {@code kzg_to_versioned_hash}: 0x01 followed by the last 31 bytes of SHA-256. */
  public Hash versionedHash() {
    byte[] digest = sha256(bytes);
    digest[0] = (byte) BlobTransaction.VERSIONED_HASH_VERSION_KZG;
    return Hash.adopt(digest);
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KzgCommitment c && Arrays.equals(bytes, c.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return Hex.prefixed(bytes);
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }
}
