package dev.zg.state.trie;

import dev.zg.common.Keccak256;
import java.util.Arrays;

/**
 * Encodes nodes to RLP in one reusable buffer and computes their references (the RLP itself
 * when shorter than 32 bytes, else its Keccak-256), caching each on the node. Children are
 * referenced before their parent is written, so one buffer serves the whole tree.
 *
 * <p>Benchmark before refactoring: this is the hot path of {@code rootHash()} and
 * {@code commit()}; it writes RLP by hand to avoid an intermediate array per node.
 * Not thread-safe; one per trie.
 */
final class NodeEncoder {
  static final int HASH_BYTES = 32;
  private static final int EMPTY_STRING = 0x80;

  private byte[] buffer = new byte[1024];
  private int size;

  /**
   * The node's reference, computed (with those of its subtree) if not cached. Recursion depth
   * is bounded by {@code Limits.TRIE_PATH_NODES_MAX}.
   */
  byte[] ref(Node node) {
    if (node.ref != null) {
      return node.ref;
    }
    refChildren(node);
    encode(node);
    node.ref = size < HASH_BYTES
        ? Arrays.copyOf(buffer, size)
        : Keccak256.hash(buffer, 0, size);
    return node.ref;
  }

  /** The RLP of a node as a new array (children's references are computed if needed). */
  byte[] encoded(Node node) {
    refChildren(node);
    encode(node);
    return Arrays.copyOf(buffer, size);
  }

  private void refChildren(Node node) {
    switch (node) {
      case Node.Extension extension -> ref(extension.child);
      case Node.Branch branch -> {
        for (Node child : branch.children) {
          if (child != null) {
            ref(child);
          }
        }
      }
      case Node.Leaf leaf -> { }
      case Node.Stored stored -> throw new IllegalStateException("a stored node is not encoded");
    }
  }

  /** Writes the node's RLP to the start of the buffer; children must have references. */
  private void encode(Node node) {
    size = 0;
    switch (node) {
      case Node.Leaf leaf -> writePathNode(leaf.path, true, leaf.value, null);
      case Node.Extension extension ->
          writePathNode(extension.path, false, null, extension.child.ref);
      case Node.Branch branch -> writeBranch(branch);
      case Node.Stored stored ->
          throw new IllegalStateException("a stored node is encoded by the store");
    }
  }

  /** A leaf ({@code value} set) or extension ({@code childRef} set): [hex-prefix path, item]. */
  private void writePathNode(byte[] path, boolean leaf, byte[] value, byte[] childRef) {
    int prefixBytes = Nibbles.hexPrefixLength(path.length);
    // The first hex-prefix byte is at most 0x3f, so a one-byte path is written bare.
    int pathItem = prefixBytes == 1 ? 1 : stringHeaderLength(prefixBytes) + prefixBytes;
    int secondItem = leaf ? stringLength(value) : refLength(childRef);
    int payload = pathItem + secondItem;
    ensure(listHeaderLength(payload) + payload);
    writeHeader(0xc0, payload);
    if (prefixBytes > 1) {
      writeHeader(0x80, prefixBytes);
    }
    Nibbles.writeHexPrefix(path, leaf, buffer, size);
    size += prefixBytes;
    if (leaf) {
      writeString(value);
    } else {
      writeRef(childRef);
    }
  }

  private void writeBranch(Node.Branch branch) {
    int payload = branch.value == null ? 1 : stringLength(branch.value);
    for (Node child : branch.children) {
      payload += child == null ? 1 : refLength(child.ref);
    }
    ensure(listHeaderLength(payload) + payload);
    writeHeader(0xc0, payload);
    for (Node child : branch.children) {
      if (child == null) {
        buffer[size++] = (byte) EMPTY_STRING;
      } else {
        writeRef(child.ref);
      }
    }
    if (branch.value == null) {
      buffer[size++] = (byte) EMPTY_STRING;
    } else {
      writeString(branch.value);
    }
  }

  /** A hash is written as a 32-byte string; a shorter ref is an embedded node, written as is. */
  private void writeRef(byte[] ref) {
    if (ref.length == HASH_BYTES) {
      buffer[size++] = (byte) (0x80 + HASH_BYTES);
    }
    System.arraycopy(ref, 0, buffer, size, ref.length);
    size += ref.length;
  }

  private void writeString(byte[] value) {
    if (value.length != 1 || (value[0] & 0xff) >= 0x80) {
      writeHeader(0x80, value.length);
    }
    System.arraycopy(value, 0, buffer, size, value.length);
    size += value.length;
  }

  private void writeHeader(int base, int length) {
    if (length < 56) {
      buffer[size++] = (byte) (base + length);
      return;
    }
    int lengthBytes = 4 - Integer.numberOfLeadingZeros(length) / 8;
    buffer[size++] = (byte) (base + 55 + lengthBytes);
    for (int i = lengthBytes - 1; i >= 0; i--) {
      buffer[size + i] = (byte) length;
      length >>>= 8;
    }
    size += lengthBytes;
  }

  private static int refLength(byte[] ref) {
    return ref.length == HASH_BYTES ? HASH_BYTES + 1 : ref.length;
  }

  private static int stringLength(byte[] value) {
    if (value.length == 1 && (value[0] & 0xff) < 0x80) {
      return 1;
    }
    return stringHeaderLength(value.length) + value.length;
  }

  private static int stringHeaderLength(int length) {
    return length < 56 ? 1 : 1 + 4 - Integer.numberOfLeadingZeros(length) / 8;
  }

  private static int listHeaderLength(int payload) {
    return stringHeaderLength(payload);
  }

  /** Makes room for a whole node; called before anything is written, so nothing is kept. */
  private void ensure(int bytes) {
    if (bytes > buffer.length) {
      buffer = new byte[Math.max(bytes, buffer.length * 2)];
    }
  }
}
