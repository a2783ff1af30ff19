package dev.zg.storage.kv;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.storage.merkle.StorageSpec;
import dev.zg.storage.rpc.JsonRpcClient;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

/**
 * The log of a storage node read over its {@code zgs_*} JSON-RPC: entries and tags from
 * {@code zgs_getFileInfoByTxSeq} ({@code tx.data} holds the submission's tags), the data of a
 * finalized entry from {@code zgs_downloadSegmentByTxSeq} in 1024-chunk pieces. The node must
 * keep every segment (shard 0/1) and is trusted, as 0G's KV node trusts its own storage node;
 * the sender is not exposed over {@code zgs_*}, so it is null.
 */
public final class ZgsKvLog implements KvLog {
  private final JsonRpcClient node;

  public ZgsKvLog(JsonRpcClient node) {
    this.node = node;
  }

  @Override
  public Optional<Entry> entry(long txSeq) throws IOException {
    JsonNode info = node.call("zgs_getFileInfoByTxSeq", txSeq);
    if (info == null || info.isNull()) {
      return Optional.empty();
    }
    JsonNode tx = info.path("tx");
    JsonNode data = tx.path("data");
    byte[] tags = new byte[data.size()];
    for (int i = 0; i < tags.length; i++) {
      int b = data.get(i).asInt(-1);
      if (b < 0 || b > 255) {
        throw new IOException("zgs_getFileInfoByTxSeq " + txSeq + ": tx.data is not bytes");
      }
      tags[i] = (byte) b;
    }
    long size = tx.path("size").asLong(-1);
    if (size < 1 || tx.path("seq").asLong(-1) != txSeq) {
      throw new IOException("zgs_getFileInfoByTxSeq " + txSeq + " returned " + tx);
    }
    return Optional.of(new Entry(txSeq, tags, size, null));
  }

  @Override
  public Optional<byte[]> data(Entry entry) throws IOException {
    JsonNode info = node.call("zgs_getFileInfoByTxSeq", entry.txSeq());
    if (info == null || !info.path("finalized").asBoolean(false)) {
      return Optional.empty();
    }
    byte[] out = new byte[Math.toIntExact(entry.sizeBytes())];
    long chunks = (entry.sizeBytes() + StorageSpec.CHUNK_BYTES - 1) / StorageSpec.CHUNK_BYTES;
    for (long start = 0; start < chunks; start += StorageSpec.SEGMENT_CHUNKS) {
      long end = Math.min(chunks, start + StorageSpec.SEGMENT_CHUNKS);
      JsonNode piece = node.call("zgs_downloadSegmentByTxSeq", entry.txSeq(), start, end);
      if (piece == null || piece.isNull()) {
        return Optional.empty();
      }
      byte[] bytes = Base64.getDecoder().decode(piece.asText());
      int offset = (int) (start * StorageSpec.CHUNK_BYTES);
      if (bytes.length != (end - start) * StorageSpec.CHUNK_BYTES) {
        throw new IOException("zgs_downloadSegmentByTxSeq returned " + bytes.length
            + " bytes for chunks " + start + ".." + end);
      }
      System.arraycopy(bytes, 0, out, offset, Math.min(bytes.length, out.length - offset));
    }
    return Optional.of(out);
  }
}
