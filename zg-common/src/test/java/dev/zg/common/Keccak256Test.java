package dev.zg.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;

class Keccak256Test {

  private static byte[] reference(byte[] data, int offset, int length) {
    KeccakDigest digest = new KeccakDigest(256);
    digest.update(data, offset, length);
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  @Test
  void knownVectors() {
    assertThat(Hex.encode(Keccak256.hash(new byte[0])))
        .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    assertThat(Hex.encode(Keccak256.hash("abc".getBytes())))
        .isEqualTo("4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  }

  @Test
  void equalsBouncyCastleOnEveryLengthUpTo2000() {
    SplittableRandom random = new SplittableRandom(1);
    for (int length = 0; length <= 2000; length++) {
      byte[] data = new byte[length + 7];
      random.nextBytes(data);
      int offset = length % 7;
      assertThat(Keccak256.hash(data, offset, length))
          .as("length %d", length)
          .isEqualTo(reference(data, offset, length));
    }
  }

  @Test
  void equalsBouncyCastleOnLargeInputs() {
    SplittableRandom random = new SplittableRandom(2);
    for (int length : new int[] {1 << 20, (1 << 20) + 135, 10 * (1 << 20) + 3}) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      assertThat(Keccak256.hash(data)).as("length %d", length).isEqualTo(reference(data, 0, length));
    }
  }

  @Test
  void streamingWithRandomSplitsEqualsOneShot() {
    SplittableRandom random = new SplittableRandom(3);
    Keccak256 hasher = new Keccak256();
    for (int trial = 0; trial < 300; trial++) {
      byte[] data = new byte[random.nextInt(3000)];
      random.nextBytes(data);
      int p = 0;
      while (p < data.length) {
        if (random.nextInt(10) == 0) {
          hasher.update(data[p++]);
          continue;
        }
        int n = Math.min(data.length - p, random.nextInt(300));
        hasher.update(data, p, n);
        p += n;
      }
      assertThat(hasher.digest()).isEqualTo(Keccak256.hash(data));
    }
  }

  @Test
  void writesIntoCallerBuffer() {
    byte[] out = new byte[40];
    Keccak256.hash("abc".getBytes(), 0, 3, out, 5);
    byte[] expected = Keccak256.hash("abc".getBytes());
    assertThat(java.util.Arrays.copyOfRange(out, 5, 37)).isEqualTo(expected);
  }
}
