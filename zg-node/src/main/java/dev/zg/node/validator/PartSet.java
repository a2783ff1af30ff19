package dev.zg.node.validator;

import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A proposed block cut into fixed-size parts, so a large block travels as many small frames
 * instead of one large one. The part-set header names the part count and a Merkle root
 * (Keccak-256) over the parts' hashes; each part carries the proof that ties it to that root,
 * so a receiver can check every part on arrival and blame the peer that sent a bad one.
 *
 * <p>Leaves are {@code keccak(0x00 || part)}, inner nodes {@code keccak(0x01 || left ||
 * right)} (the prefixes keep a leaf from passing for an inner node); a level of odd width
 * lifts its last node up unchanged. A proof is the sibling hashes from the leaf up, with no
 * entry for the levels where the node is lifted.
 *
 * <p>Not thread-safe: callers synchronize.
 */
public final class PartSet {
  /** Bytes per part; only the last part may be shorter. */
  public static final int PART_BYTES = 64 << 10;
  /** The largest block sent in parts. */
  public static final int BLOCK_BYTES_MAX = WireCodec.FRAME_BYTES_MAX;
  /** The most parts a part set may have. */
  public static final int PARTS_MAX = BLOCK_BYTES_MAX / PART_BYTES;
  /** The longest proof: the depth of a tree of {@link #PARTS_MAX} leaves. */
  public static final int PROOF_HASHES_MAX = 32 - Integer.numberOfLeadingZeros(PARTS_MAX - 1);

  private static final byte LEAF = 0;
  private static final byte INNER = 1;

  /** What the proposal names: how many parts, and the root their proofs lead to. */
  public record Header(int count, Hash root) {
    public Header {
      Objects.requireNonNull(root, "root");
      if (count < 1 || count > PARTS_MAX) {
        throw new IllegalArgumentException("part count " + count + " out of 1.." + PARTS_MAX);
      }
    }
  }

  /** One part: its index, bytes and the proof to the header's root. */
  public record Part(int index, byte[] bytes, List<Hash> proof) {
    public Part {
      bytes = bytes.clone();
      proof = List.copyOf(proof);
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    byte[] bytesUnsafe() {
      return bytes;
    }
  }

  /** What {@link #add} did with a part. */
  public enum Added {
    ADDED,
    /** Already held: ignore it. */
    DUPLICATE,
    /** Out of range, of the wrong size, or its proof fails: the sender misbehaves. */
    INVALID
  }

  private final Header header;
  private final Part[] parts;
  private int held;
  private long bytes;

  private PartSet(Header header) {
    this.header = header;
    this.parts = new Part[header.count()];
  }

  /** Cuts {@code block} into parts, with their proofs: the sender's side. */
  public static PartSet split(byte[] block) {
    if (block.length == 0 || block.length > BLOCK_BYTES_MAX) {
      throw new IllegalArgumentException("a block of " + block.length + " bytes cannot be split"
          + " (1.." + BLOCK_BYTES_MAX + ")");
    }
    int count = (block.length + PART_BYTES - 1) / PART_BYTES;
    List<byte[]> chunks = new ArrayList<>(count);
    List<Hash> leaves = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] chunk = Arrays.copyOfRange(block, i * PART_BYTES,
          Math.min(block.length, (i + 1) * PART_BYTES));
      chunks.add(chunk);
      leaves.add(leaf(chunk));
    }
    List<List<Hash>> levels = levels(leaves);
    PartSet set = new PartSet(new Header(count, levels.getLast().getFirst()));
    for (int i = 0; i < count; i++) {
      set.parts[i] = new Part(i, chunks.get(i), proof(levels, i));
    }
    set.held = count;
    set.bytes = block.length;
    return set;
  }

  /** An empty part set to fill with parts as they arrive: the receiver's side. */
  public static PartSet receiving(Header header) {
    return new PartSet(header);
  }

  public Header header() {
    return header;
  }

  /** Checks a part against the header and keeps it. */
  public Added add(Part part) {
    int i = part.index();
    if (i < 0 || i >= parts.length) {
      return Added.INVALID;
    }
    int size = part.bytesUnsafe().length;
    boolean last = i == parts.length - 1;
    if (last ? size < 1 || size > PART_BYTES : size != PART_BYTES) {
      return Added.INVALID;
    }
    if (!verify(header, i, leaf(part.bytesUnsafe()), part.proof())) {
      return Added.INVALID;
    }
    if (parts[i] != null) {
      return Added.DUPLICATE;
    }
    parts[i] = part;
    held++;
    bytes += size;
    return Added.ADDED;
  }

  public boolean complete() {
    return held == parts.length;
  }

  public int held() {
    return held;
  }

  /** Part {@code index} (for sending). */
  public Part part(int index) {
    Part p = parts[index];
    if (p == null) {
      throw new IllegalStateException("part " + index + " is not held");
    }
    return p;
  }

  /** The block, once every part is held. */
  public byte[] assemble() {
    if (!complete()) {
      throw new IllegalStateException(held + " of " + parts.length + " parts held");
    }
    byte[] out = new byte[Math.toIntExact(bytes)];
    int at = 0;
    for (Part p : parts) {
      byte[] b = p.bytesUnsafe();
      System.arraycopy(b, 0, out, at, b.length);
      at += b.length;
    }
    return out;
  }

  /** Whether {@code proof} leads from leaf {@code leaf} at {@code index} to the header's root. */
  static boolean verify(Header header, int index, Hash leaf, List<Hash> proof) {
    if (index < 0 || index >= header.count() || proof.size() > PROOF_HASHES_MAX) {
      return false;
    }
    Hash node = leaf;
    int used = 0;
    for (int i = index, width = header.count(); width > 1; i /= 2, width = (width + 1) / 2) {
      if ((i & 1) == 1) {
        if (used == proof.size()) {
          return false;
        }
        node = inner(proof.get(used++), node);
      } else if (i + 1 < width) {
        if (used == proof.size()) {
          return false;
        }
        node = inner(node, proof.get(used++));
      } // else: the last node of an odd level, lifted as is
    }
    return used == proof.size() && node.equals(header.root());
  }

  static Hash leaf(byte[] part) {
    byte[] input = new byte[part.length + 1];
    input[0] = LEAF;
    System.arraycopy(part, 0, input, 1, part.length);
    return Hash.adopt(Keccak256.hash(input));
  }

  private static Hash inner(Hash left, Hash right) {
    byte[] input = new byte[1 + 2 * Hash.LENGTH];
    input[0] = INNER;
    System.arraycopy(left.bytesUnsafe(), 0, input, 1, Hash.LENGTH);
    System.arraycopy(right.bytesUnsafe(), 0, input, 1 + Hash.LENGTH, Hash.LENGTH);
    return Hash.adopt(Keccak256.hash(input));
  }

  /** The tree, leaves first, root last (a level of its own). */
  private static List<List<Hash>> levels(List<Hash> leaves) {
    List<List<Hash>> levels = new ArrayList<>();
    List<Hash> level = leaves;
    levels.add(level);
    while (level.size() > 1) {
      List<Hash> up = new ArrayList<>((level.size() + 1) / 2);
      for (int i = 0; i < level.size(); i += 2) {
        up.add(i + 1 < level.size() ? inner(level.get(i), level.get(i + 1)) : level.get(i));
      }
      levels.add(up);
      level = up;
    }
    return levels;
  }

  private static List<Hash> proof(List<List<Hash>> levels, int index) {
    List<Hash> proof = new ArrayList<>();
    int i = index;
    for (int l = 0; l < levels.size() - 1; l++, i /= 2) {
      List<Hash> level = levels.get(l);
      if ((i & 1) == 1) {
        proof.add(level.get(i - 1));
      } else if (i + 1 < level.size()) {
        proof.add(level.get(i + 1));
      }
    }
    return proof;
  }
}
