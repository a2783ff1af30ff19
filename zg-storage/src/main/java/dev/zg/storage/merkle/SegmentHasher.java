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
 * Hashes one segment at a time into its root: the hot loop of every file root. One instance
 * per thread; its two buffers are allocated once and reused for every segment.
 *
 * <p>Benchmark before refactoring ({@code FileRootBenchmark} in zg-bench). The work is 1024
 * independent 256-byte leaf hashes, then levels of independent 64-byte hashes computed in
 * place; both loops are the shape a multi-message (SIMD) Keccak kernel would take over.
 */
final class SegmentHasher {
  private static final byte[] ZERO_CHUNK_HASH = ZeroHashes.bytes(0);
  private static final byte[] ZERO_SEGMENT_ROOT = ZeroHashes.bytes(SEGMENT_HEIGHT);

  private final byte[] data;
  private final byte[] hashes;
  /** Keccak's working state, reused by every hash of this hasher. */
  private final long[] state = new long[25];

  /** Buffers for segments of up to {@code chunksMax} chunks (1..1024). */
  SegmentHasher(int chunksMax) {
    this(chunksMax, chunksMax * CHUNK_BYTES);
  }

  private SegmentHasher(int chunksMax, int dataBytes) {
    if (chunksMax < 1 || chunksMax > SEGMENT_CHUNKS) {
      throw new IllegalArgumentException("chunks per segment out of 1..1024: " + chunksMax);
    }
    data = new byte[dataBytes];
    hashes = new byte[chunksMax * 32];
  }

  /**
   * A hasher only for {@link #root(byte[], int, int, int, byte[], int)}, which reads the
   * segment where it lies: no segment-sized buffer.
   */
  static SegmentHasher forExternalData(int chunksMax) {
    return new SegmentHasher(chunksMax, CHUNK_BYTES);
  }

  /** Where the segment's file bytes go before {@link #root}. */
  byte[] data() {
    return data;
  }

  /**
   * Writes the root of a segment of {@code chunks} chunks to {@code out[outOffset..+32)}: its
   * first {@code dataBytes} bytes are in {@link #data()}, and everything after them is zero
   * (the last chunk's tail and whole padding chunks).
   *
   * @param tail when not null, receives the roots of the perfect subtrees the segment's chunk
   *     count splits into, tallest first: the submission nodes below segment height, needed
   *     only for a last segment shorter than 1024 chunks
   */
  void root(int dataBytes, int chunks, byte[] out, int outOffset, List<SubmissionNode> tail) {
    if (chunks < 1 || chunks * CHUNK_BYTES > data.length
        || dataBytes < 0 || dataBytes > chunks * CHUNK_BYTES) {
      throw new IllegalArgumentException(
          "segment of " + chunks + " chunks with " + dataBytes + " data bytes");
    }
    if (dataBytes == 0 && chunks == SEGMENT_CHUNKS && tail == null) {
      System.arraycopy(ZERO_SEGMENT_ROOT, 0, out, outOffset, 32);
      return;
    }
    int dataChunks = Math.ceilDiv(dataBytes, CHUNK_BYTES);
    Arrays.fill(data, dataBytes, dataChunks * CHUNK_BYTES, (byte) 0);
    hashLeaves(data, 0, dataChunks, chunks);
    reduce(chunks, tail);
    System.arraycopy(hashes, 0, out, outOffset, 32);
  }

  /**
   * As {@link #root(int, int, byte[], int, List)} for a segment whose {@code dataBytes} bytes
   * lie at {@code src[offset..]}: the whole chunks are hashed where they are, only a partial
   * last chunk is copied (zero-extended). {@code src} is not modified.
   */
  void root(byte[] src, int offset, int dataBytes, int chunks, byte[] out, int outOffset) {
    if (chunks < 1 || chunks * 32 > hashes.length
        || dataBytes < 0 || dataBytes > chunks * CHUNK_BYTES
        || offset < 0 || offset > src.length - dataBytes) {
      throw new IllegalArgumentException("segment of " + chunks + " chunks with " + dataBytes
          + " data bytes at " + offset + " of " + src.length);
    }
    int whole = dataBytes / CHUNK_BYTES * CHUNK_BYTES;
    hashLeaves(src, offset, whole / CHUNK_BYTES, chunks);
    int rest = dataBytes - whole;
    if (rest > 0) {
      byte[] last = data;
      System.arraycopy(src, offset + whole, last, 0, rest);
      Arrays.fill(last, rest, CHUNK_BYTES, (byte) 0);
      Keccak256.hash(last, 0, CHUNK_BYTES, hashes, 32 * (whole / CHUNK_BYTES), state);
    }
    reduce(chunks, null);
    System.arraycopy(hashes, 0, out, outOffset, 32);
  }

  /**
   * Leaf hashes: the {@code full} whole chunks at {@code src[offset..]}, then the zero chunk's
   * hash up to {@code chunks} (a partial chunk's hash is the caller's to overwrite).
   */
  private void hashLeaves(byte[] src, int offset, int full, int chunks) {
    for (int i = 0; i < full; i++) {
      Keccak256.hash(src, offset + i * CHUNK_BYTES, CHUNK_BYTES, hashes, 32 * i, state);
    }
    for (int i = full; i < chunks; i++) {
      System.arraycopy(ZERO_CHUNK_HASH, 0, hashes, 32 * i, 32);
    }
  }

  /**
   * Folds the leaf hashes level by level in place (parent i overwrites slot i, which was
   * already read), promoting an unpaired last node. Before each level is folded, the node
   * that is a whole perfect subtree of the decomposition is copied out when asked for.
   */
  private void reduce(int chunks, List<SubmissionNode> tail) {
    List<SubmissionNode> captured = tail == null ? null : new ArrayList<>(4);
    int width = chunks;
    for (int height = 0; height <= SEGMENT_HEIGHT; height++) {
      if (captured != null && (chunks >>> height & 1) != 0) {
        int index = (chunks >>> height) - 1;
        byte[] node = Arrays.copyOfRange(hashes, 32 * index, 32 * index + 32);
        captured.add(new SubmissionNode(Hash.adopt(node), height));
      }
      if (width == 1) {
        break;
      }
      int pairs = width / 2;
      for (int i = 0; i < pairs; i++) {
        Keccak256.hash(hashes, 64 * i, 64, hashes, 32 * i, state);
      }
      if ((width & 1) != 0) {
        System.arraycopy(hashes, 32 * (width - 1), hashes, 32 * pairs, 32);
      }
      width = pairs + (width & 1);
    }
    if (captured != null) {
      tail.addAll(captured.reversed());
    }
  }
}
