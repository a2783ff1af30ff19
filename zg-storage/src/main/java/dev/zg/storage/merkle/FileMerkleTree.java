package dev.zg.storage.merkle;

import static dev.zg.storage.merkle.StorageSpec.CHUNK_BYTES;
import static dev.zg.storage.merkle.StorageSpec.SEGMENT_CHUNKS;
import static dev.zg.storage.merkle.StorageSpec.SEGMENT_HEIGHT;

import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A file's Merkle tree at segment granularity: every segment root plus the tree over them, as
 * an uploader needs it (the SDK's {@code merkleTree()}). Chunk-level proofs re-hash the one
 * segment they fall in, since a flat tree over all chunks would be 32 times larger.
 *
 * <p>Built by {@link FileHasher#tree}; the static {@code verify} methods are the storage
 * node's side and need only the root and the file size.
 */
public final class FileMerkleTree {
  private final FileLayout layout;
  private final MerkleTree segmentTree;
  private final Submission submission;

  FileMerkleTree(FileLayout layout, MerkleTree segmentTree, Submission submission) {
    if (segmentTree.leafCount() != layout.segments()) {
      throw new IllegalArgumentException("segment tree does not fit the layout");
    }
    // Two independent computations of one root: the promoted tree and the node's fold.
    if (!segmentTree.root().equals(submission.root())) {
      throw new IllegalStateException("segment tree root " + segmentTree.root()
          + " differs from the submission's fold " + submission.root());
    }
    this.layout = layout;
    this.segmentTree = segmentTree;
    this.submission = submission;
  }

  public FileLayout layout() {
    return layout;
  }

  public Hash root() {
    return segmentTree.root();
  }

  public Submission submission() {
    return submission;
  }

  public Hash segmentRoot(long index) {
    return segmentTree.leaf(segmentIndex(index));
  }

  /** The proof an upload sends with segment {@code index} (its leaf is the segment root). */
  public MerkleProof segmentProof(long index) {
    return segmentTree.proof(segmentIndex(index));
  }

  /**
   * The proof of chunk {@code chunkIndex} in the tree over all padded chunks: the proof
   * inside its segment followed by the segment's proof. {@code segmentData} holds that
   * segment's file bytes (as read, or trimmed and padded to whole chunks as uploaded).
   */
  public MerkleProof chunkProof(long chunkIndex, byte[] segmentData) {
    if (chunkIndex < 0 || chunkIndex >= layout.paddedChunks()) {
      throw new IndexOutOfBoundsException(
          "chunk " + chunkIndex + " of " + layout.paddedChunks() + " padded chunks");
    }
    long segment = chunkIndex / SEGMENT_CHUNKS;
    MerkleTree chunks = chunkTree(layout, segment, segmentData);
    if (!chunks.root().equals(segmentRoot(segment))) {
      throw new IllegalArgumentException("the data given is not segment " + segment
          + " of this file (its root differs)");
    }
    MerkleProof inner = chunks.proof((int) (chunkIndex % SEGMENT_CHUNKS));
    MerkleProof outer = segmentProof(segment);
    return concat(inner, outer);
  }

  /** Root of segment {@code index} from its file bytes, zero-extended to its padded size. */
  public static Hash segmentRoot(FileLayout layout, long index, byte[] segmentData) {
    return segmentRoot(layout, index, segmentData, 0, segmentData.length);
  }

  /** As {@link #segmentRoot(FileLayout, long, byte[])} for {@code buf[offset..+length)}. */
  public static Hash segmentRoot(FileLayout layout, long index, byte[] buf, int offset,
      int length) {
    checkLength(layout, index, length);
    int chunks = layout.segmentChunks(index);
    byte[] root = new byte[32];
    SegmentHasher.forExternalData(chunks).root(buf, offset, length, chunks, root, 0);
    return Hash.adopt(root);
  }

  /**
   * The storage node's check of an uploaded segment ({@code SegmentWithProof.validate}):
   * index among the data segments, data length (whole segments, the last trimmed to whole
   * chunks), the proof of the zero-extended segment root at {@code index}, and the
   * rear-padding rule.
   */
  public static ProofCheck verifySegment(
      Hash root, long fileSizeBytes, long index, byte[] data, MerkleProof proof) {
    return verifySegment(root, fileSizeBytes, index, data, 0, data.length, proof);
  }

  /**
   * As {@link #verifySegment(Hash, long, long, byte[], MerkleProof)} for segment bytes that lie
   * at {@code buf[offset..+length)} (in a received message, say): nothing is copied.
   */
  public static ProofCheck verifySegment(Hash root, long fileSizeBytes, long index, byte[] buf,
      int offset, int length, MerkleProof proof) {
    java.util.Objects.checkFromIndexSize(offset, length, buf.length);
    if (fileSizeBytes < 1 || fileSizeBytes > StorageSpec.FILE_BYTES_MAX) {
      return ProofCheck.FILE_SIZE_INVALID;
    }
    FileLayout layout = FileLayout.of(fileSizeBytes);
    if (index < 0 || index >= layout.dataSegments()) {
      return ProofCheck.INDEX_OUT_OF_RANGE;
    }
    if (length != layout.segmentUploadBytes(index)) {
      return ProofCheck.DATA_LENGTH_MISMATCH;
    }
    Hash leaf = segmentRoot(layout, index, buf, offset, length);
    ProofCheck check = proof.verify(root, leaf, index, layout.segments());
    if (!check.isValid()) {
      return check;
    }
    return proof.verifyRearPadding(layout.segments(), layout.dataSegments(), SEGMENT_HEIGHT);
  }

  /** Checks a chunk proof: {@code chunk} is the 256-byte chunk (the last one zero-padded). */
  public static ProofCheck verifyChunk(
      Hash root, long fileSizeBytes, long chunkIndex, byte[] chunk, MerkleProof proof) {
    if (fileSizeBytes < 1 || fileSizeBytes > StorageSpec.FILE_BYTES_MAX) {
      return ProofCheck.FILE_SIZE_INVALID;
    }
    FileLayout layout = FileLayout.of(fileSizeBytes);
    if (chunkIndex < 0 || chunkIndex >= layout.paddedChunks()) {
      return ProofCheck.INDEX_OUT_OF_RANGE;
    }
    if (chunk.length != CHUNK_BYTES) {
      return ProofCheck.DATA_LENGTH_MISMATCH;
    }
    Hash leaf = Hash.adopt(Keccak256.hash(chunk));
    ProofCheck check = proof.verify(root, leaf, chunkIndex, layout.paddedChunks());
    if (!check.isValid()) {
      return check;
    }
    return proof.verifyRearPadding(layout.paddedChunks(), layout.chunks(), 0);
  }

  private static MerkleTree chunkTree(FileLayout layout, long segment, byte[] data) {
    checkData(layout, segment, data);
    int chunks = layout.segmentChunks(segment);
    byte[] padded = Arrays.copyOf(data, chunks * CHUNK_BYTES);
    byte[] leaves = new byte[chunks * 32];
    for (int i = 0; i < chunks; i++) {
      Keccak256.hash(padded, i * CHUNK_BYTES, CHUNK_BYTES, leaves, 32 * i);
    }
    return MerkleTree.ofPacked(leaves, chunks);
  }

  /** Accepts a segment's file bytes as read or as uploaded (last chunk zero-padded). */
  private static void checkData(FileLayout layout, long index, byte[] data) {
    checkLength(layout, index, data.length);
  }

  private static void checkLength(FileLayout layout, long index, int length) {
    int dataBytes = layout.segmentDataBytes(index);
    int uploadBytes = layout.segmentUploadBytes(index);
    if (length != dataBytes && length != uploadBytes) {
      throw new IllegalArgumentException("segment " + index + " holds " + dataBytes
          + " file bytes (" + uploadBytes + " uploaded), got " + length);
    }
  }

  private static MerkleProof concat(MerkleProof inner, MerkleProof outer) {
    List<Hash> lemma = new ArrayList<>();
    List<Boolean> path = new ArrayList<>(inner.path());
    path.addAll(outer.path());
    if (path.isEmpty()) {
      return MerkleProof.ofSingleLeaf(outer.lemma().get(0));
    }
    lemma.add(inner.lemma().get(0));
    if (!inner.path().isEmpty()) {
      lemma.addAll(inner.lemma().subList(1, inner.lemma().size() - 1));
    }
    if (!outer.path().isEmpty()) {
      lemma.addAll(outer.lemma().subList(1, outer.lemma().size() - 1));
    }
    lemma.add(outer.lemma().get(outer.lemma().size() - 1));
    return new MerkleProof(lemma, path);
  }

  private int segmentIndex(long index) {
    if (index < 0 || index >= layout.segments()) {
      throw new IndexOutOfBoundsException(
          "segment " + index + " of a file with " + layout.segments() + " segments");
    }
    return (int) index;
  }
}
