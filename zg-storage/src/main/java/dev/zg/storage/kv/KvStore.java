package dev.zg.storage.kv;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.storage.kv.StreamData.AccessControl.Type;
import dev.zg.state.kv.Column;
import dev.zg.state.kv.KeyRange;
import dev.zg.state.kv.KeyValueCursor;
import dev.zg.state.kv.KeyValueStore;
import dev.zg.state.kv.RocksKeyValueStore;
import dev.zg.state.kv.WriteBatch;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * KV stream state on RocksDB with every version kept, so reads can be made "as of" a tx seq.
 *
 * <p>A value lives under {@code streamId ‖ escape(key) ‖ ~version} where escape maps 0x00 to
 * 0x00 0xFF and ends with 0x00 0x01. The escaping keeps keys prefix-free and in 0G's bytewise
 * order, and the complemented version puts the newest version of a key first, so "the value at
 * version v" is one seek. A batch's writes, its result and the replay progress are committed in
 * one atomic write through the WAL, so a kill -9 either sees the whole batch or none of it.
 */
public final class KvStore implements AutoCloseable {
  static final Column VALUES = new Column("kv_values");
  static final Column RESULTS = new Column("kv_results");
  static final Column STREAMS = new Column("kv_streams");
  static final Column META = new Column("kv_meta");
  /** Access-control operations by kind, subject and ~version (see {@link #aclKey}). */
  static final Column ACL = new Column("kv_acl");
  private static final byte[] NEXT_KEY = "next_tx_seq".getBytes(StandardCharsets.UTF_8);

  private final KeyValueStore kv;

  private KvStore(KeyValueStore kv) {
    this.kv = kv;
  }

  public static KvStore open(Path folder) {
    return new KvStore(RocksKeyValueStore.open(folder, VALUES, RESULTS, STREAMS, META, ACL));
  }

  /** The next tx seq to replay (everything before it is applied or skipped). */
  public long nextTxSeq() {
    return kv.get(META, NEXT_KEY).map(v -> ByteBuffer.wrap(v).getLong()).orElse(0L);
  }

  /** A replayed entry's outcome (0G's names: Commit, VersionConfliction, …), if any. */
  public Optional<String> result(long txSeq) {
    return kv.get(RESULTS, seqKey(txSeq)).map(v -> new String(v, StandardCharsets.UTF_8));
  }

  /** Streams that have received at least one committed write. */
  public List<Hash> streams() {
    List<Hash> out = new ArrayList<>();
    try (KeyValueCursor c = kv.cursor(STREAMS, KeyRange.all())) {
      while (c.next()) {
        out.add(Hash.wrap(c.key()));
      }
    }
    return out;
  }

  /** The newest version of a key at or below {@code atVersion} (unsigned), if any. */
  public Optional<Versioned> get(Hash stream, byte[] key, long atVersion) {
    byte[] prefix = keyPrefix(stream, key);
    byte[] from = concat(prefix, longBytes(~atVersion));
    try (KeyValueCursor c = kv.cursor(VALUES, KeyRange.between(from, successor(prefix)))) {
      if (c.next()) {
        return Optional.of(new Versioned(key.clone(), c.value(), version(c.key())));
      }
    }
    return Optional.empty();
  }

  /** The newest version of a key regardless of version, or -1 … as unsigned: absent = empty. */
  public Optional<Long> latestVersion(Hash stream, byte[] key) {
    return get(stream, key, -1L).map(Versioned::version);
  }

  /**
   * The first key after {@code key} (or at it when {@code inclusive}) that exists at
   * {@code atVersion}, with its value then; {@code key} null means from the start.
   */
  public Optional<Versioned> next(Hash stream, byte[] key, boolean inclusive, long atVersion) {
    byte[] streamPrefix = stream.toArray();
    byte[] from = key == null ? streamPrefix : keyPrefix(stream, key);
    try (KeyValueCursor c = kv.cursor(VALUES,
        KeyRange.between(from, successor(streamPrefix)))) {
      while (c.next()) {
        byte[] k = c.key();
        byte[] userKey = userKey(k);
        if (!inclusive && key != null && Arrays.equals(userKey, key)) {
          continue;
        }
        if (Long.compareUnsigned(version(k), atVersion) <= 0) {
          return Optional.of(new Versioned(userKey, c.value(), version(k)));
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The last key before {@code key} (or at it when {@code inclusive}) that exists at
   * {@code atVersion}; {@code key} null means the stream's last key. A forward scan: the store
   * has no reverse cursor yet.
   */
  public Optional<Versioned> prev(Hash stream, byte[] key, boolean inclusive, long atVersion) {
    Optional<Versioned> best = Optional.empty();
    Optional<Versioned> at = next(stream, null, true, atVersion);
    while (at.isPresent()) {
      int cmp = key == null ? -1 : Arrays.compareUnsigned(at.get().key(), key);
      if (cmp > 0 || (cmp == 0 && !inclusive)) {
        break;
      }
      best = at;
      at = next(stream, at.get().key(), false, atVersion);
    }
    return best;
  }

  // Access control as 0G's KV keeps it: every operation is kept with the version (tx seq) that
  // committed it, and a question "as of version v" is answered by the newest relevant operation
  // at or below v. The first operation on a stream is always its first committer's admin grant.

  /** True while no access-control operation on {@code stream} is at or below {@code version}. */
  public boolean isNewStream(Hash stream, long version) {
    return kv.get(ACL, concat(new byte[] {'N'}, stream.toArray()))
        .map(v -> Long.compareUnsigned(ByteBuffer.wrap(v).getLong(), version) > 0)
        .orElse(true);
  }

  /** Whether {@code account} is an admin of {@code stream} as of {@code version}. */
  public boolean isAdmin(Address account, Hash stream, long version) {
    return latestOp(aclKey('A', stream, account, null), version) == Type.GRANT_ADMIN;
  }

  /** Whether {@code key} is special (writable only by its special writers and admins). */
  public boolean isSpecialKey(Hash stream, byte[] key, long version) {
    return latestOp(aclKey('K', stream, null, key), version) == Type.SET_KEY_TO_SPECIAL;
  }

  /** Whether {@code account} holds the write role on the whole stream. */
  public boolean isWriterOfStream(Address account, Hash stream, long version) {
    return latestOp(aclKey('W', stream, account, null), version) == Type.GRANT_WRITER;
  }

  /** Whether {@code account} holds the special-write role on {@code key}. */
  public boolean isWriterOfKey(Address account, Hash stream, byte[] key, long version) {
    return latestOp(aclKey('S', stream, account, key), version) == Type.GRANT_SPECIAL_WRITER;
  }

  /**
   * 0G's write rule: anyone on a new stream; an admin always; otherwise a special key needs its
   * special writer and a normal key a writer of the stream.
   */
  public boolean hasWritePermission(Address account, Hash stream, byte[] key, long version) {
    if (isNewStream(stream, version) || isAdmin(account, stream, version)) {
      return true;
    }
    return isSpecialKey(stream, key, version)
        ? isWriterOfKey(account, stream, key, version)
        : isWriterOfStream(account, stream, version);
  }

  /**
   * 0G's "can write at all" test made before a batch is replayed: the stream is new, or the
   * account is its admin, a writer of it, or a special writer of at least one of its keys.
   */
  public boolean canWrite(Address account, Hash stream, long version) {
    return isNewStream(stream, version) || isAdmin(account, stream, version)
        || isWriterOfStream(account, stream, version)
        || isSpecialWriterOfAnyKey(account, stream, version);
  }

  private boolean isSpecialWriterOfAnyKey(Address account, Hash stream, long version) {
    byte[] prefix = aclKey('S', stream, account, null);
    byte[] group = null;
    boolean decided = false;
    try (KeyValueCursor c = kv.cursor(ACL, KeyRange.between(prefix, successor(prefix)))) {
      while (c.next()) {
        byte[] k = c.key();
        // entries of one key are adjacent, newest first; the first at or below version counts
        byte[] escapedKey = Arrays.copyOfRange(k, prefix.length, k.length - 8);
        if (group == null || !Arrays.equals(group, escapedKey)) {
          group = escapedKey;
          decided = false;
        }
        if (decided || Long.compareUnsigned(version(k), version) > 0) {
          continue;
        }
        decided = true;
        if (Type.ofCode(c.value()[0] & 0xff) == Type.GRANT_SPECIAL_WRITER) {
          return true;
        }
      }
    }
    return false;
  }

  private Type latestOp(byte[] prefix, long version) {
    byte[] from = concat(prefix, longBytes(~version));
    try (KeyValueCursor c = kv.cursor(ACL, KeyRange.between(from, successor(prefix)))) {
      return c.next() ? Type.ofCode(c.value()[0] & 0xff) : null;
    }
  }

  /** {@code kind ‖ stream ‖ [account] ‖ [escaped key]}; ~version is appended per operation. */
  private static byte[] aclKey(char kind, Hash stream, Address account, byte[] key) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(kind);
    out.writeBytes(stream.toArray());
    if (account != null) {
      out.writeBytes(account.toArray());
    }
    if (key != null) {
      out.writeBytes(escape(key));
    }
    return out.toByteArray();
  }

  /**
   * An access-control operation as it takes effect: renounces carry the sender as their
   * account, and a key is null for the kinds that take none.
   */
  record AclOp(Type type, Hash streamId, byte[] key, Address account) {}

  private static byte[] aclKey(AclOp op) {
    return switch (op.type()) {
      case GRANT_ADMIN, RENOUNCE_ADMIN -> aclKey('A', op.streamId(), op.account(), null);
      case SET_KEY_TO_SPECIAL, SET_KEY_TO_NORMAL -> aclKey('K', op.streamId(), null, op.key());
      case GRANT_WRITER, REVOKE_WRITER, RENOUNCE_WRITER ->
          aclKey('W', op.streamId(), op.account(), null);
      case GRANT_SPECIAL_WRITER, REVOKE_SPECIAL_WRITER, RENOUNCE_SPECIAL_WRITER ->
          aclKey('S', op.streamId(), op.account(), op.key());
    };
  }

  /** Commits a batch's writes at version {@code txSeq} with its result and the progress. */
  void commit(long txSeq, StreamData data) {
    commit(txSeq, data, List.of());
  }

  /**
   * Commits a batch's writes and its effective access-control operations (renounces already
   * carry the sender as their account) at version {@code txSeq}, with its result and the
   * progress, in one atomic write.
   */
  void commit(long txSeq, StreamData data, List<AclOp> acl) {
    try (WriteBatch batch = kv.newBatch()) {
      for (AclOp op : acl) {
        batch.put(ACL, concat(aclKey(op), longBytes(~txSeq)), new byte[] {(byte) op.type().code()});
        byte[] marker = concat(new byte[] {'N'}, op.streamId().toArray());
        if (kv.get(ACL, marker).isEmpty()) {
          batch.put(ACL, marker, longBytes(txSeq));
        }
      }
      for (StreamData.Write w : data.writes()) {
        batch.put(VALUES, concat(keyPrefix(w.streamId(), w.key()), longBytes(~txSeq)),
            w.value());
        batch.put(STREAMS, w.streamId().toArray(), new byte[0]);
      }
      batch.put(RESULTS, seqKey(txSeq), "Commit".getBytes(StandardCharsets.UTF_8));
      batch.put(META, NEXT_KEY, longBytes(txSeq + 1));
      batch.commit();
    }
  }

  /** Records an entry that was not applied ({@code result} null: not a KV entry at all). */
  void skip(long txSeq, String result) {
    try (WriteBatch batch = kv.newBatch()) {
      if (result != null) {
        batch.put(RESULTS, seqKey(txSeq), result.getBytes(StandardCharsets.UTF_8));
      }
      batch.put(META, NEXT_KEY, longBytes(txSeq + 1));
      batch.commit();
    }
  }

  @Override
  public void close() {
    kv.close();
  }

  /** A key's value at a version. */
  public record Versioned(byte[] key, byte[] value, long version) {}

  static byte[] keyPrefix(Hash stream, byte[] key) {
    return concat(stream.toArray(), escape(key));
  }

  /** 0x00 becomes 0x00 0xFF and the end is 0x00 0x01: prefix-free, order-preserving. */
  private static byte[] escape(byte[] key) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(key.length + 8);
    for (byte b : key) {
      out.write(b);
      if (b == 0) {
        out.write(0xff);
      }
    }
    out.write(0);
    out.write(1);
    return out.toByteArray();
  }

  private static byte[] userKey(byte[] storeKey) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 32;
    while (true) {
      byte b = storeKey[i];
      if (b == 0) {
        if (storeKey[i + 1] == 1) {
          return out.toByteArray();
        }
        i += 2;
        out.write(0);
      } else {
        out.write(b);
        i++;
      }
    }
  }

  private static long version(byte[] storeKey) {
    return ~ByteBuffer.wrap(storeKey, storeKey.length - 8, 8).getLong();
  }

  private static byte[] successor(byte[] prefix) {
    byte[] s = prefix.clone();
    for (int i = s.length - 1; i >= 0; i--) {
      if (s[i] != (byte) 0xff) {
        s[i]++;
        return Arrays.copyOf(s, i + 1);
      }
    }
    return concat(prefix, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
  }

  private static byte[] seqKey(long txSeq) {
    return longBytes(txSeq);
  }

  private static byte[] longBytes(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
