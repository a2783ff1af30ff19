package dev.zg.storage.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Hash;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Flow contract's SubmissionLibrary.valid, case by case. */
class SubmissionTest {
  private static final Hash R = ZeroHashes.of(0);

  private static Submission of(long length, int... heights) {
    return new Submission(length, java.util.Arrays.stream(heights)
        .mapToObj(h -> new SubmissionNode(R, h)).toList());
  }

  @Test
  void validity() {
    assertThat(of(1, 0).isValid()).isTrue();
    assertThat(of(257, 1).isValid()).isTrue();
    assertThat(of(256, 1).isValid()).as("one chunk needs no second").isFalse();
    assertThat(of(26 * 256, 4, 3, 1).isValid()).isTrue();
    assertThat(of(4097, 4, 1).isValid()).isTrue();
    assertThat(of(4096, 4, 1).isValid()).as("padding beyond the minimum").isFalse();
    assertThat(of(18 * 256 + 1, 4, 1).isValid()).as("more than the capacity").isFalse();
    assertThat(of(1, 1, 1).isValid()).isFalse();
    assertThat(of(1, 1, 2).isValid()).isFalse();
    assertThat(of(1, 5, 1).isValid()).as("span of four levels").isFalse();
    assertThat(new Submission(1, List.of()).isValid()).isFalse();
    assertThat(of(1L << 40, 32).isValid()).isTrue();
    assertThat(of((1L << 40) - (1L << 36) * 1, 32).isValid()).isFalse();
  }

  @Test
  void digestIsKeccakOfThePackedRoots() {
    Submission s = new Submission(1, List.of(new SubmissionNode(ZeroHashes.of(3), 3),
        new SubmissionNode(ZeroHashes.of(1), 1)));
    byte[] packed = new byte[64];
    System.arraycopy(ZeroHashes.of(3).bytesUnsafe(), 0, packed, 0, 32);
    System.arraycopy(ZeroHashes.of(1).bytesUnsafe(), 0, packed, 32, 32);
    assertThat(s.digest()).isEqualTo(Hash.keccak(packed));
    assertThat(s.sectors()).isEqualTo(java.math.BigInteger.TEN);
  }
}
