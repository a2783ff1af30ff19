package dev.zg.storage.kv;

import dev.zg.common.Hash;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The Flow submission {@code tags} that mark a file as a KV batch: STREAM_DOMAIN
 * (sha256("STREAM")) followed by the 32-byte id of every stream the batch touches, in the order
 * the batch first names them (reads, writes, then controls, as 0G's builder does).
 */
public final class StreamTags {

  /** sha256("STREAM") = 0xdf2ff3bb…4307aa. */
  public static final Hash STREAM_DOMAIN = Hash.wrap(sha256("STREAM".getBytes()));

  private StreamTags() {}

  /** The tags for a batch. */
  public static byte[] of(StreamData data) {
    LinkedHashSet<Hash> ids = new LinkedHashSet<>();
    data.reads().forEach(r -> ids.add(r.streamId()));
    data.writes().forEach(w -> ids.add(w.streamId()));
    data.controls().forEach(c -> ids.add(c.streamId()));
    return of(List.copyOf(ids));
  }

  public static byte[] of(List<Hash> streamIds) {
    byte[] out = new byte[32 * (streamIds.size() + 1)];
    System.arraycopy(STREAM_DOMAIN.toArray(), 0, out, 0, 32);
    for (int i = 0; i < streamIds.size(); i++) {
      System.arraycopy(streamIds.get(i).toArray(), 0, out, 32 * (i + 1), 32);
    }
    return out;
  }

  /**
   * The stream ids in tags, or null when the tags are not a KV batch's (no STREAM_DOMAIN
   * prefix, or a length that is not a multiple of 32).
   */
  public static List<Hash> streamIds(byte[] tags) {
    if (tags == null || tags.length < 32 || tags.length % 32 != 0
        || !Arrays.equals(tags, 0, 32, STREAM_DOMAIN.toArray(), 0, 32)) {
      return null;
    }
    List<Hash> ids = new ArrayList<>(tags.length / 32 - 1);
    for (int off = 32; off < tags.length; off += 32) {
      ids.add(Hash.wrap(Arrays.copyOfRange(tags, off, off + 32)));
    }
    return ids;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
