package dev.zg.chain.tx;

import dev.zg.common.Address;
import dev.zg.common.Bytes;
import dev.zg.common.Hash;
import dev.zg.common.rlp.RlpWriter;
import java.util.List;

/**
 * The canonical transaction encoding: plain RLP for legacy, {@code type || rlp(fields)} for
 * typed transactions (EIP-2718), and the payloads signatures are made over.
 *
 * <p>Decoding is strict: non-canonical RLP, wrong field sizes, unknown types, bad v or y parity
 * and trailing bytes are all rejected, so every accepted input re-encodes to the same bytes
 * and a transaction has exactly one hash.
 */
public final class TransactionCodec {
  // Room for the fixed fields and signature besides the data and access list.
  private static final int FIXED_FIELDS_BYTES_MAX = 400;

  private TransactionCodec() {}

  public static byte[] encode(Transaction tx) {
    byte[] known = TransactionMemo.of(tx).encoded();
    if (known != null) {
      return known.clone();
    }
    byte[] data = tx.data();
    RlpWriter out = new RlpWriter(sizeHint(tx, data));
    if (tx.type() != TransactionType.LEGACY) {
      out.writeRaw(new byte[] {(byte) tx.type().typeByte()});
    }
    writeBody(out, tx, data);
    return out.toByteArray();
  }

  /** Decodes the canonical form; any malformed input is a {@link TransactionDecodingException}. */
  public static Transaction decode(byte[] encoded) {
    return TransactionDecoder.decode(encoded);
  }

  /**
   * The bytes the signature commits to: {@code rlp(fields)} for a pre-EIP-155 legacy
   * transaction, {@code rlp(fields ++ [chainId, 0, 0])} with EIP-155, and
   * {@code type || rlp(fields)} for typed transactions (EIP-2930, EIP-1559, EIP-4844).
   */
  public static byte[] signingPayload(Transaction tx) {
    byte[] data = tx.data();
    RlpWriter out = new RlpWriter(sizeHint(tx, data));
    if (tx.type() != TransactionType.LEGACY) {
      out.writeRaw(new byte[] {(byte) tx.type().typeByte()});
    }
    out.startList();
    writeFields(out, tx, data);
    if (tx instanceof LegacyTransaction legacy && legacy.chainId().isPresent()) {
      out.writeLong(legacy.chainId().getAsLong()).writeLong(0).writeLong(0);
    }
    out.endList();
    return out.toByteArray();
  }

  public static Hash signingHash(Transaction tx) {
    return Hash.keccak(signingPayload(tx));
  }

  /** The RLP list of fields and signature, without the type byte. */
  static void writeBody(RlpWriter out, Transaction tx, byte[] data) {
    out.startList();
    writeFields(out, tx, data);
    if (tx instanceof LegacyTransaction legacy) {
      out.writeBigInteger(legacy.v());
    } else {
      out.writeLong(tx.signature().recoveryId());
    }
    out.writeBigInteger(tx.signature().r()).writeBigInteger(tx.signature().s());
    out.endList();
  }

  private static void writeFields(RlpWriter out, Transaction tx, byte[] data) {
    switch (tx) {
      case LegacyTransaction t -> {
        out.writeLong(t.nonce()).writeBigInteger(t.gasPrice()).writeLong(t.gasLimit());
        writeCommon(out, t, data);
      }
      case AccessListTransaction t -> {
        out.writeLong(t.chainId()).writeLong(t.nonce()).writeBigInteger(t.gasPrice());
        out.writeLong(t.gasLimit());
        writeCommon(out, t, data);
        writeAccessList(out, t.accessList());
      }
      case DynamicFeeTransaction t -> {
        out.writeLong(t.chainId()).writeLong(t.nonce());
        out.writeBigInteger(t.maxPriorityFeePerGas()).writeBigInteger(t.maxFeePerGas());
        out.writeLong(t.gasLimit());
        writeCommon(out, t, data);
        writeAccessList(out, t.accessList());
      }
      case BlobTransaction t -> {
        out.writeLong(t.chainId()).writeLong(t.nonce());
        out.writeBigInteger(t.maxPriorityFeePerGas()).writeBigInteger(t.maxFeePerGas());
        out.writeLong(t.gasLimit());
        writeCommon(out, t, data);
        writeAccessList(out, t.accessList());
        out.writeBigInteger(t.maxFeePerBlobGas());
        out.startList();
        for (Hash hash : t.blobVersionedHashes()) {
          out.writeBytes(hash.bytesUnsafe());
        }
        out.endList();
      }
    }
  }

  /** to, value, data: the same three fields, in the same order, in every type. */
  private static void writeCommon(RlpWriter out, Transaction tx, byte[] data) {
    Address to = tx.to();
    out.writeBytes(to == null ? Bytes.EMPTY : to.bytesUnsafe());
    out.writeBigInteger(tx.value());
    out.writeBytes(data);
  }

  private static void writeAccessList(RlpWriter out, List<AccessListEntry> accessList) {
    out.startList();
    for (AccessListEntry entry : accessList) {
      out.startList();
      out.writeBytes(entry.address().bytesUnsafe());
      out.startList();
      for (Hash key : entry.storageKeys()) {
        out.writeBytes(key.bytesUnsafe());
      }
      out.endList();
      out.endList();
    }
    out.endList();
  }

  static int sizeHint(Transaction tx, byte[] data) {
    long hint = FIXED_FIELDS_BYTES_MAX + (long) data.length;
    for (AccessListEntry entry : tx.accessList()) {
      hint += 24 + 33L * entry.storageKeys().size();
    }
    hint += 33L * tx.blobVersionedHashes().size();
    return (int) Math.min(hint, Integer.MAX_VALUE - 8);
  }
}
