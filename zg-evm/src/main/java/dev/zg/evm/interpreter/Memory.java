package dev.zg.evm.interpreter;

import java.util.Arrays;

/**
 * A frame's byte-addressed memory. Its size is always a whole number of 32-byte words and
 * only grows. Expansion gas is computed here; callers charge it before touching memory.
 */
public final class Memory {
  /** Past this many bytes expansion gas exceeds any gas limit, so larger requests just fail. */
  static final long MAX_BYTES = 1L << 32;

  private byte[] data;
  private int size;

  Memory() {
    data = new byte[1024];
  }

  /** Clears the memory for reuse by a new frame. */
  void reset() {
    Arrays.fill(data, 0, size, (byte) 0);
    size = 0;
  }

  public int size() {
    return size;
  }

  byte[] data() {
    return data;
  }

  /** A copy of the memory's contents, for tracers. */
  public byte[] snapshot() {
    return Arrays.copyOf(data, size);
  }

  /**
   * Gas to grow memory so that {@code [offset, offset + length)} is inside it; zero when it
   * already is or when length is zero. Returns {@link Long#MAX_VALUE} when the range is so
   * large that no gas limit could pay for it.
   */
  long expansionGas(long offset, long length) {
    if (length == 0) {
      return 0;
    }
    if (offset < 0 || length < 0 || offset >= MAX_BYTES || length >= MAX_BYTES) {
      return Long.MAX_VALUE;
    }
    long end = offset + length;
    if (end <= size) {
      return 0;
    }
    long newWords = GasCosts.words(end);
    return GasCosts.memoryCost(newWords) - GasCosts.memoryCost(size >>> 5);
  }

  /** Grows memory to cover {@code [offset, offset + length)}; gas must already be charged. */
  void expand(long offset, long length) {
    if (length == 0) {
      return;
    }
    long end = offset + length;
    if (end <= size) {
      return;
    }
    int newSize = (int) (GasCosts.words(end) << 5);
    if (newSize > data.length) {
      data = Arrays.copyOf(data, Math.max(newSize, Math.min(data.length * 2, Integer.MAX_VALUE - 64)));
    }
    size = newSize;
  }

  /** Copies {@code length} bytes of {@code src} from {@code srcOffset} (zero past its end). */
  void write(int offset, byte[] src, long srcOffset, int length) {
    if (length == 0) {
      return;
    }
    int available = srcOffset >= src.length ? 0 : (int) Math.min(length, src.length - srcOffset);
    if (available > 0) {
      System.arraycopy(src, (int) srcOffset, data, offset, available);
    }
    if (available < length) {
      Arrays.fill(data, offset + available, offset + length, (byte) 0);
    }
  }

  byte[] read(int offset, int length) {
    return length == 0 ? new byte[0] : Arrays.copyOfRange(data, offset, offset + length);
  }

  void copyWithin(int from, int to, int length) {
    System.arraycopy(data, from, data, to, length);
  }
}
