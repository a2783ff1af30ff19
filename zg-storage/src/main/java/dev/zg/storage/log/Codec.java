package dev.zg.storage.log;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.storage.merkle.MerkleProof;
import dev.zg.storage.merkle.SubmissionNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The log store's binary records (big-endian, length-prefixed, versioned by column). */
final class Codec {
  private Codec() {}

  static byte[] longKey(long value) {
    byte[] out = new byte[8];
    putLong(out, 0, value);
    return out;
  }

  static byte[] segmentKey(long txSeq, long index) {
    byte[] out = new byte[16];
    putLong(out, 0, txSeq);
    putLong(out, 8, index);
    return out;
  }

  static void putLong(byte[] out, int offset, long value) {
    for (int i = 7; i >= 0; i--) {
      out[offset + i] = (byte) value;
      value >>>= 8;
    }
  }

  static long getLong(byte[] in, int offset) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (in[offset + i] & 0xff);
    }
    return value;
  }

  static byte[] encode(LogEntry e) {
    byte[] tags = e.tags();
    ByteBuffer b = ByteBuffer.allocate(8 + 32 + 8 + 8 + 1 + e.nodes().size() * 33 + 4
        + tags.length + 20 + 8 + 32);
    b.putLong(e.txSeq()).put(e.root().bytesUnsafe()).putLong(e.sizeBytes())
        .putLong(e.startEntry()).put((byte) e.nodes().size());
    for (SubmissionNode node : e.nodes()) {
      b.put(node.root().bytesUnsafe()).put((byte) node.height());
    }
    b.putInt(tags.length).put(tags).put(e.sender().toArray()).putLong(e.blockNumber())
        .put(e.blockHash().bytesUnsafe());
    return b.array();
  }

  static LogEntry decodeEntry(byte[] in) {
    ByteBuffer b = ByteBuffer.wrap(in);
    long seq = b.getLong();
    Hash root = hash(b);
    long size = b.getLong();
    long start = b.getLong();
    int count = b.get();
    List<SubmissionNode> nodes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Hash nodeRoot = hash(b);
      nodes.add(new SubmissionNode(nodeRoot, b.get()));
    }
    byte[] tags = new byte[b.getInt()];
    b.get(tags);
    byte[] sender = new byte[20];
    b.get(sender);
    long block = b.getLong();
    return new LogEntry(seq, root, size, start, nodes, tags, Address.wrap(sender), block,
        hash(b));
  }

  static byte[] encode(MerkleProof proof) {
    return proof.toBytes();
  }

  static MerkleProof decodeProof(byte[] in) {
    return MerkleProof.fromBytes(in, 0);
  }

  private static Hash hash(ByteBuffer b) {
    byte[] h = new byte[32];
    b.get(h);
    return Hash.adopt(h);
  }
}
