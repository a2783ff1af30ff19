package dev.zg.storage.log;

import java.util.BitSet;

/**
 * What a node holds of one entry: the segments stored (a bitmap over the file's data segments)
 * and whether every segment of its shard is there ({@code finalized}).
 */
public record FileProgress(boolean finalized, long storedSegments, BitSet stored) {
  public FileProgress {
    stored = (BitSet) stored.clone();
  }

  public static FileProgress empty() {
    return new FileProgress(false, 0, new BitSet());
  }

  public boolean has(long index) {
    return index >= 0 && index <= Integer.MAX_VALUE && stored.get((int) index);
  }

  @Override
  public BitSet stored() {
    return (BitSet) stored.clone();
  }

  byte[] encode() {
    byte[] bits = stored.toByteArray();
    byte[] out = new byte[9 + bits.length];
    out[0] = (byte) (finalized ? 1 : 0);
    Codec.putLong(out, 1, storedSegments);
    System.arraycopy(bits, 0, out, 9, bits.length);
    return out;
  }

  static FileProgress decode(byte[] in) {
    byte[] bits = java.util.Arrays.copyOfRange(in, 9, in.length);
    return new FileProgress(in[0] == 1, Codec.getLong(in, 1), BitSet.valueOf(bits));
  }
}
