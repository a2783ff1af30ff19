package dev.zg.storage.merkle;

import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Test data and an independent oracle: the promoted tree over every padded chunk at once. */
final class TestFiles {
  private TestFiles() {}

  /** Byte i = i mod {@code modulus}, the pattern of the spec's computed vectors. */
  static byte[] pattern(int size, int modulus) {
    byte[] data = new byte[size];
    for (int i = 0; i < size; i++) {
      data[i] = (byte) (i % modulus);
    }
    return data;
  }

  static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new SplittableRandom(seed).nextBytes(data);
    return data;
  }

  /** The flat tree over all padded chunks: no segments, no streaming, no fold. */
  static MerkleTree flatTree(byte[] data) {
    FileLayout layout = FileLayout.of(data.length);
    List<Hash> leaves = new ArrayList<>();
    byte[] chunk = new byte[StorageSpec.CHUNK_BYTES];
    for (long i = 0; i < layout.paddedChunks(); i++) {
      java.util.Arrays.fill(chunk, (byte) 0);
      int from = (int) Math.min(data.length, i * StorageSpec.CHUNK_BYTES);
      int to = (int) Math.min(data.length, from + StorageSpec.CHUNK_BYTES);
      System.arraycopy(data, from, chunk, 0, to - from);
      leaves.add(Hash.adopt(Keccak256.hash(chunk)));
    }
    return MerkleTree.of(leaves);
  }
}
