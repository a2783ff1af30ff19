package dev.zg.crypto.kzg;

import ethereum.ckzg4844.CKZG4844JNI;
import ethereum.ckzg4844.ProofAndY;
import java.util.SplittableRandom;

/**
 * Real KZG openings for tests, made by c-kzg from random blobs: a commitment, a point z, the
 * value y of the blob's polynomial there, and the proof.
 */
public record KzgOpenings(byte[] commitment, byte[] z, byte[] y, byte[] proof) {

  /** An opening of a random blob at a random point, both from {@code seed}. */
  public static KzgOpenings random(long seed) {
    KzgTrustedSetup.ensureLoaded();
    SplittableRandom random = new SplittableRandom(seed);
    byte[] blob = new byte[CKZG4844JNI.BYTES_PER_BLOB];
    random.nextBytes(blob);
    for (int i = 0; i < blob.length; i += 32) {
      blob[i] = 0; // keeps each field element below the BLS modulus
    }
    byte[] z = new byte[32];
    random.nextBytes(z);
    z[0] = 0;
    byte[] commitment = CKZG4844JNI.blobToKzgCommitment(blob);
    ProofAndY opening = CKZG4844JNI.computeKzgProof(blob, z);
    return new KzgOpenings(commitment, z, opening.getY(), opening.getProof());
  }

  /** The 192-byte input of the EIP-4844 point evaluation precompile for this opening. */
  public byte[] precompileInput() {
    byte[] in = new byte[192];
    System.arraycopy(KzgPointEvaluation.versionedHash(commitment), 0, in, 0, 32);
    System.arraycopy(z, 0, in, 32, 32);
    System.arraycopy(y, 0, in, 64, 32);
    System.arraycopy(commitment, 0, in, 96, 48);
    System.arraycopy(proof, 0, in, 144, 48);
    return in;
  }
}
