package dev.zg.storage.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.zg.common.Hash;
import dev.zg.storage.merkle.FileHasher;
import dev.zg.storage.merkle.FileLayout;
import dev.zg.storage.merkle.FileMerkleTree;
import dev.zg.storage.merkle.ProofCheck;
import dev.zg.storage.merkle.StorageSpec;
import dev.zg.storage.rpc.JsonRpcClient;
import dev.zg.storage.rpc.SegmentRoute;
import dev.zg.storage.rpc.SegmentWithProof;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * zg's 0G Storage client: uploads a file (Flow.submit, then its segments with proofs to the
 * nodes of each segment's shard, then waits for finality) and downloads one (every segment's
 * proof checked against the root, which ties every byte to it, the file written
 * atomically). Speaks the same {@code zgs_*} JSON-RPC as the official SDK, and downloads
 * through zg's binary {@link SegmentRoute} from nodes that serve it.
 */
public final class StorageClient {
  /** Segments per upload call (8 MiB of data; the node takes at most 64 and 32 MiB). */
  public static final int BATCH_SEGMENTS = 32;
  /** Upload or download calls in flight (the node accepts 16 uploads at once). */
  public static final int PARALLEL_CALLS = 8;
  public static final int REPLICAS_MAX = 64;
  private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration FINALITY_TIMEOUT = Duration.ofMinutes(10);
  private static final int BUSY_RETRIES = 50;

  /** The outcome of an upload; {@code transactionHash} is null when the entry existed. */
  public record Uploaded(Hash root, long txSeq, Hash transactionHash, long sizeBytes,
      int segments, List<String> nodes) {}

  /** What a node says about a file. */
  public record FileInfo(Hash root, long txSeq, long sizeBytes, long startEntryIndex,
      boolean finalized, long uploadedSegments, String node, JsonNode raw) {}

  private final FileHasher hasher;
  /** Nodes that answered the binary segment route as a non-zg node would. */
  private final Set<String> noSegmentRoute = ConcurrentHashMap.newKeySet();

  public StorageClient(FileHasher hasher) {
    this.hasher = hasher;
  }

  public StorageClient() {
    this(FileHasher.usingAllCores());
  }

  /**
   * Uploads {@code file}: submits it to Flow through {@code submitter}, waits until the nodes
   * see the entry, sends every segment to {@code replicas} nodes whose shard keeps it, and
   * waits until each of them has it finalized. {@code progress} receives uploaded data bytes.
   */
  public Uploaded upload(Path file, FlowSubmitter submitter, List<StorageNodes.Node> nodes,
      int replicas, LongConsumer progress) throws IOException {
    return upload(file, new byte[0], true, submitter, nodes, replicas, progress);
  }

  /**
   * Uploads {@code file} with Flow {@code tags}. With {@code reuseExisting} false a new entry is
   * always submitted, even when the nodes know the root (a KV batch is a new transaction each
   * time it is sent).
   */
  public Uploaded upload(Path file, byte[] tags, boolean reuseExisting, FlowSubmitter submitter,
      List<StorageNodes.Node> nodes, int replicas, LongConsumer progress) throws IOException {
    if (replicas < 1 || replicas > REPLICAS_MAX) {
      throw new IllegalArgumentException("replicas must be 1.." + REPLICAS_MAX);
    }
    if (!Files.isRegularFile(file)) {
      throw new IOException("not a file: " + file);
    }
    if (Files.size(file) == 0) {
      throw new IOException(file + " is empty; 0G Storage has no root for an empty file");
    }
    requireCoverage(nodes, replicas);
    FileMerkleTree tree = hasher.tree(file);
    // A file already on chain (an earlier, interrupted upload) is not paid for again: its
    // entry is filled, as the SDK does.
    java.util.Optional<FileInfo> existing = reuseExisting ? info(tree.root(), nodes)
        : java.util.Optional.empty();
    long txSeq;
    long startPos;
    Hash transaction;
    if (existing.isPresent() && existing.get().sizeBytes() == tree.layout().sizeBytes()) {
      txSeq = existing.get().txSeq();
      startPos = existing.get().startEntryIndex();
      transaction = null;
    } else {
      FlowSubmitter.Submitted submitted = submitter.submit(tree.submission(), tags);
      if (!submitted.event().submission().root().equals(tree.root())) {
        throw new IOException("the Submit event names root " + submitted.event().submission()
            .root() + ", not the file's " + tree.root());
      }
      txSeq = submitted.event().submissionIndex();
      startPos = submitted.event().startPos();
      transaction = submitted.transactionHash();
    }
    FileLayout layout = tree.layout();
    long startSegment = startPos / StorageSpec.SEGMENT_CHUNKS;
    Map<StorageNodes.Node, List<Long>> plan = new LinkedHashMap<>();
    for (long i = 0; i < layout.dataSegments(); i++) {
      int placed = 0;
      for (StorageNodes.Node node : nodes) {
        if (placed < replicas && node.shard().covers(startSegment + i)) {
          plan.computeIfAbsent(node, n -> new ArrayList<>()).add(i);
          placed++;
        }
      }
    }
    for (StorageNodes.Node node : plan.keySet()) {
      awaitEntry(node, txSeq);
    }
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_CALLS,
        Thread.ofPlatform().daemon().name("zgs-upload-", 0).factory());
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      List<Future<?>> calls = new ArrayList<>();
      // Replicas beyond the first are not counted twice in the progress.
      Map<Long, Boolean> counted = new java.util.concurrent.ConcurrentHashMap<>();
      for (Map.Entry<StorageNodes.Node, List<Long>> e : plan.entrySet()) {
        List<Long> indexes = e.getValue();
        for (int from = 0; from < indexes.size(); from += BATCH_SEGMENTS) {
          List<Long> batch = indexes.subList(from, Math.min(indexes.size(), from + BATCH_SEGMENTS));
          StorageNodes.Node node = e.getKey();
          calls.add(pool.submit(() -> {
            uploadBatch(node, channel, tree, txSeq, batch);
            for (long i : batch) {
              if (counted.putIfAbsent(i, true) == null) {
                progress.accept(layout.segmentDataBytes(i));
              }
            }
            return null;
          }));
        }
      }
      await(calls);
    } finally {
      pool.shutdownNow();
    }
    for (StorageNodes.Node node : plan.keySet()) {
      awaitFinalized(node, txSeq);
    }
    return new Uploaded(tree.root(), txSeq, transaction, layout.sizeBytes(),
        (int) layout.dataSegments(), plan.keySet().stream().map(StorageNodes.Node::url).toList());
  }

  /**
   * Downloads the file of {@code root} from {@code nodes} into {@code out}, checking each
   * segment's proof against {@code root}; {@code out} appears only complete.
   */
  public FileInfo download(Hash root, Path out, List<StorageNodes.Node> nodes,
      LongConsumer progress) throws IOException {
    FileInfo info = info(root, nodes).orElseThrow(() ->
        new IOException("no storage node knows root " + root));
    FileLayout layout = FileLayout.of(info.sizeBytes());
    long startSegment = info.startEntryIndex() / StorageSpec.SEGMENT_CHUNKS;
    Path dir = out.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path partial = Files.createTempFile(dir, "." + out.getFileName() + ".", ".part");
    boolean done = false;
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_CALLS,
        Thread.ofPlatform().daemon().name("zgs-download-", 0).factory());
    try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
      channel.truncate(0);
      BackgroundFlush flusher = new BackgroundFlush(channel);
      List<Future<?>> calls = new ArrayList<>();
      for (long i = 0; i < layout.dataSegments(); i++) {
        long index = i;
        List<StorageNodes.Node> holders = new ArrayList<>();
        for (StorageNodes.Node node : nodes) {
          if (node.shard().covers(startSegment + index)) {
            holders.add(node);
          }
        }
        if (holders.isEmpty()) {
          throw new IOException("no node given keeps segment " + index + " (flow segment "
              + (startSegment + index) + ")");
        }
        calls.add(pool.submit(() -> {
          Verified segment = fetchVerified(root, layout, index, holders);
          int keep = layout.segmentDataBytes(index);
          ByteBuffer buffer = ByteBuffer.wrap(segment.buf(), segment.offset(), keep);
          long position = index * StorageSpec.SEGMENT_BYTES;
          while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
          }
          flusher.wrote(keep);
          progress.accept(keep);
          return null;
        }));
      }
      await(calls);
      flusher.finish();
      channel.force(true);
      // Every segment was checked against the root at its index (the last one with its
      // padding), so the written bytes are the file: hashing it all again would only repeat
      // the same Keccak work. Its size is still checked.
      if (channel.size() != layout.sizeBytes()) {
        throw new IOException("the downloaded file has " + channel.size() + " bytes, not "
            + layout.sizeBytes());
      }
      Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      done = true;
      return info;
    } finally {
      pool.shutdownNow();
      if (!done) {
        Files.deleteIfExists(partial);
      }
    }
  }

  /** The first answer of {@code zgs_getFileInfo} among {@code nodes}, finalized ones first. */
  public java.util.Optional<FileInfo> info(Hash root, List<StorageNodes.Node> nodes)
      throws IOException {
    FileInfo found = null;
    IOException failure = null;
    for (StorageNodes.Node node : nodes) {
      JsonNode json;
      try {
        json = node.rpc().call("zgs_getFileInfo", root.toHex(), true);
      } catch (IOException e) {
        failure = e;
        continue;
      }
      if (json == null || json.isNull()) {
        continue;
      }
      FileInfo info = new FileInfo(root, json.at("/tx/seq").asLong(),
          json.at("/tx/size").asLong(), json.at("/tx/startEntryIndex").asLong(),
          json.path("finalized").asBoolean(), json.path("uploadedSegNum").asLong(),
          node.url(), json);
      if (info.finalized()) {
        return java.util.Optional.of(info);
      }
      if (found == null) {
        found = info;
      }
    }
    if (found == null && failure != null) {
      throw failure;
    }
    return java.util.Optional.ofNullable(found);
  }

  /**
   * Forces a file being written to disk in the background every {@link #FLUSH_BYTES}, so that
   * the final force of a large download (a gibibyte takes seconds to reach the disk) finds
   * little left to write and the disk works while segments are still arriving.
   */
  private static final class BackgroundFlush {
    static final long FLUSH_BYTES = 64L << 20;
    private final FileChannel channel;
    private final AtomicLong unflushed = new AtomicLong();
    private final AtomicReference<Thread> running = new AtomicReference<>();
    private volatile IOException failure;

    BackgroundFlush(FileChannel channel) {
      this.channel = channel;
    }

    void wrote(long bytes) {
      if (unflushed.addAndGet(bytes) < FLUSH_BYTES || running.get() != null) {
        return;
      }
      Thread flush = Thread.ofPlatform().daemon().name("zgs-download-flush").unstarted(() -> {
        try {
          unflushed.set(0);
          channel.force(false);
        } catch (IOException e) {
          failure = e;
        } finally {
          running.set(null);
        }
      });
      if (running.compareAndSet(null, flush)) {
        flush.start();
      }
    }

    /** Waits for a flush under way; a failed one is the download's failure. */
    void finish() throws IOException {
      Thread flush = running.get();
      if (flush != null) {
        try {
          flush.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while flushing the download", e);
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** A segment whose proof was checked: its data at {@code buf[offset..+length)}. */
  private record Verified(byte[] buf, int offset, int length) {}

  /**
   * Segment {@code index} from the first of {@code holders} that gives one whose proof holds:
   * through zg's binary {@link SegmentRoute} where the node has it, else
   * {@code zgs_downloadSegmentWithProof}.
   */
  private Verified fetchVerified(Hash root, FileLayout layout, long index,
      List<StorageNodes.Node> holders) throws IOException {
    List<String> problems = new ArrayList<>();
    for (StorageNodes.Node node : holders) {
      try {
        Verified segment = noSegmentRoute.contains(node.url())
            ? fetchJson(node, root, layout, index, problems)
            : fetchBinary(node, root, layout, index, problems);
        if (segment != null) {
          return segment;
        }
      } catch (IOException | RuntimeException e) {
        problems.add(node.url() + ": " + e.getMessage());
      }
    }
    throw new IOException("segment " + index + " of " + root + " could not be fetched: "
        + String.join("; ", problems));
  }

  private Verified fetchBinary(StorageNodes.Node node, Hash root, FileLayout layout,
      long index, List<String> problems) throws IOException {
    JsonRpcClient.HttpResult answer = node.rpc().get(SegmentRoute.path(root, index),
        SegmentRoute.ANSWER_MAX_BYTES);
    boolean ours = answer.contentType() != null
        && answer.contentType().startsWith(SegmentRoute.CONTENT_TYPE);
    if (answer.status() == 204 && ours) {
      problems.add(node.url() + ": not stored");
      return null;
    }
    if (answer.status() != 200 || !ours) {
      if (answer.status() == 404 || answer.status() == 405 || answer.status() == 501
          || (answer.status() == 200 && !ours)) {
        noSegmentRoute.add(node.url()); // not a zg node: its JSON-RPC from now on
      }
      return fetchJson(node, root, layout, index, problems);
    }
    SegmentRoute.Answer segment;
    try {
      segment = SegmentRoute.Answer.parse(answer.body());
    } catch (IllegalArgumentException e) {
      problems.add(node.url() + ": malformed segment answer (" + e.getMessage() + ")");
      return null;
    }
    ProofCheck check = FileMerkleTree.verifySegment(root, layout.sizeBytes(), index,
        segment.body(), segment.dataOffset(), segment.dataLength(), segment.proof());
    if (!check.isValid()) {
      problems.add(node.url() + ": bad segment (" + check.message() + ")");
      return null;
    }
    return new Verified(segment.body(), segment.dataOffset(), segment.dataLength());
  }

  private static Verified fetchJson(StorageNodes.Node node, Hash root, FileLayout layout,
      long index, List<String> problems) throws IOException {
    SegmentWithProof segment = node.rpc().callReading("zgs_downloadSegmentWithProof",
        SegmentWithProof::read, root.toHex(), index);
    if (segment == null) {
      problems.add(node.url() + ": not stored");
      return null;
    }
    ProofCheck check = segment.index() != index ? ProofCheck.INDEX_OUT_OF_RANGE
        : FileMerkleTree.verifySegment(root, layout.sizeBytes(), index,
            segment.dataUnsafe(), segment.proof());
    if (!check.isValid()) {
      problems.add(node.url() + ": bad segment (" + check.message() + ")");
      return null;
    }
    byte[] data = segment.dataUnsafe();
    return new Verified(data, 0, data.length);
  }

  private static void uploadBatch(StorageNodes.Node node, FileChannel channel,
      FileMerkleTree tree, long txSeq, List<Long> batch) throws IOException {
    FileLayout layout = tree.layout();
    ArrayNode segments = JsonNodeFactory.instance.arrayNode();
    for (long i : batch) {
      byte[] data = new byte[layout.segmentUploadBytes(i)];
      ByteBuffer buffer = ByteBuffer.wrap(data, 0, layout.segmentDataBytes(i));
      long position = i * StorageSpec.SEGMENT_BYTES;
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer, position);
        if (n < 0) {
          throw new IOException("the file became shorter while uploading");
        }
        position += n;
      }
      segments.add(new SegmentWithProof(tree.root(), data, i, tree.segmentProof(i),
          layout.sizeBytes()).toJson());
    }
    for (int attempt = 0; ; attempt++) {
      try {
        node.rpc().call("zgs_uploadSegmentsByTxSeq", segments, txSeq);
        return;
      } catch (JsonRpcClient.CallException e) {
        String data = e.data() == null ? "" : e.data().asText("");
        if (data.contains("already uploaded and finalized")) {
          return;
        }
        if (e.getMessage().contains("too many data writing") && attempt < BUSY_RETRIES) {
          FlowSubmitter.sleep(50L * (attempt + 1));
          continue;
        }
        throw new IOException(node.url() + " refused segments " + batch.get(0) + ".."
            + batch.get(batch.size() - 1) + ": " + e.getMessage() + (data.isEmpty() ? ""
                : " (" + data + ")"), e);
      }
    }
  }

  private static void requireCoverage(List<StorageNodes.Node> nodes, int replicas)
      throws IOException {
    int maxShards = 1;
    for (StorageNodes.Node n : nodes) {
      maxShards = Math.max(maxShards, n.shard().numShard());
    }
    for (long residue = 0; residue < maxShards; residue++) {
      int count = 0;
      for (StorageNodes.Node n : nodes) {
        if (n.shard().covers(residue)) {
          count++;
        }
      }
      if (count < replicas) {
        throw new IOException("the storage nodes keep segment class " + residue + " mod "
            + maxShards + " on " + count + " node(s); " + replicas + " replica(s) wanted");
      }
    }
  }

  private static void awaitEntry(StorageNodes.Node node, long txSeq) throws IOException {
    long deadline = System.nanoTime() + SYNC_TIMEOUT.toNanos();
    while (true) {
      JsonNode info = node.rpc().call("zgs_getFileInfoByTxSeq", txSeq);
      if (info != null && !info.isNull()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(node.url() + " has not seen tx seq " + txSeq + " after "
            + SYNC_TIMEOUT + "; is it following this Flow contract?");
      }
      FlowSubmitter.sleep(50);
    }
  }

  private static void awaitFinalized(StorageNodes.Node node, long txSeq) throws IOException {
    long deadline = System.nanoTime() + FINALITY_TIMEOUT.toNanos();
    while (true) {
      JsonNode info = node.rpc().call("zgs_getFileInfoByTxSeq", txSeq);
      if (info != null && info.path("finalized").asBoolean()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(node.url() + " has not finalized tx seq " + txSeq + " after "
            + FINALITY_TIMEOUT);
      }
      FlowSubmitter.sleep(50);
    }
  }

  private static void await(List<Future<?>> calls) throws IOException {
    try {
      for (Future<?> call : calls) {
        call.get();
      }
    } catch (ExecutionException e) {
      for (Future<?> call : calls) {
        call.cancel(true);
      }
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw new IOException(cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted");
    }
  }
}
