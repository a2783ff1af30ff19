package dev.zg.storage.merkle;

import static dev.zg.storage.merkle.StorageSpec.CHUNK_BYTES;
import static dev.zg.storage.merkle.StorageSpec.FILE_BYTES_MAX;
import static dev.zg.storage.merkle.StorageSpec.SEGMENT_BYTES;
import static dev.zg.storage.merkle.StorageSpec.SEGMENT_CHUNKS;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a file of {@code sizeBytes} sits in 0G's Merkle geometry: its chunks, the zero chunks
 * padded after them, and the segments both fill.
 *
 * <p>The padding rule (Go {@code ComputePaddedSize}, Rust {@code compute_padded_chunk_size},
 * TS {@code computePaddedSize}): with n chunks and P = nextPow2(n), n stays if it is P;
 * otherwise it rounds up to a multiple of max(1, P/16). The padded count is what the file
 * tree, the submission nodes and the Flow contract's {@code valid()} all see, so padding is
 * never more than a sixteenth of the tree.
 */
public record FileLayout(long sizeBytes, long chunks, long paddedChunks) {

  public FileLayout {
    requireSize(sizeBytes);
    if (chunks != Math.ceilDiv(sizeBytes, CHUNK_BYTES) || paddedChunks != paddedChunks(chunks)) {
      throw new IllegalArgumentException("inconsistent layout: " + sizeBytes + " bytes, "
          + chunks + " chunks, " + paddedChunks + " padded chunks");
    }
  }

  /** The layout of a file of {@code sizeBytes} (1 byte to {@link StorageSpec#FILE_BYTES_MAX}). */
  public static FileLayout of(long sizeBytes) {
    requireSize(sizeBytes);
    long chunks = Math.ceilDiv(sizeBytes, CHUNK_BYTES);
    return new FileLayout(sizeBytes, chunks, paddedChunks(chunks));
  }

  /** The chunk count after 0G's padding rule. */
  public static long paddedChunks(long chunks) {
    if (chunks < 1 || chunks > FILE_BYTES_MAX / CHUNK_BYTES) {
      throw new IllegalArgumentException("chunk count out of range: " + chunks);
    }
    long nextPow2 = nextPow2(chunks);
    if (nextPow2 == chunks) {
      return chunks;
    }
    long minChunks = nextPow2 >= 16 ? nextPow2 / 16 : 1;
    return Math.ceilDiv(chunks, minChunks) * minChunks;
  }

  /** Segments of the padded file: the leaves of the segment-level tree. */
  public long segments() {
    return Math.ceilDiv(paddedChunks, SEGMENT_CHUNKS);
  }

  /** Segments holding file bytes, the ones an upload sends; the rest are only padding. */
  public long dataSegments() {
    return Math.ceilDiv(chunks, SEGMENT_CHUNKS);
  }

  /** Chunks of padded segment {@code index}: 1024 except perhaps in the last one. */
  public int segmentChunks(long index) {
    checkSegment(index);
    return (int) Math.min(SEGMENT_CHUNKS, paddedChunks - index * SEGMENT_CHUNKS);
  }

  /** File bytes inside segment {@code index}; 0 for a segment made only of padding. */
  public int segmentDataBytes(long index) {
    checkSegment(index);
    return (int) Math.max(0, Math.min(SEGMENT_BYTES, sizeBytes - index * SEGMENT_BYTES));
  }

  /** Bytes an upload sends for data segment {@code index}: its file bytes in whole chunks. */
  public int segmentUploadBytes(long index) {
    return (int) Math.ceilDiv(segmentDataBytes(index), CHUNK_BYTES) * CHUNK_BYTES;
  }

  /**
   * Heights of the submission nodes, tallest first: the binary decomposition of the padded
   * chunk count (Go {@code splitNodes}). At most four, spanning at most three levels.
   */
  public List<Integer> submissionHeights() {
    List<Integer> heights = new ArrayList<>(StorageSpec.SUBMISSION_MAX_LENGTH);
    for (int h = 63 - Long.numberOfLeadingZeros(paddedChunks); h >= 0; h--) {
      if ((paddedChunks >>> h & 1) != 0) {
        heights.add(h);
      }
    }
    return List.copyOf(heights);
  }

  private void checkSegment(long index) {
    if (index < 0 || index >= segments()) {
      throw new IndexOutOfBoundsException(
          "segment " + index + " of a file with " + segments() + " segments");
    }
  }

  private static void requireSize(long sizeBytes) {
    if (sizeBytes == 0) {
      throw new IllegalArgumentException(
          "an empty file has no 0G Merkle root (0G Storage does not store empty files)");
    }
    if (sizeBytes < 0 || sizeBytes > FILE_BYTES_MAX) {
      throw new IllegalArgumentException("file size " + sizeBytes
          + " bytes is outside 1.." + FILE_BYTES_MAX + " (the largest file zg hashes)");
    }
  }

  static long nextPow2(long n) {
    return n <= 1 ? 1 : Long.highestOneBit(n - 1) << 1;
  }
}
