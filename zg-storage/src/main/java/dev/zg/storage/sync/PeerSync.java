package dev.zg.storage.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.storage.log.LogEntry;
import dev.zg.storage.log.LogStore;
import dev.zg.storage.log.StorageFullException;
import dev.zg.storage.merkle.FileMerkleTree;
import dev.zg.storage.merkle.ProofCheck;
import dev.zg.storage.rpc.JsonRpcClient;
import dev.zg.storage.rpc.SegmentWithProof;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the missing segments of this node's shard from peer storage nodes over
 * {@code zgs_downloadSegmentWithProof}, checks each against the entry's root exactly as an
 * upload is checked, and stores it. So a file uploaded to one node becomes finalized on every
 * node whose shard covers part of it, and a node that was down (or dropped a corrupted
 * segment) catches up.
 */
public final class PeerSync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PeerSync.class);
  /** Segments fetched per entry per round, so one huge file does not starve the others. */
  static final int SEGMENTS_PER_ROUND = 256;
  /** Entries looked at per round. */
  static final int ENTRIES_PER_ROUND = 1024;

  private final LogStore store;
  private final List<JsonRpcClient> peers;
  private final Duration interval;
  private final AtomicInteger reachable = new AtomicInteger();
  private final AtomicInteger rotation = new AtomicInteger();
  private volatile Thread thread;
  private volatile boolean stopped;

  public PeerSync(LogStore store, List<JsonRpcClient> peers, Duration interval) {
    this.store = store;
    this.peers = List.copyOf(peers);
    this.interval = interval;
  }

  public synchronized PeerSync start() {
    if (thread == null && !peers.isEmpty()) {
      thread = Thread.ofPlatform().daemon().name("zgs-peer-sync").start(this::run);
    }
    return this;
  }

  /** Peers that answered in the last round ({@code connectedPeers} in zgs_getStatus). */
  public int connectedPeers() {
    return reachable.get();
  }

  private void run() {
    while (!stopped) {
      try {
        int fetched = syncOnce();
        if (fetched == 0) {
          Thread.sleep(interval);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("peer sync: {}", e.toString());
        try {
          Thread.sleep(interval);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  /** One round over the unfinalized entries; returns the segments stored. */
  public int syncOnce() {
    boolean[] answered = new boolean[peers.size()];
    int stored = 0;
    List<Long> pending = store.unfinalized();
    for (long seq : pending.subList(0, Math.min(pending.size(), ENTRIES_PER_ROUND))) {
      if (stopped) {
        break;
      }
      LogEntry entry = store.entry(seq).orElse(null);
      if (entry == null) {
        continue;
      }
      for (long index : store.missingSegments(entry, SEGMENTS_PER_ROUND)) {
        if (fetch(entry, index, answered)) {
          stored++;
        }
      }
    }
    int count = 0;
    for (boolean b : answered) {
      count += b ? 1 : 0;
    }
    if (!pending.isEmpty()) {
      reachable.set(count);
    }
    return stored;
  }

  private boolean fetch(LogEntry entry, long index, boolean[] answered) {
    int first = Math.floorMod(rotation.getAndIncrement(), peers.size());
    for (int k = 0; k < peers.size(); k++) {
      int p = (first + k) % peers.size();
      JsonRpcClient peer = peers.get(p);
      JsonNode result;
      try {
        result = peer.call("zgs_downloadSegmentWithProof", entry.root().toHex(), index);
        answered[p] = true;
      } catch (IOException e) {
        continue;
      }
      if (result == null || result.isNull() || result.isMissingNode()) {
        continue;
      }
      SegmentWithProof segment;
      try {
        segment = SegmentWithProof.parse(result);
      } catch (RuntimeException e) {
        LOG.warn("peer {} sent a malformed segment: {}", peer.url(), e.getMessage());
        continue;
      }
      ProofCheck check = segment.index() != index || segment.fileSize() != entry.sizeBytes()
          ? ProofCheck.INDEX_OUT_OF_RANGE
          : FileMerkleTree.verifySegment(entry.root(), entry.sizeBytes(), index,
              segment.dataUnsafe(), segment.proof());
      if (!check.isValid()) {
        LOG.warn("peer {} sent segment {} of tx {} that fails: {}", peer.url(), index,
            entry.txSeq(), check.message());
        continue;
      }
      try {
        store.putSegment(entry.txSeq(), index, segment.dataUnsafe(), segment.proof());
        return true;
      } catch (StorageFullException e) {
        LOG.warn("peer sync paused: {}", e.getMessage());
        return false;
      }
    }
    return false;
  }

  @Override
  public void close() {
    stopped = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
