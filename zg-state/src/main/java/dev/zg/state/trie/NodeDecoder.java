package dev.zg.state.trie;

import dev.zg.common.rlp.RlpException;
import dev.zg.common.rlp.RlpReader;

/**
 * Decodes a node's RLP strictly: anything our encoder would not produce is rejected, so a
 * decoded node re-encodes to the same bytes. Embedded children are decoded in place; hashed
 * children become {@link Node.Stored} references. Decoded nodes are clean (not dirty).
 *
 * <p>Failures are {@link IllegalArgumentException}s naming the problem; callers add whether
 * the bytes came from the store or from a proof.
 */
final class NodeDecoder {
  private NodeDecoder() {}

  static Node decode(byte[] encoded) {
    try {
      return decode(encoded, 0, encoded.length);
    } catch (RlpException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static Node decode(byte[] data, int offset, int length) {
    RlpReader outer = new RlpReader(data, offset, length);
    RlpReader counter = outer.readList();
    outer.expectEnd("trie node");
    int count = 0;
    while (counter.hasNext()) {
      counter.skip();
      count++;
    }
    RlpReader items = new RlpReader(data, offset, length).readList();
    Node node = switch (count) {
      case 2 -> decodeLeafOrExtension(data, items);
      case 17 -> decodeBranch(data, items);
      default -> throw new IllegalArgumentException(
          "a trie node is a list of 2 or 17 items, found " + count);
    };
    node.dirty = false;
    return node;
  }

  private static Node decodeLeafOrExtension(byte[] data, RlpReader items) {
    Nibbles.Decoded path = Nibbles.readHexPrefix(items.readBytes());
    if (path.leaf()) {
      byte[] value = items.readBytes();
      if (value.length == 0) {
        throw new IllegalArgumentException("leaf with an empty value");
      }
      return new Node.Leaf(path.path(), value);
    }
    if (path.path().length == 0) {
      throw new IllegalArgumentException("extension with an empty path");
    }
    Node child = readChild(data, items);
    if (!(child instanceof Node.Branch || child instanceof Node.Stored)) {
      throw new IllegalArgumentException("extension whose child is not a branch");
    }
    return new Node.Extension(path.path(), child);
  }

  private static Node decodeBranch(byte[] data, RlpReader items) {
    Node[] children = new Node[16];
    for (int i = 0; i < 16; i++) {
      children[i] = readChild(data, items);
    }
    byte[] value = items.readBytes();
    Node.Branch branch = new Node.Branch(children, value.length == 0 ? null : value);
    if (branch.entryCount() < 2) {
      throw new IllegalArgumentException("branch with fewer than two entries");
    }
    return branch;
  }

  /** An empty slot (null), a 32-byte hash reference, or an embedded node under 32 bytes. */
  private static Node readChild(byte[] data, RlpReader items) {
    if (items.nextIsList()) {
      int start = items.position();
      items.skip();
      int length = items.position() - start;
      if (length >= NodeEncoder.HASH_BYTES) {
        throw new IllegalArgumentException("embedded node of " + length
            + " bytes; nodes of 32 bytes or more must be referenced by hash");
      }
      return decode(data, start, length);
    }
    byte[] ref = items.readBytes();
    if (ref.length == 0) {
      return null;
    }
    if (ref.length != NodeEncoder.HASH_BYTES) {
      throw new IllegalArgumentException(
          "child reference of " + ref.length + " bytes; expected empty, 32 bytes or a list");
    }
    return new Node.Stored(ref);
  }
}
