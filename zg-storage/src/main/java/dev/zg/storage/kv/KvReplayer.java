package dev.zg.storage.kv;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * name), {@code VersionConfliction} (a key it reads or writes has a version newer than the
 * batch's), {@code WritePermissionDenied} (the sender may not write a key) or
 * {@code AccessControlPermissionDenied} (the sender may not perform an access-control
 * operation) or, before the data is even read, {@code SenderNoWritePermission} (the sender has
 * no role on any stream the entry is tagged with). Permissions follow 0G's KV: the first committer of a stream becomes its admin;
 * admins write everything and manage roles; writers of a stream write its normal keys; a
 * special key is written only by its special writers (and admins). The sender is the Flow
 * submitter of the entry ({@link Address#ZERO} when the log source does not say). Progress is
 * stored with each step, so a restart continues where it stopped.
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
      Address sender = entry.get().sender() == null ? Address.ZERO : entry.get().sender();
      if (tagged.stream().noneMatch(id -> store.canWrite(sender, id, seq))) {
        // 0G decides this before reading the data: a sender with no role on any tagged stream
        store.skip(seq, "SenderNoWritePermission");
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
      apply(seq, tagged, data.get(), sender);
      handled++;
    }
  }

  private void apply(long seq, List<Hash> tagged, byte[] bytes, Address sender) {
    StreamData batch;
    try {
      batch = StreamDataCodec.decode(bytes);
    } catch (IllegalArgumentException e) {
      store.skip(seq, "DataParseError");
      return;
    }
    String rejected = check(seq, tagged, batch, sender);
    if (rejected != null) {
      store.skip(seq, rejected);
      return;
    }
    store.commit(seq, batch, effectiveAcl(seq, tagged, batch, sender));
  }

  /**
   * 0G's checks in 0G's order, so the same batch gets the same result everywhere: reads
   * (followed stream, version), then each write (tagged stream, version, write permission of
   * the sender as of the previous entry), then each access-control operation (tagged stream,
   * the sender's right to perform it). Null when the batch commits.
   */
  private String check(long seq, List<Hash> tagged, StreamData batch, Address sender) {
    Set<Hash> tags = new HashSet<>(tagged);
    Set<Hash> readable = followed.isEmpty() ? tags : followed;
    // as of version seq: this entry is not committed yet, so that is the state before it
    long before = seq;
    for (StreamData.Read r : batch.reads()) {
      if (!readable.contains(r.streamId())) {
        return "TagsMismatch";
      }
      if (newer(r.streamId(), r.key(), batch.version())) {
        return "VersionConfliction";
      }
    }
    for (StreamData.Write w : batch.writes()) {
      if (!tags.contains(w.streamId())) {
        return "TagsMismatch";
      }
      if (newer(w.streamId(), w.key(), batch.version())) {
        return "VersionConfliction";
      }
      if (!store.hasWritePermission(sender, w.streamId(), w.key(), before)) {
        return "WritePermissionDenied";
      }
    }
    Set<Hash> adminOf = new HashSet<>();
    for (Hash id : tagged) {
      if (store.isNewStream(id, before) || store.isAdmin(sender, id, before)) {
        adminOf.add(id);
      }
    }
    for (StreamData.AccessControl op : batch.controls()) {
      if (!tags.contains(op.streamId())) {
        return "TagsMismatch";
      }
      boolean admin = adminOf.contains(op.streamId());
      boolean allowed = switch (op.type()) {
        case GRANT_ADMIN, SET_KEY_TO_NORMAL, SET_KEY_TO_SPECIAL, REVOKE_WRITER,
            REVOKE_SPECIAL_WRITER -> admin;
        // a writer may pass its role on
        case GRANT_WRITER -> admin
            || store.isWriterOfStream(sender, op.streamId(), before);
        case GRANT_SPECIAL_WRITER -> admin
            || store.isWriterOfKey(sender, op.streamId(), op.key(), before);
        case RENOUNCE_ADMIN, RENOUNCE_WRITER, RENOUNCE_SPECIAL_WRITER -> true;
      };
      if (!allowed) {
        return "AccessControlPermissionDenied";
      }
    }
    return null;
  }

  /**
   * The operations a committed batch records, as 0G reduces them: the sender's admin grant on
   * each tagged stream that is still new, then the batch's operations where, per kind and
   * subject (stream, key, account), the last one wins; renounces act on the sender, and a
   * batch's grant of admin to its own sender changes nothing.
   */
  private List<KvStore.AclOp> effectiveAcl(long seq, List<Hash> tagged, StreamData batch,
      Address sender) {
    Map<List<Object>, KvStore.AclOp> ops = new LinkedHashMap<>();
    for (Hash id : tagged) {
      if (store.isNewStream(id, seq)) {
        ops.put(subject(StreamData.AccessControl.Type.GRANT_ADMIN, id, null, sender),
            new KvStore.AclOp(StreamData.AccessControl.Type.GRANT_ADMIN, id, null, sender));
      }
    }
    for (StreamData.AccessControl op : batch.controls()) {
      Address account = op.type().hasAccount() ? op.account() : sender;
      List<Object> subject = subject(op.type(), op.streamId(), op.key(), account);
      if (op.type() == StreamData.AccessControl.Type.GRANT_ADMIN
          && (ops.containsKey(subject) || account.equals(sender))) {
        continue;
      }
      ops.put(subject, new KvStore.AclOp(op.type(), op.streamId(), op.key(), account));
    }
    return List.copyOf(ops.values());
  }

  private static List<Object> subject(StreamData.AccessControl.Type type, Hash stream,
      byte[] key, Address account) {
    return List.of(type.code() & 0xf0, stream,
        key == null ? "" : HexFormat.of().formatHex(key), account);
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
