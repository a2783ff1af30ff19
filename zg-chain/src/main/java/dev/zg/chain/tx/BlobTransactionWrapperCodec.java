package dev.zg.chain.tx;

import dev.zg.common.rlp.RlpWriter;
import java.util.List;

/** Encodes and strictly decodes the EIP-4844 network form ({@link BlobTransactionWrapper}). */
public final class BlobTransactionWrapperCodec {
  private BlobTransactionWrapperCodec() {}

  public static byte[] encode(BlobTransactionWrapper wrapper) {
    BlobTransaction tx = wrapper.transaction();
    byte[] data = tx.data();
    long size = TransactionCodec.sizeHint(tx, data)
        + (long) wrapper.blobs().size() * (Blob.SIZE_BYTES + 4)
        + 50L * (wrapper.commitments().size() + wrapper.proofs().size());
    RlpWriter out = new RlpWriter((int) Math.min(size, Integer.MAX_VALUE - 8));
    out.writeRaw(new byte[] {(byte) TransactionType.BLOB.typeByte()});
    out.startList();
    TransactionCodec.writeBody(out, tx, data);
    writeBlobs(out, wrapper.blobs());
    writeFixed(out, wrapper.commitments().stream().map(KzgCommitment::bytes).toList());
    writeFixed(out, wrapper.proofs().stream().map(KzgProof::bytes).toList());
    out.endList();
    return out.toByteArray();
  }

  /** Every malformed input is a {@link TransactionDecodingException} naming the field. */
  public static BlobTransactionWrapper decode(byte[] encoded) {
    return TransactionDecoder.decodeWrapper(encoded);
  }

  private static void writeBlobs(RlpWriter out, List<Blob> blobs) {
    out.startList();
    for (Blob blob : blobs) {
      out.writeBytes(blob.bytes());
    }
    out.endList();
  }

  private static void writeFixed(RlpWriter out, List<byte[]> items) {
    out.startList();
    for (byte[] item : items) {
      out.writeBytes(item);
    }
    out.endList();
  }
}
