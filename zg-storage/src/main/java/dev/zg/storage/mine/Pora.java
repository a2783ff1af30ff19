package dev.zg.storage.mine;

import dev.zg.common.Keccak256;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * 0G's Proof of Random Access, the miner's side (spec/storage.md §3): sealing 4 KiB of flow
 * data with a miner id, the scratchpad and recall seed of one nonce, the recall position, the
 * quality of each sealed 4 KiB against the pad, and the target bound. PoraMine on chain checks
 * exactly these steps again. Stateless and thread-safe.
 */
public final class Pora {
  /** Bytes of one seal (16 sectors); the unit the contract unseals and proves. */
  public static final int SEAL_BYTES = 4096;
  /** Sectors per seal. */
  public static final int SEAL_SECTORS = 16;
  /** Seals in one loaded 256 KiB segment. */
  public static final int SEALS_PER_SEGMENT = 64;
  private static final int WORDS = SEAL_BYTES / 32;
  private static final int CELLS = 256;
  private static final int CELL_BYTES = 64;
  /** The pad is used in 4 parts of 64 cells, one per seal offset mod 4. */
  private static final int PAD_PART_BYTES = SEAL_BYTES;

  private Pora() {}

  /**
   * Seals 4 KiB at flow sector {@code startSector}: word 0 is XORed with keccak(minerId ‖
   * sealContextDigest ‖ startSector), each later word with keccak of the sealed word before it.
   */
  public static byte[] seal(byte[] data, byte[] minerId, byte[] sealContextDigest,
      long startSector) {
    check(data, SEAL_BYTES, "data");
    check(minerId, 32, "minerId");
    check(sealContextDigest, 32, "sealContextDigest");
    byte[] sealed = new byte[SEAL_BYTES];
    byte[] mask = keccak(minerId, sealContextDigest, word(BigInteger.valueOf(startSector)));
    for (int w = 0; w < WORDS; w++) {
      for (int b = 0; b < 32; b++) {
        sealed[32 * w + b] = (byte) (data[32 * w + b] ^ mask[b]);
      }
      mask = Keccak256.hash(sealed, 32 * w, 32);
    }
    return sealed;
  }

  /** The inverse of {@link #seal}. */
  public static byte[] unseal(byte[] sealed, byte[] minerId, byte[] sealContextDigest,
      long startSector) {
    check(sealed, SEAL_BYTES, "sealed");
    byte[] data = new byte[SEAL_BYTES];
    byte[] mask = keccak(minerId, sealContextDigest, word(BigInteger.valueOf(startSector)));
    for (int w = 0; w < WORDS; w++) {
      for (int b = 0; b < 32; b++) {
        data[32 * w + b] = (byte) (sealed[32 * w + b] ^ mask[b]);
      }
      mask = Keccak256.hash(sealed, 32 * w, 32);
    }
    return data;
  }

  /** keccak of the recall range's four values, each a 32-byte word. */
  public static byte[] rangeDigest(long startPosition, long mineLength, long shardId,
      BigInteger shardMask) {
    return keccak(word(BigInteger.valueOf(startPosition)), word(BigInteger.valueOf(mineLength)),
        word(BigInteger.valueOf(shardId)), word(shardMask));
  }

  /** The scratchpad of one nonce and the recall seed it ends with. */
  public record Pad(byte[] padSeed, byte[] cells, byte[] recallSeed) {
    /** The 4 KiB part of the pad that seal {@code offset} is mixed with. */
    public byte[] part(int offset) {
      int p = Math.floorMod(offset, 4);
      return Arrays.copyOfRange(cells, PAD_PART_BYTES * p, PAD_PART_BYTES * (p + 1));
    }
  }

  /** padSeed = Blake2b-512(minerId ‖ nonce ‖ subtaskDigest ‖ rangeDigest), then 256 cells. */
  public static Pad pad(byte[] minerId, byte[] nonce, byte[] subtaskDigest, byte[] rangeDigest) {
    check(minerId, 32, "minerId");
    check(nonce, 32, "nonce");
    check(subtaskDigest, 32, "subtaskDigest");
    check(rangeDigest, 32, "rangeDigest");
    byte[] padSeed = blake2b(ByteBuffer.allocate(128).put(minerId).put(nonce)
        .put(subtaskDigest).put(rangeDigest).array());
    byte[] a = Arrays.copyOfRange(padSeed, 0, 32);
    byte[] b = Arrays.copyOfRange(padSeed, 32, 64);
    byte[] cells = new byte[CELLS * CELL_BYTES];
    for (int cell = 0; cell < CELLS; cell++) {
      a = keccak(a, b);
      b = keccak(a, b);
      System.arraycopy(a, 0, cells, CELL_BYTES * cell, 32);
      System.arraycopy(b, 0, cells, CELL_BYTES * cell + 32, 32);
    }
    return new Pad(padSeed, cells, keccak(a, b));
  }

  /**
   * The segment loaded for a recall seed: ((seed mod (mineLength / 1024)) & shardMask) |
   * shardId, counted in segments from the range start.
   */
  public static long loadIndex(byte[] recallSeed, long mineLength, long shardId,
      BigInteger shardMask) {
    long segments = mineLength / 1024;
    if (segments < 1) {
      throw new IllegalArgumentException("mine length below one segment: " + mineLength);
    }
    BigInteger index = new BigInteger(1, recallSeed).mod(BigInteger.valueOf(segments))
        .and(shardMask).or(BigInteger.valueOf(shardId));
    return index.longValueExact();
  }

  /** Quality: the first 32 bytes of Blake2b-512(offset ‖ padSeed ‖ 32 zero bytes ‖ mixed). */
  public static BigInteger quality(Pad pad, int sealOffset, byte[] sealed) {
    check(sealed, SEAL_BYTES, "sealed");
    byte[] part = pad.part(sealOffset);
    ByteBuffer input = ByteBuffer.allocate(SEAL_BYTES + 128)
        .put(word(BigInteger.valueOf(sealOffset))).put(pad.padSeed()).put(new byte[32]);
    for (int i = 0; i < SEAL_BYTES; i++) {
      input.put((byte) (sealed[i] ^ part[i]));
    }
    return new BigInteger(1, Arrays.copyOf(blake2b(input.array()), 32));
  }

  /**
   * The bound a quality must not exceed: (poraTarget / scale) << 64 with scale =
   * (min(flowLength, 2^35) << 64) / min(flowLength / numShards, 2^35).
   */
  public static BigInteger bound(BigInteger poraTarget, long flowLength, long numShards) {
    BigInteger cap = BigInteger.ONE.shiftLeft(35);
    BigInteger length = BigInteger.valueOf(flowLength);
    BigInteger scale = length.min(cap).shiftLeft(64)
        .divide(length.divide(BigInteger.valueOf(numShards)).min(cap));
    return poraTarget.divide(scale).shiftLeft(64);
  }

  static byte[] word(BigInteger value) {
    byte[] w = new byte[32];
    byte[] raw = value.toByteArray();
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, w, 32 - n, n);
    return w;
  }

  static byte[] keccak(byte[]... parts) {
    Keccak256 k = new Keccak256();
    for (byte[] p : parts) {
      k.update(p);
    }
    return k.digest();
  }

  static byte[] blake2b(byte[] input) {
    Blake2bDigest d = new Blake2bDigest(512);
    d.update(input, 0, input.length);
    byte[] out = new byte[64];
    d.doFinal(out, 0);
    return out;
  }

  private static void check(byte[] value, int length, String name) {
    Objects.requireNonNull(value, name);
    if (value.length != length) {
      throw new IllegalArgumentException(name + " must be " + length + " bytes, got "
          + value.length);
    }
  }
}
