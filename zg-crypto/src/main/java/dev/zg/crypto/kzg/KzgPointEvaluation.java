package dev.zg.crypto.kzg;

import ethereum.ckzg4844.CKZG4844JNI;
import ethereum.ckzg4844.CKZGException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * EIP-4844's KZG point evaluation over BLS12-381, through c-kzg: checks that the polynomial
 * committed to by {@code commitment} takes the value {@code y} at {@code z}. Thread-safe; the
 * trusted setup is loaded once, on first use ({@link KzgTrustedSetup}).
 */
public final class KzgPointEvaluation {
  public static final int COMMITMENT_BYTES = 48;
  public static final int PROOF_BYTES = 48;
  public static final int FIELD_ELEMENT_BYTES = 32;
  public static final int FIELD_ELEMENTS_PER_BLOB = 4096;
  /** The order of BLS12-381's G1, the field blobs are made of. */
  public static final BigInteger BLS_MODULUS = new BigInteger(
      "52435875175126190479447740508185965837690552500527637822603658699938581184513");
  /** The first byte of a versioned hash for a KZG commitment (EIP-4844). */
  public static final byte VERSIONED_HASH_VERSION_KZG = 0x01;

  private KzgPointEvaluation() {}

  /** 0x01 || sha256(commitment)[1:], how EIP-4844 transactions and the precompile name blobs. */
  public static byte[] versionedHash(byte[] commitment) {
    requireLength(commitment, COMMITMENT_BYTES, "commitment");
    byte[] hash = sha256(commitment);
    hash[0] = VERSIONED_HASH_VERSION_KZG;
    return hash;
  }

  /**
   * True when {@code proof} shows that the polynomial behind {@code commitment} evaluates to
   * {@code y} at {@code z}. False as well when any input is malformed: a commitment or proof
   * that is not a compressed G1 point, or z or y not below {@link #BLS_MODULUS}.
   */
  public static boolean verify(byte[] commitment, byte[] z, byte[] y, byte[] proof) {
    requireLength(commitment, COMMITMENT_BYTES, "commitment");
    requireLength(z, FIELD_ELEMENT_BYTES, "z");
    requireLength(y, FIELD_ELEMENT_BYTES, "y");
    requireLength(proof, PROOF_BYTES, "proof");
    KzgTrustedSetup.ensureLoaded();
    try {
      return CKZG4844JNI.verifyKzgProof(commitment, z, y, proof);
    } catch (CKZGException malformed) {
      return false; // c-kzg reports bad encodings (C_KZG_BADARGS) as exceptions
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static void requireLength(byte[] value, int length, String name) {
    if (value.length != length) {
      throw new IllegalArgumentException(
          name + " must be " + length + " bytes, got " + value.length);
    }
  }
}
