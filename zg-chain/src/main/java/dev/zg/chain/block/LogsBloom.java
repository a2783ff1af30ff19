package dev.zg.chain.block;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.Keccak256;
import dev.zg.evm.state.Log;
import java.util.Arrays;

/**
 * The 2048-bit log bloom of receipts and headers (Yellow Paper 4.3.1, M3:2048): each address
 * and topic sets three bits, chosen by the low 11 bits of the first three byte pairs of its
 * Keccak-256. A bloom can say "maybe" wrongly but never "no" wrongly, so {@code eth_getLogs}
 * skips blocks whose header bloom rules a filter out. Immutable; build with {@link Builder}.
 */
public final class LogsBloom {
  public static final int BYTES = 256;
  public static final LogsBloom EMPTY = new LogsBloom(new byte[BYTES]);

  private final byte[] bits;

  private LogsBloom(byte[] bits) {
    this.bits = bits;
  }

  public static LogsBloom wrap(byte[] bytes) {
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException("a logs bloom is 256 bytes, got " + bytes.length);
    }
    return new LogsBloom(bytes.clone());
  }

  public static LogsBloom of(Iterable<Log> logs) {
    Builder builder = new Builder();
    for (Log log : logs) {
      builder.add(log);
    }
    return builder.build();
  }

  /** False only when {@code address} was certainly never added. */
  public boolean mayContain(Address address) {
    return mayContainValue(address.bytesUnsafe());
  }

  /** False only when {@code topic} was certainly never added. */
  public boolean mayContain(Hash topic) {
    return mayContainValue(topic.bytesUnsafe());
  }

  /** True when every bit set in {@code other} is set here. */
  public boolean containsAll(LogsBloom other) {
    for (int i = 0; i < BYTES; i++) {
      if ((bits[i] & other.bits[i]) != other.bits[i]) {
        return false;
      }
    }
    return true;
  }

  public boolean isEmpty() {
    return Arrays.equals(bits, EMPTY.bits);
  }

  public byte[] toArray() {
    return bits.clone();
  }

  /** The 256 bytes without copying; callers must not modify them. */
  public byte[] bytesUnsafe() {
    return bits;
  }

  private boolean mayContainValue(byte[] value) {
    byte[] hash = Keccak256.hash(value);
    for (int i = 0; i < 6; i += 2) {
      int bit = ((hash[i] & 0xff) << 8 | (hash[i + 1] & 0xff)) & 2047;
      if ((bits[BYTES - 1 - bit / 8] & (1 << (bit % 8))) == 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LogsBloom b && Arrays.equals(bits, b.bits);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bits);
  }

  @Override
  public String toString() {
    return Hex.prefixed(bits);
  }

  /** Accumulates addresses, topics, logs and other blooms. Not thread-safe. */
  public static final class Builder {
    private final byte[] bits = new byte[BYTES];
    private final byte[] hash = new byte[32];

    public Builder add(Log log) {
      add(log.address());
      for (Hash topic : log.topics()) {
        add(topic);
      }
      return this;
    }

    public Builder add(Address address) {
      return addValue(address.bytesUnsafe());
    }

    public Builder add(Hash topic) {
      return addValue(topic.bytesUnsafe());
    }

    /** Bitwise OR: a block's bloom is the OR of its receipts' blooms. */
    public Builder or(LogsBloom other) {
      for (int i = 0; i < BYTES; i++) {
        bits[i] |= other.bits[i];
      }
      return this;
    }

    public LogsBloom build() {
      return new LogsBloom(bits.clone());
    }

    private Builder addValue(byte[] value) {
      Keccak256.hash(value, 0, value.length, hash, 0);
      for (int i = 0; i < 6; i += 2) {
        int bit = ((hash[i] & 0xff) << 8 | (hash[i + 1] & 0xff)) & 2047;
        bits[BYTES - 1 - bit / 8] |= (byte) (1 << (bit % 8));
      }
      return this;
    }
  }
}
