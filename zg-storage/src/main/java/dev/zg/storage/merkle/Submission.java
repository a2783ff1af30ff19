package dev.zg.storage.merkle;

import static dev.zg.storage.merkle.StorageSpec.CHUNK_BYTES;
import static dev.zg.storage.merkle.StorageSpec.SUBMISSION_MAX_LENGTH;

import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import java.math.BigInteger;
import java.util.List;

/**
 * What the Flow contract's {@code submit} takes for a file, without the tags and submitter the
 * upload adds: the length in bytes and the roots of the perfect subtrees the padded file
 * splits into, tallest first ({@code SubmissionData} in the contracts).
 *
 * <p>The file root is not sent: the node rebuilds it from the {@code Submit} event by the
 * right fold in {@link #root()}, so zg's roots and submissions must agree bit for bit.
 */
public record Submission(long lengthBytes, List<SubmissionNode> nodes) {

  public Submission {
    nodes = List.copyOf(nodes);
    if (lengthBytes < 0) {
      throw new IllegalArgumentException("negative submission length: " + lengthBytes);
    }
    if (nodes.size() > StorageSpec.TREE_HEIGHT_MAX + 1) {
      throw new IllegalArgumentException("too many submission nodes: " + nodes.size());
    }
  }

  /** Chunks (sectors) the submission occupies in the flow: the sum of 2^height. */
  public BigInteger sectors() {
    BigInteger sum = BigInteger.ZERO;
    for (SubmissionNode node : nodes) {
      sum = sum.add(BigInteger.ONE.shiftLeft(node.height()));
    }
    return sum;
  }

  /**
   * The contract's {@code SubmissionLibrary.valid}: nodes present, heights strictly
   * decreasing, below 64 and spanning fewer than four levels, and a length that needs all
   * of the capacity but the last padding unit (so the padding is minimal).
   */
  public boolean isValid() {
    if (nodes.isEmpty()) {
      return false;
    }
    int first = nodes.get(0).height();
    int last = nodes.get(nodes.size() - 1).height();
    if (first < last || first - last >= SUBMISSION_MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i + 1 < nodes.size(); i++) {
      if (nodes.get(i + 1).height() >= nodes.get(i).height()) {
        return false;
      }
    }
    BigInteger capacity = sectors();
    BigInteger length = BigInteger.valueOf(lengthBytes);
    if (length.compareTo(capacity.multiply(BigInteger.valueOf(CHUNK_BYTES))) > 0) {
      return false;
    }
    BigInteger lastCapacity;
    if (capacity.compareTo(BigInteger.ONE.shiftLeft(SUBMISSION_MAX_LENGTH)) < 0) {
      lastCapacity = capacity.subtract(BigInteger.ONE);
    } else if (nodes.size() == 1) {
      lastCapacity = capacity.subtract(capacity.shiftRight(SUBMISSION_MAX_LENGTH));
    } else {
      int unit = first - SUBMISSION_MAX_LENGTH + 1;
      lastCapacity = capacity.subtract(BigInteger.ONE.shiftLeft(unit));
    }
    return length.compareTo(lastCapacity.multiply(BigInteger.valueOf(CHUNK_BYTES))) > 0;
  }

  /**
   * The file root: the last node's root, folded leftwards with root = keccak(node ‖ root).
   * The storage node computes this from the event ({@code nodes_to_root}).
   */
  public Hash root() {
    if (nodes.isEmpty()) {
      throw new IllegalStateException("a submission without nodes has no root");
    }
    byte[] pair = new byte[64];
    byte[] root = nodes.get(nodes.size() - 1).root().toArray();
    for (int i = nodes.size() - 2; i >= 0; i--) {
      System.arraycopy(nodes.get(i).root().bytesUnsafe(), 0, pair, 0, 32);
      System.arraycopy(root, 0, pair, 32, 32);
      Keccak256.hash(pair, 0, 64, root, 0);
    }
    return Hash.adopt(root);
  }

  /**
   * The {@code identity} the contract emits in {@code Submit}: keccak of the node roots packed
   * together. It is not the file root.
   */
  public Hash digest() {
    byte[] packed = new byte[32 * nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      System.arraycopy(nodes.get(i).root().bytesUnsafe(), 0, packed, 32 * i, 32);
    }
    return Hash.keccak(packed);
  }
}
