package dev.zg.storage.log;

import static dev.zg.storage.merkle.StorageSpec.SEGMENT_CHUNKS;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.storage.merkle.FileLayout;
import dev.zg.storage.merkle.Submission;
import dev.zg.storage.merkle.SubmissionNode;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One file in the log: a Flow {@code Submit} event as the node keeps it (0G's
 * {@code Transaction}). The data root is not in the event; it is the right fold of the
 * submission nodes, which {@link Submission#root()} computes.
 *
 * @param txSeq the event's {@code submissionIndex}
 * @param root the file's data root (fold of {@code nodes})
 * @param sizeBytes the file size ({@code submission.length})
 * @param startEntry the first flow sector of the file ({@code startPos})
 * @param nodes the submission nodes, tallest first
 * @param tags the submission's tags (KV stream ids live here)
 * @param sender who submitted it
 * @param blockNumber the block holding the event
 * @param blockHash that block's hash, to undo the entry if the block is reorganized away
 */
public record LogEntry(long txSeq, Hash root, long sizeBytes, long startEntry,
    List<SubmissionNode> nodes, byte[] tags, Address sender, long blockNumber, Hash blockHash) {
  /** A Submission's tags are bounded so that one event cannot bloat the store. */
  public static final int TAGS_MAX = 64 * 1024;

  public LogEntry {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(blockHash, "blockHash");
    nodes = List.copyOf(nodes);
    tags = tags.clone();
    if (txSeq < 0 || startEntry < 0 || blockNumber < 0) {
      throw new IllegalArgumentException("negative txSeq, startEntry or blockNumber");
    }
    if (tags.length > TAGS_MAX) {
      throw new IllegalArgumentException("tags longer than " + TAGS_MAX + " bytes");
    }
    FileLayout.of(sizeBytes);
  }

  /** The entry for a submission; checks that the nodes are the ones Flow accepts. */
  public static LogEntry of(long txSeq, Submission submission, long startEntry, byte[] tags,
      Address sender, long blockNumber, Hash blockHash) {
    if (!submission.isValid()) {
      throw new IllegalArgumentException("submission " + txSeq + " is not valid for Flow");
    }
    return new LogEntry(txSeq, submission.root(), submission.lengthBytes(), startEntry,
        submission.nodes(), tags, sender, blockNumber, blockHash);
  }

  public FileLayout layout() {
    return FileLayout.of(sizeBytes);
  }

  /** Segments that hold file bytes: the ones uploaded and served. */
  public long dataSegments() {
    return layout().dataSegments();
  }

  /** The flow segment of the file's segment 0 (the SDK's {@code startSegIndex}). */
  public long startSegment() {
    return startEntry / SEGMENT_CHUNKS;
  }

  /** The flow segment that file segment {@code index} lands in. */
  public long globalSegment(long index) {
    return startSegment() + index;
  }

  /** File segments (data segments only) that a node with {@code shard} keeps. */
  public long ownedSegments(ShardConfig shard) {
    long total = dataSegments();
    long first = Math.floorMod(shard.shardId() - startSegment(), (long) shard.numShard());
    return first >= total ? 0 : (total - 1 - first) / shard.numShard() + 1;
  }

  @Override
  public byte[] tags() {
    return tags.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogEntry e && txSeq == e.txSeq && root.equals(e.root)
        && sizeBytes == e.sizeBytes && startEntry == e.startEntry && nodes.equals(e.nodes)
        && Arrays.equals(tags, e.tags) && sender.equals(e.sender)
        && blockNumber == e.blockNumber && blockHash.equals(e.blockHash);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(txSeq) * 31 + root.hashCode();
  }

  @Override
  public String toString() {
    return "LogEntry[seq " + txSeq + ", root " + root + ", " + sizeBytes + " bytes at sector "
        + startEntry + ", block " + blockNumber + "]";
  }
}
