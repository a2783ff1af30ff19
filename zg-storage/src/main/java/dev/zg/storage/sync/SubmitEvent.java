package dev.zg.storage.sync;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import dev.zg.storage.merkle.StorageSpec;
import dev.zg.storage.merkle.Submission;
import dev.zg.storage.merkle.SubmissionNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Flow's {@code Submit(address indexed sender, bytes32 indexed identity, uint256
 * submissionIndex, uint256 startPos, uint256 length, (uint256,bytes,(bytes32,uint256)[])
 * submission)} event: the ABI decoding of its log and, for tests and tools, the encoding.
 *
 * @param sender topic 1
 * @param identity topic 2: keccak of the packed node roots (not the file root)
 * @param submissionIndex the tx seq
 * @param startPos the first flow sector of the file
 * @param lengthSectors the sectors the entry occupies (Σ 2^height)
 * @param submission length in bytes, tags and nodes
 * @param tags the submission's tags
 */
public record SubmitEvent(Address sender, Hash identity, long submissionIndex, long startPos,
    long lengthSectors, Submission submission, byte[] tags) {
  public static final String SIGNATURE =
      "Submit(address,bytes32,uint256,uint256,uint256,(uint256,bytes,(bytes32,uint256)[]))";
  /** topic0 = 0x167ce04d2aa1981994d3a31695da0d785373335b1078cec239a1a3a2c7675555. */
  public static final Hash TOPIC =
      Hash.adopt(Keccak256.hash(SIGNATURE.getBytes(StandardCharsets.US_ASCII)));
  /** Bounds on what a log may claim, so a hostile endpoint cannot make us allocate much. */
  static final int DATA_MAX = 128 * 1024;

  /** Decodes a log's topics 1–2 and data; fails with a clear message on malformed input. */
  public static SubmitEvent decode(Hash topic1, Hash topic2, byte[] data) {
    if (data.length > DATA_MAX || data.length < 4 * 32 || data.length % 32 != 0) {
      throw new IllegalArgumentException("Submit data of " + data.length + " bytes is malformed");
    }
    Words w = new Words(data);
    long index = w.u63(0);
    long start = w.u63(32);
    long sectors = w.u63(64);
    int tuple = w.offset(96, 0);
    long lengthBytes = w.u63(tuple);
    int tagsAt = w.offset(tuple + 32, tuple);
    int nodesAt = w.offset(tuple + 64, tuple);
    int tagsLength = w.length(tagsAt, 1);
    byte[] tags = w.bytes(tagsAt + 32, tagsLength);
    int count = w.length(nodesAt, 64);
    if (count < 1 || count > StorageSpec.SUBMISSION_MAX_LENGTH) {
      throw new IllegalArgumentException("Submit has " + count + " submission nodes");
    }
    List<SubmissionNode> nodes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int at = nodesAt + 32 + i * 64;
      Hash root = Hash.wrap(w.bytes(at, 32));
      long height = w.u63(at + 32);
      if (height > StorageSpec.TREE_HEIGHT_MAX) {
        throw new IllegalArgumentException("Submit node height " + height + " is too large");
      }
      nodes.add(new SubmissionNode(root, (int) height));
    }
    Submission submission = new Submission(lengthBytes, nodes);
    return new SubmitEvent(Address.fromWord(topic1.toArray()), topic2, index, start, sectors,
        submission, tags);
  }

  /** keccak256(abi.encodePacked(node roots)): what Flow emits as {@code identity}. */
  public static Hash identityOf(Submission submission) {
    byte[] packed = new byte[32 * submission.nodes().size()];
    for (int i = 0; i < submission.nodes().size(); i++) {
      System.arraycopy(submission.nodes().get(i).root().bytesUnsafe(), 0, packed, 32 * i, 32);
    }
    return Hash.adopt(Keccak256.hash(packed));
  }

  /** The ABI encoding of the event's non-indexed fields (the log's data). */
  public static byte[] encodeData(long submissionIndex, long startPos, long lengthSectors,
      Submission submission, byte[] tags) {
    int tagWords = (tags.length + 31) / 32;
    int n = submission.nodes().size();
    int tupleSize = 3 * 32 + 32 + tagWords * 32 + 32 + n * 64;
    byte[] out = new byte[4 * 32 + tupleSize];
    word(out, 0, submissionIndex);
    word(out, 32, startPos);
    word(out, 64, lengthSectors);
    word(out, 96, 128);
    int t = 128;
    word(out, t, submission.lengthBytes());
    word(out, t + 32, 96);
    word(out, t + 64, 96 + 32 + tagWords * 32);
    word(out, t + 96, tags.length);
    System.arraycopy(tags, 0, out, t + 128, tags.length);
    int nodes = t + 128 + tagWords * 32;
    word(out, nodes, n);
    for (int i = 0; i < n; i++) {
      SubmissionNode node = submission.nodes().get(i);
      System.arraycopy(node.root().bytesUnsafe(), 0, out, nodes + 32 + 64 * i, 32);
      word(out, nodes + 64 + 64 * i, node.height());
    }
    return out;
  }

  private static void word(byte[] out, int at, long value) {
    for (int i = 0; i < 8; i++) {
      out[at + 31 - i] = (byte) (value >>> (8 * i));
    }
  }

  @Override
  public byte[] tags() {
    return tags.clone();
  }

  /** Bounds-checked reads of 32-byte ABI words. */
  private record Words(byte[] data) {
    long u63(int at) {
      check(at, 32);
      BigInteger v = new BigInteger(1, bytes(at, 32));
      if (v.bitLength() > 63) {
        throw new IllegalArgumentException("Submit field at byte " + at + " is too large: " + v);
      }
      return v.longValue();
    }

    int offset(int at, int base) {
      long relative = u63(at);
      if (relative % 32 != 0 || base + relative > data.length - 32) {
        throw new IllegalArgumentException("Submit offset " + relative + " is out of range");
      }
      return (int) (base + relative);
    }

    int length(int at, int unitBytes) {
      long count = u63(at);
      if (count > (data.length - at - 32) / unitBytes) {
        throw new IllegalArgumentException("Submit length " + count + " runs past the data");
      }
      return (int) count;
    }

    byte[] bytes(int at, int length) {
      check(at, length);
      return java.util.Arrays.copyOfRange(data, at, at + length);
    }

    private void check(int at, int length) {
      if (at < 0 || length < 0 || at + length > data.length) {
        throw new IllegalArgumentException("Submit data ends before byte " + (at + length));
      }
    }
  }
}
