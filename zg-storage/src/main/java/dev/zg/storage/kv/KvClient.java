package dev.zg.storage.kv;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.common.Hash;
import dev.zg.storage.client.FlowSubmitter;
import dev.zg.storage.client.StorageClient;
import dev.zg.storage.client.StorageNodes;
import dev.zg.storage.rpc.JsonRpcClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * zg's KV client. {@link #put} encodes a batch and uploads it as a tagged file (Flow submit
 * with STREAM_DOMAIN ‖ stream ids, then its segments), as 0G's Batcher does; {@link #get}
 * reads a value from a KV node's {@code kv_getValue} in 256 KiB pages, as 0G's clients do.
 */
public final class KvClient {
  /** 0G's clients read values in pieces of this size. */
  public static final int PAGE_BYTES = 262_144;
  /** A value read by {@link #get} is at most this large (it is held in memory). */
  public static final long VALUE_BYTES_MAX = 256L << 20;

  private final StorageClient storage;

  public KvClient(StorageClient storage) {
    this.storage = storage;
  }

  /** Uploads {@code batch}; returns the upload (its tx seq is the version it commits at). */
  public StorageClient.Uploaded put(StreamData batch, FlowSubmitter flow,
      List<StorageNodes.Node> nodes) throws IOException {
    if (batch.writes().isEmpty() && batch.controls().isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one write or control");
    }
    Path tmp = Files.createTempFile("zg-kv-batch", ".bin");
    try {
      Files.write(tmp, StreamDataCodec.encode(batch));
      return storage.upload(tmp, StreamTags.of(batch), false, flow, nodes, 1, b -> {});
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The value of {@code key} in {@code stream} (at {@code version}, -1 = latest), if any. */
  public static Optional<Value> get(String kvRpcUrl, Hash stream, byte[] key, long version)
      throws IOException {
    JsonRpcClient rpc = new JsonRpcClient(kvRpcUrl, Duration.ofSeconds(30));
    String keyB64 = Base64.getEncoder().encodeToString(key);
    String v = Long.toUnsignedString(version);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long size = -1;
    long at = -1;
    while (size < 0 || out.size() < size) {
      JsonNode r = rpc.call("kv_getValue", stream.toHex(), keyB64, out.size(), PAGE_BYTES,
          version == -1L ? null : new java.math.BigInteger(v));
      if (r == null || r.isNull()) {
        if (size < 0) {
          return Optional.empty();
        }
        throw new IOException("the value changed while it was read");
      }
      long pageVersion = r.path("version").asLong();
      if (size >= 0 && (pageVersion != at || r.path("size").asLong() != size)) {
        throw new IOException("the value changed while it was read");
      }
      size = r.path("size").asLong();
      at = pageVersion;
      if (size > VALUE_BYTES_MAX) {
        throw new IOException("value of " + size + " bytes is larger than " + VALUE_BYTES_MAX);
      }
      byte[] page = Base64.getDecoder().decode(r.path("data").asText());
      if (page.length == 0 && out.size() < size) {
        throw new IOException("the KV node returned an empty page at " + out.size());
      }
      out.writeBytes(page);
    }
    return Optional.of(new Value(out.toByteArray(), at));
  }

  /** A value and the version (tx seq) that wrote it. */
  public record Value(byte[] data, long version) {}
}
