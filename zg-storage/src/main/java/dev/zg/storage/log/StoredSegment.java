package dev.zg.storage.log;

import dev.zg.storage.merkle.MerkleProof;

/**
 * A segment as stored: the bytes uploaded (whole chunks; the last segment of a file trimmed)
 * and the proof that tied them to the file root when they were accepted, served again by
 * {@code zgs_downloadSegmentWithProof} so that a sharded node needs no other segment.
 */
public record StoredSegment(long txSeq, long index, byte[] data, MerkleProof proof) {
  @Override
  public byte[] data() {
    return data.clone();
  }

  /** The stored bytes without a copy; callers must not modify them. */
  public byte[] dataUnsafe() {
    return data;
  }
}
