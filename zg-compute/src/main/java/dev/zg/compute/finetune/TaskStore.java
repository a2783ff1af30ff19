package dev.zg.compute.finetune;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.common.Address;
import dev.zg.common.Bytes;
import dev.zg.state.kv.Column;
import dev.zg.state.kv.Durability;
import dev.zg.state.kv.KeyRange;
import dev.zg.state.kv.KeyValueCursor;
import dev.zg.state.kv.KeyValueStore;
import dev.zg.state.kv.WriteBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Fine-tuning tasks on a {@link KeyValueStore} (RocksDB in production), written to the WAL so
 * they survive kill -9. Keys in {@link #COLUMN}: {@code 't' id} the task JSON; {@code 'u' user
 * createdMillis id} an index for the user's list (newest first); {@code 'l' id} the task's log
 * text; {@code 'n' user} the highest task nonce accepted from that user (replay protection).
 */
public final class TaskStore {
  public static final Column COLUMN = new Column("compute-finetune");
  /** A task's log is cut at this size (oldest lines kept; a note says it was cut). */
  public static final int LOG_BYTES_MAX = 256 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte TASK = 't';
  private static final byte USER = 'u';
  private static final byte LOG = 'l';
  private static final byte NONCE = 'n';

  private final KeyValueStore store;
  private final Durability durability;

  public TaskStore(KeyValueStore store, Durability durability) {
    this.store = store;
    this.durability = durability;
  }

  /** Stores a new task with its index entry and the user's nonce, atomically. */
  public synchronized void create(FineTuningTask task, long createdMillis) {
    Address user = Address.fromHex(task.userAddress());
    try (WriteBatch batch = store.newBatch()) {
      batch.put(COLUMN, taskKey(task.id()), encode(task));
      batch.put(COLUMN, Bytes.concat(new byte[] {USER}, user.toArray(),
          Bytes.unsigned(BigInteger.valueOf(createdMillis), 8), ascii(task.id())), new byte[0]);
      batch.put(COLUMN, nonceKey(user), Bytes.unsigned(new BigInteger(task.nonce())));
      batch.commit(durability);
    }
  }

  public synchronized void update(FineTuningTask task) {
    store.put(COLUMN, taskKey(task.id()), encode(task));
  }

  /**
   * Moves a task to {@code to} only if its current state is {@code from}, atomically with
   * respect to every other write here (a cancel racing the worker's start: one of them wins).
   */
  public synchronized Optional<FineTuningTask> transition(String id, TaskState from,
      TaskState to, String now) {
    Optional<FineTuningTask> current = get(id);
    if (current.isEmpty() || current.get().state() != from) {
      return Optional.empty();
    }
    FineTuningTask next = current.get().withState(to, now);
    update(next);
    return Optional.of(next);
  }

  public Optional<FineTuningTask> get(String id) {
    return store.get(COLUMN, taskKey(id)).map(TaskStore::decode);
  }

  /** The user's tasks, newest first. */
  public List<FineTuningTask> list(Address user) {
    List<FineTuningTask> out = new ArrayList<>();
    byte[] prefix = Bytes.concat(new byte[] {USER}, user.toArray());
    try (KeyValueCursor cursor = store.cursor(COLUMN, KeyRange.prefix(prefix))) {
      while (cursor.next()) {
        byte[] key = cursor.key();
        String id = new String(key, prefix.length + 8, key.length - prefix.length - 8,
            StandardCharsets.US_ASCII);
        get(id).ifPresent(out::add);
      }
    }
    out.sort((a, b) -> b.createdAt().compareTo(a.createdAt()));
    return out;
  }

  /** Every task, in no particular order (the worker resumes the unfinished ones at start). */
  public List<FineTuningTask> all() {
    List<FineTuningTask> out = new ArrayList<>();
    try (KeyValueCursor cursor = store.cursor(COLUMN, KeyRange.prefix(new byte[] {TASK}))) {
      while (cursor.next()) {
        out.add(decode(cursor.value()));
      }
    }
    return out;
  }

  /** The highest nonce accepted from {@code user}, or zero. */
  public BigInteger lastNonce(Address user) {
    return store.get(COLUMN, nonceKey(user)).map(b -> new BigInteger(1, b))
        .orElse(BigInteger.ZERO);
  }

  public synchronized void appendLog(String id, String line) {
    byte[] key = logKey(id);
    byte[] old = store.get(COLUMN, key).orElse(new byte[0]);
    byte[] add = (line + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] next = Bytes.concat(old, add);
    if (next.length > LOG_BYTES_MAX) {
      byte[] note = "[log cut: older lines dropped]\n".getBytes(StandardCharsets.UTF_8);
      next = Bytes.concat(note, Arrays.copyOfRange(next, next.length - LOG_BYTES_MAX / 2,
          next.length));
    }
    store.put(COLUMN, key, next);
  }

  public String log(String id) {
    return store.get(COLUMN, logKey(id)).map(b -> new String(b, StandardCharsets.UTF_8))
        .orElse("");
  }

  private static byte[] taskKey(String id) {
    return Bytes.concat(new byte[] {TASK}, ascii(id));
  }

  private static byte[] logKey(String id) {
    return Bytes.concat(new byte[] {LOG}, ascii(id));
  }

  private static byte[] nonceKey(Address user) {
    return Bytes.concat(new byte[] {NONCE}, user.toArray());
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] encode(FineTuningTask task) {
    try {
      return JSON.writeValueAsBytes(task);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static FineTuningTask decode(byte[] bytes) {
    try {
      return JSON.readValue(bytes, FineTuningTask.class);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt fine-tuning task record", e);
    }
  }
}
