package dev.zg.storage.merkle;

/**
 * The sizes 0G Storage fixes (spec/storage.md section 0; the Go client's {@code core}, the TS
 * SDK's {@code constant.js}, the node's {@code common/spec}) and zg's limits on inputs.
 *
 * <p>A chunk (the contracts say "sector", the node "entry") is the Merkle leaf; a segment is
 * the unit of upload, download and PoRA loading.
 */
public final class StorageSpec {
  public static final int CHUNK_BYTES = 256;
  public static final int SEGMENT_CHUNKS = 1024;
  public static final int SEGMENT_BYTES = CHUNK_BYTES * SEGMENT_CHUNKS;
  /** log2(SEGMENT_CHUNKS): a whole segment is a perfect subtree of this height. */
  public static final int SEGMENT_HEIGHT = 10;
  /** Flow's {@code MAX_DEPTH}: submission node heights and flow tree heights stay below it. */
  public static final int TREE_HEIGHT_MAX = 63;
  /**
   * Flow's {@code MAX_LENGTH} (4): a submission's node heights span fewer than 4 levels (so
   * it has at most 4 nodes), and its padding is under 1/2^4 of its capacity.
   */
  public static final int SUBMISSION_MAX_LENGTH = 4;

  /**
   * Largest file zg hashes: 1 PiB. Far beyond one 0G submission (the SDK fragments uploads at
   * 4 GiB), and small enough that chunk counts stay below 2^42 and heights below 64.
   */
  public static final long FILE_BYTES_MAX = 1L << 50;
  /**
   * Most segments a {@link FileMerkleTree} keeps in memory (64 bytes each with the upper
   * levels): 2^24 segments are 4 TiB of file and about 1 GiB of hashes. Roots alone stream
   * in constant memory and have only {@link #FILE_BYTES_MAX}.
   */
  public static final int TREE_SEGMENTS_MAX = 1 << 24;
  /** Most hashing threads one computation uses. */
  public static final int THREADS_MAX = 256;

  static {
    if (1 << SEGMENT_HEIGHT != SEGMENT_CHUNKS || SEGMENT_BYTES != 262_144) {
      throw new AssertionError("segment geometry is inconsistent");
    }
    if (FILE_BYTES_MAX / CHUNK_BYTES >= 1L << TREE_HEIGHT_MAX) {
      throw new AssertionError("FILE_BYTES_MAX allows a tree taller than Flow accepts");
    }
  }

  private StorageSpec() {}
}
