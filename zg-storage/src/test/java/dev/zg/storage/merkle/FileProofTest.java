package dev.zg.storage.merkle;

import static dev.zg.storage.merkle.StorageSpec.CHUNK_BYTES;
import static dev.zg.storage.merkle.StorageSpec.SEGMENT_BYTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.common.Hash;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Segment and chunk proofs: honest ones verify everywhere, tampered ones fail. */
class FileProofTest {
  private static final FileHasher HASHER = new FileHasher(2);

  private static FileMerkleTree tree(byte[] data) throws IOException {
    return HASHER.tree(new ByteArrayInputStream(data), data.length);
  }

  /** What an uploader sends for segment i: its bytes, the last chunk zero-padded. */
  private static byte[] upload(byte[] data, FileLayout layout, long index) {
    int from = (int) (index * SEGMENT_BYTES);
    byte[] segment = Arrays.copyOfRange(data, from, from + layout.segmentDataBytes(index));
    return Arrays.copyOf(segment, layout.segmentUploadBytes(index));
  }

  @Property(tries = 25)
  void everySegmentProofVerifies(@ForAll @IntRange(min = 1, max = 5_000_000) int size)
      throws IOException {
    byte[] data = TestFiles.random(size, 31L * size);
    FileMerkleTree tree = tree(data);
    FileLayout layout = tree.layout();
    for (long i = 0; i < layout.dataSegments(); i++) {
      MerkleProof proof = tree.segmentProof(i);
      byte[] segment = upload(data, layout, i);
      assertThat(FileMerkleTree.verifySegment(tree.root(), size, i, segment, proof))
          .as("segment %d of %d", i, layout.segments()).isEqualTo(ProofCheck.VALID);
      assertThat(FileMerkleTree.segmentRoot(layout, i, segment)).isEqualTo(tree.segmentRoot(i));
    }
  }

  @Property(tries = 15)
  void tamperedSegmentProofsFail(@ForAll @IntRange(min = 1, max = 3_000_000) int size,
      @ForAll @IntRange(min = 0, max = 1000) int pick) throws IOException {
    byte[] data = TestFiles.random(size, size + 5L);
    FileMerkleTree tree = tree(data);
    FileLayout layout = tree.layout();
    long index = pick % layout.dataSegments();
    MerkleProof proof = tree.segmentProof(index);
    byte[] segment = upload(data, layout, index);
    Hash root = tree.root();

    byte[] changed = segment.clone();
    changed[pick % changed.length] ^= 1;
    assertThat(FileMerkleTree.verifySegment(root, size, index, changed, proof))
        .isEqualTo(ProofCheck.CONTENT_MISMATCH);
    for (int k = 0; k < proof.lemma().size(); k++) {
      ProofCheck check = FileMerkleTree.verifySegment(root, size, index, segment,
          withLemma(proof, k, flipBit(proof.lemma().get(k), pick)));
      assertThat(check).as("lemma entry %d", k).isNotEqualTo(ProofCheck.VALID);
    }
    for (int k = 0; k < proof.path().size(); k++) {
      List<Boolean> path = new ArrayList<>(proof.path());
      path.set(k, !path.get(k));
      assertThat(FileMerkleTree.verifySegment(root, size, index, segment,
          new MerkleProof(proof.lemma(), path))).isNotEqualTo(ProofCheck.VALID);
    }
    Hash otherRoot = flipBit(root, pick);
    assertThat(FileMerkleTree.verifySegment(otherRoot, size, index, segment, proof))
        .isNotEqualTo(ProofCheck.VALID);
    if (layout.dataSegments() > 1) {
      long other = (index + 1) % layout.dataSegments();
      assertThat(FileMerkleTree.verifySegment(root, size, other,
          upload(data, layout, other), proof)).isNotEqualTo(ProofCheck.VALID);
    }
  }

  @Test
  void malformedProofsAndInputs() throws IOException {
    byte[] data = TestFiles.random(3 * SEGMENT_BYTES, 1);
    FileMerkleTree tree = tree(data);
    MerkleProof proof = tree.segmentProof(0);
    byte[] segment = upload(data, tree.layout(), 0);
    Hash root = tree.root();
    MerkleProof shortLemma = new MerkleProof(proof.lemma().subList(0, 2), proof.path());
    assertThat(FileMerkleTree.verifySegment(root, data.length, 0, segment, shortLemma))
        .isEqualTo(ProofCheck.WRONG_FORMAT);
    MerkleProof shortPath = new MerkleProof(
        List.of(proof.lemma().get(0), proof.lemma().get(1), root), proof.path().subList(0, 1));
    assertThat(FileMerkleTree.verifySegment(root, data.length, 0, segment, shortPath))
        .isNotEqualTo(ProofCheck.VALID);
    assertThat(FileMerkleTree.verifySegment(root, data.length, 3, segment, proof))
        .isEqualTo(ProofCheck.INDEX_OUT_OF_RANGE);
    assertThat(FileMerkleTree.verifySegment(root, data.length, 0,
        Arrays.copyOf(segment, 256), proof)).isEqualTo(ProofCheck.DATA_LENGTH_MISMATCH);
    assertThat(FileMerkleTree.verifySegment(root, 0, 0, segment, proof))
        .isEqualTo(ProofCheck.FILE_SIZE_INVALID);
    assertThatThrownBy(() -> new MerkleProof(
        java.util.Collections.nCopies(70, root), java.util.Collections.nCopies(68, true)))
        .hasMessageContaining("too long");
  }

  /**
   * A prover who hides data in the padding: 17 data segments and one padding segment whose
   * root is not the zero root. The proof of the last data segment checks out against the
   * forged root, and only the rear-padding rule catches it.
   */
  @Test
  void segmentsAreVerifiedWhereTheyLieAndProofsRoundTripTheirBinaryForm() throws IOException {
    int size = 2 * SEGMENT_BYTES + 1000; // a trimmed last segment with a partial chunk
    byte[] data = TestFiles.random(size, 5);
    FileMerkleTree tree = tree(data);
    for (long i = 0; i < 3; i++) {
      int length = tree.layout().segmentUploadBytes(i);
      byte[] segment = Arrays.copyOf(Arrays.copyOfRange(data, (int) i * SEGMENT_BYTES,
          Math.min(size, (int) (i + 1) * SEGMENT_BYTES)), length);
      MerkleProof proof = tree.segmentProof(i);
      byte[] encoded = proof.toBytes();
      // proof ‖ data in one array, as the binary segment route sends them.
      byte[] message = new byte[7 + encoded.length + length];
      System.arraycopy(encoded, 0, message, 7, encoded.length);
      System.arraycopy(segment, 0, message, 7 + encoded.length, length);
      assertThat(MerkleProof.bytesLength(message, 7)).isEqualTo(encoded.length);
      MerkleProof decoded = MerkleProof.fromBytes(message, 7);
      assertThat(decoded).isEqualTo(proof);
      assertThat(FileMerkleTree.verifySegment(tree.root(), size, i, message,
          7 + encoded.length, length, decoded)).isEqualTo(ProofCheck.VALID);
      assertThat(FileMerkleTree.segmentRoot(tree.layout(), i, message, 7 + encoded.length,
          length)).isEqualTo(FileMerkleTree.segmentRoot(tree.layout(), i, segment));
      message[message.length - 1] ^= 1;
      assertThat(FileMerkleTree.verifySegment(tree.root(), size, i, message,
          7 + encoded.length, length, decoded)).isNotEqualTo(ProofCheck.VALID);
    }
    byte[] good = tree.segmentProof(1).toBytes();
    assertThatThrownBy(() -> MerkleProof.fromBytes(Arrays.copyOf(good, good.length - 1), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cut short");
    assertThatThrownBy(() -> MerkleProof.fromBytes(new byte[1], 0))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] badStep = good.clone();
    badStep[badStep.length - 1] = 7;
    assertThatThrownBy(() -> MerkleProof.fromBytes(badStep, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 or 1");
  }

  @Test
  void rearPaddingRuleCatchesForgedPadding() throws IOException {
    int size = 16_385 * CHUNK_BYTES;
    byte[] data = TestFiles.random(size, 99);
    FileMerkleTree honest = tree(data);
    FileLayout layout = honest.layout();
    assertThat(layout.segments()).isEqualTo(18);
    List<Hash> leaves = new ArrayList<>();
    for (long i = 0; i < layout.segments(); i++) {
      leaves.add(honest.segmentRoot(i));
    }
    assertThat(leaves.get(17)).isEqualTo(ZeroHashes.of(10));
    leaves.set(17, Hash.keccak(new byte[] {42}));
    MerkleTree forged = MerkleTree.of(leaves);
    MerkleProof proof = forged.proof(16);
    byte[] segment = upload(data, layout, 16);
    assertThat(proof.verify(forged.root(), leaves.get(16), 16, 18)).isEqualTo(ProofCheck.VALID);
    assertThat(FileMerkleTree.verifySegment(forged.root(), size, 16, segment, proof))
        .isEqualTo(ProofCheck.PADDING_MISMATCH);
    assertThat(FileMerkleTree.verifySegment(honest.root(), size, 16, segment,
        honest.segmentProof(16))).isEqualTo(ProofCheck.VALID);
  }

  @Property(tries = 12)
  void chunkProofsMatchTheFlatTree(@ForAll @IntRange(min = 1, max = 1_500_000) int size,
      @ForAll @IntRange(min = 0, max = 1 << 20) int pick) throws IOException {
    byte[] data = TestFiles.random(size, size * 3L);
    FileMerkleTree tree = tree(data);
    MerkleTree flat = TestFiles.flatTree(data);
    FileLayout layout = tree.layout();
    SplittableRandom random = new SplittableRandom(pick);
    for (int k = 0; k < 20; k++) {
      long chunk = k == 0 ? layout.paddedChunks() - 1 : random.nextLong(layout.paddedChunks());
      long segment = chunk / StorageSpec.SEGMENT_CHUNKS;
      MerkleProof proof = tree.chunkProof(chunk, upload(data, layout, segment));
      assertThat(proof).isEqualTo(flat.proof((int) chunk));
      byte[] bytes = new byte[CHUNK_BYTES];
      int from = (int) Math.min(size, chunk * CHUNK_BYTES);
      System.arraycopy(data, from, bytes, 0, (int) Math.min(CHUNK_BYTES, size - from));
      assertThat(FileMerkleTree.verifyChunk(tree.root(), size, chunk, bytes, proof))
          .isEqualTo(ProofCheck.VALID);
      bytes[random.nextInt(CHUNK_BYTES)] ^= 4;
      assertThat(FileMerkleTree.verifyChunk(tree.root(), size, chunk, bytes, proof))
          .isEqualTo(ProofCheck.CONTENT_MISMATCH);
    }
  }

  @Test
  void chunkProofRejectsDataOfAnotherSegment() throws IOException {
    byte[] data = TestFiles.random(2 * SEGMENT_BYTES, 3);
    FileMerkleTree tree = tree(data);
    byte[] wrong = Arrays.copyOfRange(data, SEGMENT_BYTES, 2 * SEGMENT_BYTES);
    assertThatThrownBy(() -> tree.chunkProof(5, wrong)).hasMessageContaining("not segment 0");
  }

  private static MerkleProof withLemma(MerkleProof proof, int index, Hash value) {
    List<Hash> lemma = new ArrayList<>(proof.lemma());
    lemma.set(index, value);
    return new MerkleProof(lemma, proof.path());
  }

  private static Hash flipBit(Hash hash, int bit) {
    byte[] bytes = hash.toArray();
    bytes[(bit / 8) % 32] ^= (byte) (1 << (bit % 8));
    return Hash.adopt(bytes);
  }
}
