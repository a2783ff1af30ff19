package dev.zg.storage.kv;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One KV write batch as 0G puts it into the log: the version it was built against (the
 * optimistic-concurrency check; 2^64 − 1, i.e. {@code -1L}, means "latest"), the keys it read,
 * the keys it writes with their values, and access-control operations. Encoded by
 * {@link StreamDataCodec}. Lists are copied; byte arrays are copied in and out.
 */
public record StreamData(long version, List<Read> reads, List<Write> writes,
    List<AccessControl> controls) {

  /** 2^64 − 1 as an unsigned u64: 0G's CLI default, never conflicts. */
  public static final long LATEST = -1L;
  /** At most this many entries in each of the three sets. */
  public static final int MAX_SET_SIZE = 65_536;
  /** A key is 1 to 2^24 − 1 bytes (its length is a u24). */
  public static final int MAX_KEY_BYTES = (1 << 24) - 1;

  public StreamData {
    reads = List.copyOf(reads);
    writes = List.copyOf(writes);
    controls = List.copyOf(controls);
    checkSize("reads", reads.size());
    checkSize("writes", writes.size());
    checkSize("access controls", controls.size());
  }

  private static void checkSize(String what, int n) {
    if (n > MAX_SET_SIZE) {
      throw new IllegalArgumentException(
          "too many " + what + ": " + n + " (at most " + MAX_SET_SIZE + ")");
    }
  }

  static byte[] checkKey(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length == 0) {
      throw new IllegalArgumentException("empty key");
    }
    if (key.length > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(
          "key of " + key.length + " bytes (at most " + MAX_KEY_BYTES + ")");
    }
    return key.clone();
  }

  /** A key read by the batch (its version is checked at replay). */
  public record Read(Hash streamId, byte[] key) {
    public Read {
      Objects.requireNonNull(streamId, "streamId");
      key = checkKey(key);
    }

    @Override
    public byte[] key() {
      return key.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Read r && r.streamId.equals(streamId) && Arrays.equals(r.key, key);
    }

    @Override
    public int hashCode() {
      return 31 * streamId.hashCode() + Arrays.hashCode(key);
    }

    @Override
    public String toString() {
      return "Read[" + streamId + ", 0x" + HexFormat.of().formatHex(key) + "]";
    }
  }

  /** A key written by the batch with its new value (possibly empty). */
  public record Write(Hash streamId, byte[] key, byte[] value) {
    public Write {
      Objects.requireNonNull(streamId, "streamId");
      key = checkKey(key);
      value = Objects.requireNonNull(value, "value").clone();
    }

    @Override
    public byte[] key() {
      return key.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Write w && w.streamId.equals(streamId) && Arrays.equals(w.key, key)
          && Arrays.equals(w.value, value);
    }

    @Override
    public int hashCode() {
      return (31 * streamId.hashCode() + Arrays.hashCode(key)) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "Write[" + streamId + ", 0x" + HexFormat.of().formatHex(key) + ", "
          + value.length + " bytes]";
    }
  }

  /**
   * An access-control operation. Which of {@code key} and {@code account} are present is fixed
   * by the {@link AccessControl.Type}; the absent one is null.
   */
  public record AccessControl(Type type, Hash streamId, byte[] key, Address account) {
    public AccessControl {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(streamId, "streamId");
      if (type.hasKey()) {
        key = checkKey(key);
      } else if (key != null) {
        throw new IllegalArgumentException(type + " takes no key");
      }
      if (type.hasAccount()) {
        Objects.requireNonNull(account, type + " needs an account");
      } else if (account != null) {
        throw new IllegalArgumentException(type + " takes no account");
      }
    }

    @Override
    public byte[] key() {
      return key == null ? null : key.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof AccessControl a && a.type == type && a.streamId.equals(streamId)
          && Arrays.equals(a.key, key) && Objects.equals(a.account, account);
    }

    @Override
    public int hashCode() {
      return Objects.hash(type, streamId, Arrays.hashCode(key), account);
    }

    @Override
    public String toString() {
      return "AccessControl[" + type + ", " + streamId
          + (key == null ? "" : ", 0x" + HexFormat.of().formatHex(key))
          + (account == null ? "" : ", " + account) + "]";
    }

    /** 0G's operation codes and which fields follow each. */
    public enum Type {
      GRANT_ADMIN(0x00, false, true),
      RENOUNCE_ADMIN(0x01, false, false),
      SET_KEY_TO_SPECIAL(0x10, true, false),
      SET_KEY_TO_NORMAL(0x11, true, false),
      GRANT_WRITER(0x20, false, true),
      REVOKE_WRITER(0x21, false, true),
      RENOUNCE_WRITER(0x22, false, false),
      GRANT_SPECIAL_WRITER(0x30, true, true),
      REVOKE_SPECIAL_WRITER(0x31, true, true),
      RENOUNCE_SPECIAL_WRITER(0x32, true, false);

      private final int code;
      private final boolean hasKey;
      private final boolean hasAccount;

      Type(int code, boolean hasKey, boolean hasAccount) {
        this.code = code;
        this.hasKey = hasKey;
        this.hasAccount = hasAccount;
      }

      public int code() {
        return code;
      }

      public boolean hasKey() {
        return hasKey;
      }

      public boolean hasAccount() {
        return hasAccount;
      }

      /** The type of a code, or null when 0G defines none. */
      public static Type ofCode(int code) {
        for (Type t : values()) {
          if (t.code == code) {
            return t;
          }
        }
        return null;
      }
    }
  }
}
