package dev.zg.storage.kv;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * 0G's KV write-batch encoding, big-endian (spec/storage.md §6, sdk-compat A9):
 * <pre>
 * version u64
 * reads    u32 n, n × [streamId 32 ‖ keyLen u24 ‖ key]
 * writes   u32 n, n × [streamId 32 ‖ keyLen u24 ‖ key ‖ valueLen u64]
 * values   every write's value, concatenated in write order
 * controls u32 n, n × [type u8 ‖ streamId 32 ‖ (keyLen u24 ‖ key)? ‖ (account 20)?]
 * </pre>
 * The decoder is strict: every length is checked against the bytes left and the limits of
 * {@link StreamData}, unknown control types and trailing bytes are errors.
 */
public final class StreamDataCodec {

  private StreamDataCodec() {}

  /** The encoded size, computed without encoding (for the 2 GiB array limit). */
  public static long encodedLength(StreamData data) {
    long n = 8 + 4 + 4 + 4;
    for (StreamData.Read r : data.reads()) {
      n += 32 + 3 + r.key().length;
    }
    for (StreamData.Write w : data.writes()) {
      n += 32 + 3 + w.key().length + 8 + w.value().length;
    }
    for (StreamData.AccessControl c : data.controls()) {
      n += 1 + 32 + (c.type().hasKey() ? 3 + c.key().length : 0)
          + (c.type().hasAccount() ? Address.LENGTH : 0);
    }
    return n;
  }

  public static byte[] encode(StreamData data) {
    long length = encodedLength(data);
    if (length > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("batch of " + length + " bytes is too large to encode");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream((int) length);
    putLong(out, data.version());
    putInt(out, data.reads().size());
    for (StreamData.Read r : data.reads()) {
      out.writeBytes(r.streamId().toArray());
      putKey(out, r.key());
    }
    putInt(out, data.writes().size());
    for (StreamData.Write w : data.writes()) {
      out.writeBytes(w.streamId().toArray());
      putKey(out, w.key());
      putLong(out, w.value().length);
    }
    for (StreamData.Write w : data.writes()) {
      out.writeBytes(w.value());
    }
    putInt(out, data.controls().size());
    for (StreamData.AccessControl c : data.controls()) {
      out.write(c.type().code());
      out.writeBytes(c.streamId().toArray());
      if (c.type().hasKey()) {
        putKey(out, c.key());
      }
      if (c.type().hasAccount()) {
        out.writeBytes(c.account().toArray());
      }
    }
    return out.toByteArray();
  }

  /** Decodes a whole batch. */
  public static StreamData decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    long version = take(in, 8, "version").getLong();
    int nReads = count(in, "reads");
    List<StreamData.Read> reads = new ArrayList<>(Math.min(nReads, 1024));
    for (int i = 0; i < nReads; i++) {
      Hash stream = hash(in, "read " + i);
      reads.add(new StreamData.Read(stream, key(in, "read " + i)));
    }
    int nWrites = count(in, "writes");
    List<Hash> streams = new ArrayList<>(Math.min(nWrites, 1024));
    List<byte[]> keys = new ArrayList<>(Math.min(nWrites, 1024));
    long[] sizes = new long[nWrites];
    for (int i = 0; i < nWrites; i++) {
      streams.add(hash(in, "write " + i));
      keys.add(key(in, "write " + i));
      long size = take(in, 8, "write " + i + " value length").getLong();
      if (size < 0 || size > in.remaining()) {
        throw new MalformedBatchException("write " + i + " declares a value of "
            + Long.toUnsignedString(size) + " bytes, only " + in.remaining() + " bytes left");
      }
      sizes[i] = size;
    }
    List<StreamData.Write> writes = new ArrayList<>(nWrites);
    for (int i = 0; i < nWrites; i++) {
      byte[] value = new byte[(int) sizes[i]];
      take(in, value.length, "write " + i + " value").get(value);
      writes.add(new StreamData.Write(streams.get(i), keys.get(i), value));
    }
    int nControls = count(in, "access controls");
    List<StreamData.AccessControl> controls = new ArrayList<>(Math.min(nControls, 1024));
    for (int i = 0; i < nControls; i++) {
      int code = take(in, 1, "access control " + i + " type").get() & 0xff;
      StreamData.AccessControl.Type type = StreamData.AccessControl.Type.ofCode(code);
      if (type == null) {
        throw new MalformedBatchException(
            "access control " + i + " has unknown type 0x" + Integer.toHexString(code));
      }
      Hash stream = hash(in, "access control " + i);
      byte[] key = type.hasKey() ? key(in, "access control " + i) : null;
      Address account = null;
      if (type.hasAccount()) {
        byte[] a = new byte[Address.LENGTH];
        take(in, Address.LENGTH, "access control " + i + " account").get(a);
        account = Address.wrap(a);
      }
      controls.add(new StreamData.AccessControl(type, stream, key, account));
    }
    if (in.hasRemaining()) {
      throw new MalformedBatchException(in.remaining() + " trailing bytes after the batch");
    }
    return new StreamData(version, reads, writes, controls);
  }

  private static ByteBuffer take(ByteBuffer in, int n, String what) {
    if (in.remaining() < n) {
      throw new MalformedBatchException(
          "truncated at " + what + ": need " + n + " bytes, " + in.remaining() + " left");
    }
    return in;
  }

  private static int count(ByteBuffer in, String what) {
    long n = Integer.toUnsignedLong(take(in, 4, what + " count").getInt());
    if (n > StreamData.MAX_SET_SIZE) {
      throw new MalformedBatchException(
          "too many " + what + ": " + n + " (at most " + StreamData.MAX_SET_SIZE + ")");
    }
    return (int) n;
  }

  private static Hash hash(ByteBuffer in, String what) {
    byte[] h = new byte[32];
    take(in, 32, what + " stream id").get(h);
    return Hash.wrap(h);
  }

  private static byte[] key(ByteBuffer in, String what) {
    ByteBuffer b = take(in, 3, what + " key length");
    int len = ((b.get() & 0xff) << 16) | ((b.get() & 0xff) << 8) | (b.get() & 0xff);
    if (len == 0) {
      throw new MalformedBatchException(what + " has an empty key");
    }
    byte[] key = new byte[len];
    take(in, len, what + " key").get(key);
    return key;
  }

  private static void putLong(ByteArrayOutputStream out, long v) {
    for (int s = 56; s >= 0; s -= 8) {
      out.write((int) (v >>> s));
    }
  }

  private static void putInt(ByteArrayOutputStream out, int v) {
    for (int s = 24; s >= 0; s -= 8) {
      out.write(v >>> s);
    }
  }

  private static void putKey(ByteArrayOutputStream out, byte[] key) {
    out.write(key.length >>> 16);
    out.write(key.length >>> 8);
    out.write(key.length);
    out.writeBytes(key);
  }

  /** A batch that does not follow 0G's encoding. */
  public static final class MalformedBatchException extends IllegalArgumentException {
    public MalformedBatchException(String message) {
      super("malformed KV batch: " + message);
    }
  }
}
