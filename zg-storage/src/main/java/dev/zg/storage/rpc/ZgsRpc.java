package dev.zg.storage.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.common.Hash;
import dev.zg.rpc.RpcException;
import dev.zg.rpc.RpcParams;
import dev.zg.rpc.RpcServer;
import dev.zg.storage.log.BlockRef;
import dev.zg.storage.log.FileProgress;
import dev.zg.storage.log.LogEntry;
import dev.zg.storage.log.LogStore;
import dev.zg.storage.log.StorageFullException;
import dev.zg.storage.log.StoredSegment;
import dev.zg.storage.merkle.FileLayout;
import dev.zg.storage.merkle.FileMerkleTree;
import dev.zg.storage.merkle.ProofCheck;
import dev.zg.storage.merkle.StorageSpec;
import dev.zg.storage.merkle.SubmissionNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.IntSupplier;

/**
 * The {@code zgs_*} JSON-RPC methods of 0G's storage node over a {@link LogStore}: names,
 * parameters, result shapes, null results and error strings as 0G's node answers them (see
 * spec/storage.md §5 and spec/sdk-compat.md A2).
 *
 * <p>An upload call is checked whole before anything is stored: every segment must name a
 * known, unfinalized entry, match its file size, lie in this node's shard and carry a proof
 * that leads to the entry's root ({@link FileMerkleTree#verifySegment}). So a call with one bad
 * segment stores nothing.
 */
public final class ZgsRpc {
  /** Segments per upload call (the Go client sends 10; a call is at most ~100 MB in 0G). */
  public static final int UPLOAD_SEGMENTS_MAX = 64;
  /** Upload calls running at once; more get 0G's retryable "too many data writing". */
  public static final int CONCURRENT_UPLOADS_MAX = 16;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** sha256("STREAM"): tags starting with it list KV stream ids (spec/storage.md §6). */
  private static final byte[] STREAM_DOMAIN = dev.zg.common.Hex.decode(
      "df2ff3bb0af36c6384e6206552a4ed807f6f6a26e7d0aa6bff772ddc9d4307aa");

  private final LogStore store;
  private final NodeIdentity identity;
  private final IntSupplier connectedPeers;
  private final Semaphore uploads = new Semaphore(CONCURRENT_UPLOADS_MAX);

  public ZgsRpc(LogStore store, NodeIdentity identity, IntSupplier connectedPeers) {
    this.store = store;
    this.identity = identity;
    this.connectedPeers = connectedPeers;
  }

  /** Registers every method, and the binary {@link SegmentRoute}, on {@code server}. */
  public RpcServer registerOn(RpcServer server) {
    return registerMethodsOn(server).route(SegmentRoute.PREFIX, new SegmentRoute(store)::get);
  }

  /** Registers the {@code zgs_*} methods only, as a node of 0G's own answers. */
  public RpcServer registerMethodsOn(RpcServer server) {
    return server
        .register("zgs_getStatus", (p, c) -> status(p.atMost(0)))
        .register("zgs_getShardConfig", (p, c) -> shardConfig(p.atMost(0)))
        .register("zgs_getFileInfo", (p, c) -> {
          p.atMost(2);
          return byRoot(p.get(0)).map(this::fileInfo).orElse(null);
        })
        .register("zgs_getFileInfoByTxSeq", (p, c) ->
            store.entry(txSeq(p.atMost(1), 0)).map(this::fileInfo).orElse(null))
        .register("zgs_checkFileFinalized", (p, c) -> checkFinalized(p.atMost(1)))
        .register("zgs_uploadSegment", (p, c) ->
            upload(List.of(segmentArg(p.atMost(1))), null))
        .register("zgs_uploadSegments", (p, c) -> upload(segmentList(p.atMost(1)), null))
        .register("zgs_uploadSegmentByTxSeq", (p, c) ->
            upload(List.of(segmentArg(p.atMost(2))), txSeq(p, 1)))
        .register("zgs_uploadSegmentsByTxSeq", (p, c) ->
            upload(segmentList(p.atMost(2)), txSeq(p, 1)))
        .register("zgs_downloadSegment", (p, c) -> {
          p.atMost(3);
          return byRoot(p.get(0)).map(e -> download(e, p)).orElse(null);
        })
        .register("zgs_downloadSegmentByTxSeq", (p, c) ->
            store.entry(txSeq(p.atMost(3), 0)).map(e -> download(e, p)).orElse(null))
        .register("zgs_downloadSegmentWithProof", (p, c) -> {
          p.atMost(2);
          return byRoot(p.get(0)).map(e -> withProof(e, p)).orElse(null);
        })
        .register("zgs_downloadSegmentWithProofByTxSeq", (p, c) ->
            store.entry(txSeq(p.atMost(2), 0)).map(e -> withProof(e, p)).orElse(null))
        .register("zgs_getSectorProof", (p, c) -> sectorProof(p.atMost(2)))
        .register("zgs_getFlowContext", (p, c) -> flowContext(p.atMost(0)));
  }

  /** 0G's {@code (H256, u64)}: a JSON array of the flow root and its length in sectors. */
  private ArrayNode flowContext(RpcParams params) {
    FlowProofs flow = FlowProofs.of(store);
    ArrayNode out = NODES.arrayNode();
    out.add(flow.root().toHex());
    out.add(flow.length());
    return out;
  }

  /** 0G's {@code FlowProof {lemma, path}} of one sector against the current flow root. */
  private ObjectNode sectorProof(RpcParams params) {
    long sector = SegmentWithProof.count(params.get(0), "sector_index");
    FlowProofs flow = FlowProofs.of(store);
    JsonNode rootArg = params.get(1);
    if (rootArg != null && !rootArg.isNull()
        && !SegmentWithProof.hash(rootArg, "flow_root").equals(flow.root())) {
      throw ZgsErrors.invalidParams("flow_root", "flow root not found (only the current root "
          + flow.root().toHex() + " is kept)");
    }
    FlowProofs.Result result = flow.prove(sector, store);
    if (result instanceof FlowProofs.Unavailable u) {
      throw ZgsErrors.invalidParams("sector_index", u.reason());
    }
    FlowProofs.Proof proof = (FlowProofs.Proof) result;
    ObjectNode out = NODES.objectNode();
    ArrayNode lemma = out.putArray("lemma");
    proof.proof().lemma().forEach(h -> lemma.add(h.toHex()));
    ArrayNode path = out.putArray("path");
    proof.proof().path().forEach(path::add);
    return out;
  }

  private ObjectNode status(RpcParams params) {
    ObjectNode out = NODES.objectNode();
    out.put("connectedPeers", connectedPeers.getAsInt());
    Optional<BlockRef> last = store.lastBlock();
    out.put("logSyncHeight", last.map(BlockRef::number).orElse(0L));
    out.put("logSyncBlock", last.map(b -> b.hash().toHex()).orElse(Hash.ZERO.toHex()));
    out.put("nextTxSeq", store.nextTxSeq());
    ObjectNode network = out.putObject("networkIdentity");
    network.put("chainId", identity.chainId());
    network.put("flowAddress", identity.flowAddress().toHex());
    ObjectNode version = network.putObject("p2pProtocolVersion");
    version.put("major", identity.major()).put("minor", identity.minor())
        .put("build", identity.build());
    return out;
  }

  private ObjectNode shardConfig(RpcParams params) {
    ObjectNode out = NODES.objectNode();
    out.put("shardId", store.shard().shardId());
    out.put("numShard", store.shard().numShard());
    return out;
  }

  private Object checkFinalized(RpcParams params) {
    JsonNode arg = params.get(0);
    Optional<LogEntry> entry = arg != null && arg.isTextual() && arg.asText().length() == 66
        ? byRoot(arg) : store.entry(SegmentWithProof.count(arg, "tx_seq"));
    return entry.map(e -> store.progress(e.txSeq()).finalized()).orElse(null);
  }

  private ObjectNode fileInfo(LogEntry entry) {
    FileProgress progress = store.progress(entry.txSeq());
    ObjectNode out = NODES.objectNode();
    ObjectNode tx = out.putObject("tx");
    ArrayNode streams = tx.putArray("streamIds");
    byte[] tags = entry.tags();
    if (tags.length >= 32 && tags.length % 32 == 0
        && java.util.Arrays.equals(tags, 0, 32, STREAM_DOMAIN, 0, 32)) {
      for (int i = 32; i < tags.length; i += 32) {
        streams.add(Hash.wrap(java.util.Arrays.copyOfRange(tags, i, i + 32)).toHex());
      }
    }
    ArrayNode data = tx.putArray("data");
    for (byte b : tags) {
      data.add(b & 0xff);
    }
    tx.put("dataMerkleRoot", entry.root().toHex());
    ArrayNode nodes = tx.putArray("merkleNodes");
    for (SubmissionNode node : entry.nodes()) {
      // 0G counts heights from 1 for a single chunk here (spec/storage.md §2).
      nodes.addArray().add(node.height() + 1).add(node.root().toHex());
    }
    tx.put("startEntryIndex", entry.startEntry());
    tx.put("size", entry.sizeBytes());
    tx.put("seq", entry.txSeq());
    out.put("finalized", progress.finalized());
    out.put("isCached", false);
    out.put("uploadedSegNum", progress.storedSegments());
    out.put("pruned", false);
    return out;
  }

  // ---- upload ----

  private Object upload(List<JsonNode> raw, Long txSeq) {
    if (raw.isEmpty()) {
      throw ZgsErrors.invalidParams("segments", "no segment given");
    }
    if (raw.size() > UPLOAD_SEGMENTS_MAX) {
      throw ZgsErrors.invalidParams("segments", "at most " + UPLOAD_SEGMENTS_MAX
          + " segments per call, got " + raw.size());
    }
    List<SegmentWithProof> segments = new ArrayList<>(raw.size());
    for (JsonNode node : raw) {
      segments.add(SegmentWithProof.parse(node));
    }
    if (!uploads.tryAcquire()) {
      throw new RpcException(RpcException.INTERNAL_ERROR, ZgsErrors.TOO_MANY_WRITES,
          ZgsErrors.TOO_MANY_WRITES);
    }
    try {
      List<LogEntry> targets = new ArrayList<>(segments.size());
      for (SegmentWithProof segment : segments) {
        targets.add(check(segment, txSeq));
      }
      for (int i = 0; i < segments.size(); i++) {
        SegmentWithProof s = segments.get(i);
        store.putSegment(targets.get(i).txSeq(), s.index(), s.dataUnsafe(), s.proof());
      }
      return 0;
    } catch (StorageFullException e) {
      throw ZgsErrors.internal(e.getMessage());
    } finally {
      uploads.release();
    }
  }

  /** The entry a segment goes to, after every check 0G's node makes (and the shard). */
  private LogEntry check(SegmentWithProof segment, Long txSeq) {
    LogEntry entry;
    if (txSeq != null) {
      entry = store.entry(txSeq).orElseThrow(
          () -> ZgsErrors.invalidParams("root", ZgsErrors.ROOT_NOT_FOUND));
      if (!entry.root().equals(segment.root())) {
        throw ZgsErrors.invalidParams("root", "root mismatch with the tx of seq " + txSeq);
      }
    } else {
      List<Long> seqs = store.txSeqsByRoot(segment.root());
      if (seqs.isEmpty()) {
        throw ZgsErrors.invalidParams("root", ZgsErrors.ROOT_NOT_FOUND);
      }
      // Fill the first submission of this root that still needs data.
      long pick = seqs.stream().filter(s -> !store.progress(s).finalized()).findFirst()
          .orElse(seqs.get(0));
      entry = store.entry(pick).orElseThrow(
          () -> ZgsErrors.invalidParams("root", ZgsErrors.ROOT_NOT_FOUND));
    }
    if (store.progress(entry.txSeq()).finalized()) {
      throw ZgsErrors.invalidParams("root", ZgsErrors.ALREADY_FINALIZED);
    }
    if (segment.fileSize() != entry.sizeBytes()) {
      throw ZgsErrors.invalidParams("file_size",
          "segment file size not matched with tx file size");
    }
    ProofCheck check = FileMerkleTree.verifySegment(entry.root(), entry.sizeBytes(),
        segment.index(), segment.dataUnsafe(), segment.proof());
    if (!check.isValid()) {
      throw ZgsErrors.of(check);
    }
    if (!store.shard().covers(entry.globalSegment(segment.index()))) {
      throw ZgsErrors.invalidParams("index", "segment " + segment.index() + " is flow segment "
          + entry.globalSegment(segment.index()) + ", not in this node's shard "
          + store.shard());
    }
    return entry;
  }

  // ---- download ----

  /** {@code [_, startChunk, endChunk]}: chunks of the file, end exclusive, ≤ 1024 of them. */
  private Object download(LogEntry entry, RpcParams params) {
    long start = SegmentWithProof.count(params.get(1), "start_index");
    long end = SegmentWithProof.count(params.get(2), "end_index");
    FileLayout layout = entry.layout();
    if (start >= end) {
      throw ZgsErrors.invalidParams("end_index", "invalid chunk index");
    }
    if (end - start > StorageSpec.SEGMENT_CHUNKS) {
      throw ZgsErrors.invalidParams("end_index", "exceeds maximum chunks "
          + StorageSpec.SEGMENT_CHUNKS);
    }
    if (end > layout.chunks()) {
      throw ZgsErrors.invalidParams("end_index", "out of bound chunk index");
    }
    byte[] out = new byte[(int) (end - start) * StorageSpec.CHUNK_BYTES];
    long chunk = start;
    while (chunk < end) {
      long segment = chunk / StorageSpec.SEGMENT_CHUNKS;
      Optional<StoredSegment> stored = store.segment(entry.txSeq(), segment);
      if (stored.isEmpty()) {
        return null;
      }
      long segmentEnd = Math.min(end, (segment + 1) * StorageSpec.SEGMENT_CHUNKS);
      int from = (int) (chunk - segment * StorageSpec.SEGMENT_CHUNKS) * StorageSpec.CHUNK_BYTES;
      int length = (int) (segmentEnd - chunk) * StorageSpec.CHUNK_BYTES;
      System.arraycopy(stored.get().dataUnsafe(), from, out,
          (int) (chunk - start) * StorageSpec.CHUNK_BYTES, length);
      chunk = segmentEnd;
    }
    return Base64.getEncoder().encodeToString(out);
  }

  private Object withProof(LogEntry entry, RpcParams params) {
    long index = SegmentWithProof.count(params.get(1), "index");
    if (index >= entry.dataSegments()) {
      throw ZgsErrors.invalidParams("index", "index out of bound");
    }
    return store.segment(entry.txSeq(), index)
        .map(s -> new SegmentWithProof(entry.root(), s.dataUnsafe(), index, s.proof(),
            entry.sizeBytes()).toJson())
        .orElse(null);
  }

  // ---- params ----

  private Optional<LogEntry> byRoot(JsonNode root) {
    return store.entryByRoot(SegmentWithProof.hash(root, "root"));
  }

  private static long txSeq(RpcParams params, int index) {
    return SegmentWithProof.count(params.get(index), "tx_seq");
  }

  private static JsonNode segmentArg(RpcParams params) {
    JsonNode segment = params.get(0);
    if (segment == null || segment.isNull()) {
      throw ZgsErrors.invalidParams("segment", "missing segment");
    }
    return segment;
  }

  private static List<JsonNode> segmentList(RpcParams params) {
    JsonNode list = params.get(0);
    if (list == null || !list.isArray()) {
      throw ZgsErrors.invalidParams("segments", "expected an array of segments");
    }
    List<JsonNode> out = new ArrayList<>();
    list.forEach(out::add);
    return out;
  }
}
