package dev.zg.storage.rpc;

import dev.zg.common.Hash;
import dev.zg.rpc.HttpAnswer;
import dev.zg.storage.log.LogEntry;
import dev.zg.storage.log.LogStore;
import dev.zg.storage.merkle.MerkleProof;
import dev.zg.storage.merkle.StorageSpec;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * zg's binary download of one segment with its proof, served beside {@code zgs_*} on the
 * storage node's port: {@code GET /zg/segment/ROOT/INDEX}. It answers what
 * {@code zgs_downloadSegmentWithProof(ROOT, INDEX)} answers, without JSON or base64: the
 * node sends the stored bytes as they are, the client checks the proof where the bytes landed.
 *
 * <ul>
 *   <li>200, {@value #CONTENT_TYPE}: the proof in {@link MerkleProof#toBytes} form, then the
 *       segment's data (whole chunks; the last segment of a file trimmed).
 *   <li>204: the node does not know the root or does not hold the segment (the JSON-RPC
 *       method's {@code null}).
 *   <li>400, text: a malformed root or index, or an index past the file's last segment.
 * </ul>
 *
 * Nodes without the route (0G's own) answer anything else; clients then use the JSON-RPC
 * method.
 */
public final class SegmentRoute {
  /** The route's path prefix. */
  public static final String PREFIX = "/zg/segment/";
  public static final String CONTENT_TYPE = "application/vnd.zg.segment";
  /** The largest 200 answer: a full segment and the longest proof. */
  public static final int ANSWER_MAX_BYTES =
      StorageSpec.SEGMENT_BYTES + 2 + (MerkleProof.PATH_MAX + 2) * 32
          + MerkleProof.PATH_MAX;

  private final LogStore store;

  public SegmentRoute(LogStore store) {
    this.store = store;
  }

  /** The path that asks for segment {@code index} of the file of {@code root}. */
  public static String path(Hash root, long index) {
    return PREFIX + root.toHex() + "/" + index;
  }

  /** Answers a GET of {@code PREFIX + rest}. */
  public HttpAnswer get(String rest, String query) {
    int slash = rest.indexOf('/');
    if (slash < 0 || rest.indexOf('/', slash + 1) >= 0 || query != null) {
      return HttpAnswer.text(400, "expected GET " + PREFIX + "ROOT/INDEX");
    }
    Hash root;
    try {
      root = Hash.fromHex(rest.substring(0, slash));
    } catch (IllegalArgumentException e) {
      return HttpAnswer.text(400, "root: expected a 0x-prefixed 32-byte hash");
    }
    long index = parseIndex(rest.substring(slash + 1));
    if (index < 0) {
      return HttpAnswer.text(400, "index: expected a decimal segment index");
    }
    Optional<LogEntry> entry = store.entryByRoot(root);
    if (entry.isEmpty()) {
      return noContent();
    }
    if (index >= entry.get().dataSegments()) {
      return HttpAnswer.text(400, "index out of bound");
    }
    return store.segmentBytes(entry.get().txSeq(), index)
        .map(s -> HttpAnswer.ok(CONTENT_TYPE, ByteBuffer.wrap(s.proof()),
            ByteBuffer.wrap(s.stored(), LogStore.SegmentBytes.DATA_OFFSET, s.dataLength())))
        .orElseGet(SegmentRoute::noContent);
  }

  private static HttpAnswer noContent() {
    return new HttpAnswer(204, CONTENT_TYPE, List.of());
  }

  /** A decimal index of at most 18 digits, or -1. */
  private static long parseIndex(String text) {
    if (text.isEmpty() || text.length() > 18) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /**
   * A 200 answer's parts: the proof, and where the data lies in {@code body}. Malformed bodies
   * are refused with an {@link IllegalArgumentException}.
   */
  public record Answer(MerkleProof proof, byte[] body, int dataOffset, int dataLength) {
    public static Answer parse(byte[] body) {
      MerkleProof proof = MerkleProof.fromBytes(body, 0);
      int offset = MerkleProof.bytesLength(body, 0);
      return new Answer(proof, body, offset, body.length - offset);
    }
  }
}
