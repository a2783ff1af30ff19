package dev.zg.storage.kv;

import dev.zg.common.Hash;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Replays the log's KV batches into a {@link KvStore} in tx-seq order, as 0G's stream replayer
 * does: an entry whose tags do not start with STREAM_DOMAIN (or name none of the followed
 * streams) is passed over; a KV entry waits until its data is finalized, then is decoded and
 * checked, and either committed at version = its tx seq or recorded with 0G's reason:
 * {@code DataParseError}, {@code TagsMismatch} (the batch touches a stream its tags do not
 * name) or {@code VersionConfliction} (a key it reads or writes has a version newer than the
 * batch's). Progress is stored with each step, so a restart continues where it stopped.
 */
public final class KvReplayer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KvReplayer.class.getName());
  /** A batch file larger than this is not read (0G's values are paged by the reader anyway). */
  public static final long BATCH_BYTES_MAX = 256L << 20;

  private final KvLog log;
  private final KvStore store;
  private final Set<Hash> followed;
  private final Duration pollInterval;
  private volatile boolean running;
  private Thread thread;

  /** {@code followed} empty means every stream. */
  public KvReplayer(KvLog log, KvStore store, List<Hash> followed, Duration pollInterval) {
    this.log = log;
    this.store = store;
    this.followed = Set.copyOf(followed);
    this.pollInterval = pollInterval;
  }

  public synchronized void start() {
    if (thread != null) {
      return;
    }
    running = true;
    thread = Thread.ofPlatform().daemon().name("kv-replayer").start(this::run);
  }

  private void run() {
    long pause = pollInterval.toMillis();
    while (running) {
      try {
        if (replayAvailable() == 0) {
          Thread.sleep(pollInterval.toMillis());
        }
        pause = pollInterval.toMillis();
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.WARNING, "KV replay failed, retrying: " + e.getMessage());
        try {
          Thread.sleep(pause);
        } catch (InterruptedException ie) {
          return;
        }
        pause = Math.min(pause * 2, 10_000);
      }
    }
  }

  /**
   * Replays every entry that can be replayed now; returns how many were handled. Stops at the
   * first entry the log does not have yet or whose data is not finalized.
   */
  public synchronized int replayAvailable() throws IOException {
    int handled = 0;
    while (true) {
      long seq = store.nextTxSeq();
      Optional<KvLog.Entry> entry = log.entry(seq);
      if (entry.isEmpty()) {
        return handled;
      }
      List<Hash> tagged = StreamTags.streamIds(entry.get().tags());
      if (tagged == null || (!followed.isEmpty()
          && tagged.stream().noneMatch(followed::contains))) {
        store.skip(seq, null);
        handled++;
        continue;
      }
      if (entry.get().sizeBytes() > BATCH_BYTES_MAX) {
        store.skip(seq, "DataParseError");
        handled++;
        continue;
      }
      Optional<byte[]> data = log.data(entry.get());
      if (data.isEmpty()) {
        return handled;
      }
      apply(seq, tagged, data.get());
      handled++;
    }
  }

  private void apply(long seq, List<Hash> tagged, byte[] bytes) {
    StreamData batch;
    try {
      batch = StreamDataCodec.decode(bytes);
    } catch (IllegalArgumentException e) {
      store.skip(seq, "DataParseError");
      return;
    }
    Set<Hash> tags = new HashSet<>(tagged);
    boolean tagsMatch = batch.reads().stream().allMatch(r -> tags.contains(r.streamId()))
        && batch.writes().stream().allMatch(w -> tags.contains(w.streamId()))
        && batch.controls().stream().allMatch(c -> tags.contains(c.streamId()));
    if (!tagsMatch) {
      store.skip(seq, "TagsMismatch");
      return;
    }
    for (StreamData.Read r : batch.reads()) {
      if (newer(r.streamId(), r.key(), batch.version())) {
        store.skip(seq, "VersionConfliction");
        return;
      }
    }
    for (StreamData.Write w : batch.writes()) {
      if (newer(w.streamId(), w.key(), batch.version())) {
        store.skip(seq, "VersionConfliction");
        return;
      }
    }
    store.commit(seq, batch);
  }

  private boolean newer(Hash stream, byte[] key, long version) {
    return store.latestVersion(stream, key)
        .map(v -> Long.compareUnsigned(v, version) > 0).orElse(false);
  }

  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
      thread = null;
    }
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
