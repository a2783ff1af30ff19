package dev.zg.chain.block;

import dev.zg.chain.tx.TransactionType;
import dev.zg.common.rlp.RlpWriter;
import dev.zg.evm.state.Log;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A transaction's consensus receipt: {@code rlp([status, cumulativeGasUsed, logsBloom, logs])}
 * (status per EIP-658: 1 success, empty for failure), prefixed by the transaction type byte for
 * typed transactions (EIP-2718). Its encoding is what the receipts trie holds.
 */
public record Receipt(
    TransactionType type,
    boolean success,
    long cumulativeGasUsed,
    LogsBloom bloom,
    List<Log> logs) {

  public Receipt {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(bloom, "bloom");
    logs = List.copyOf(logs);
    if (cumulativeGasUsed < 0) {
      throw new IllegalArgumentException("cumulativeGasUsed must be in [0, 2^63)");
    }
  }

  /** A receipt whose bloom is computed from its logs. */
  public static Receipt of(TransactionType type, boolean success, long cumulativeGasUsed,
      List<Log> logs) {
    return new Receipt(type, success, cumulativeGasUsed, LogsBloom.of(logs), logs);
  }

  public byte[] encode() {
    int size = 300;
    for (Log log : logs) {
      size += 100 + 33 * log.topics().size() + log.data().length;
    }
    RlpWriter out = new RlpWriter(size);
    if (type != TransactionType.LEGACY) {
      out.writeRaw(new byte[] {(byte) type.typeByte()});
    }
    out.startList()
        .writeBytes(success ? new byte[] {1} : new byte[0])
        .writeLong(cumulativeGasUsed)
        .writeBytes(bloom.bytesUnsafe());
    LogCodec.writeAll(out, logs);
    out.endList();
    return out.toByteArray();
  }

  /** Strict decoding of the consensus form (post-Byzantium status receipts only). */
  public static Receipt decode(byte[] encoded) {
    if (encoded.length == 0) {
      throw new BlockDecodingException("receipt", "empty input");
    }
    int first = encoded[0] & 0xff;
    TransactionType type;
    byte[] body;
    if (first >= 0xc0) {
      type = TransactionType.LEGACY;
      body = encoded;
    } else {
      type = switch (first) {
        case 1 -> TransactionType.ACCESS_LIST;
        case 2 -> TransactionType.DYNAMIC_FEE;
        case 3 -> TransactionType.BLOB;
        default -> throw new BlockDecodingException("receipt.type",
            "unknown receipt type 0x" + Integer.toHexString(first));
      };
      body = Arrays.copyOfRange(encoded, 1, encoded.length);
    }
    FieldReader in = FieldReader.ofList(body, "receipt");
    in.requireNext("status", 0, 4);
    byte[] status = in.bytesUpTo("status", 32);
    if (status.length > 1 || (status.length == 1 && status[0] != 1)) {
      throw new BlockDecodingException("receipt.status",
          "must be empty (failure) or 0x01 (success) as EIP-658 defines, got "
              + status.length + " bytes");
    }
    in.requireNext("cumulativeGasUsed", 1, 4);
    long cumulative = in.longValue("cumulativeGasUsed");
    in.requireNext("logsBloom", 2, 4);
    LogsBloom bloom = LogsBloom.wrap(in.bytes("logsBloom", LogsBloom.BYTES));
    in.requireNext("logs", 3, 4);
    List<Log> logs = LogCodec.readAll(in.list("logs"), "receipt.logs");
    in.expectEnd(4);
    return new Receipt(type, status.length == 1, cumulative, bloom, logs);
  }

  /** Equal when the encodings are (logs hold arrays, which records compare by identity). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Receipt r && Arrays.equals(encode(), r.encode());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }
}
