package dev.zg.crypto.blake2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Hex;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;

/**
 * F with 12 rounds drives a whole BLAKE2b-512, which must equal RFC 7693's known answer and
 * BouncyCastle's digest on any input.
 */
class Blake2bFTest {
  private static final long[] IV = {
    0x6a09e667f3bcc908L, 0xbb67ae8584caa73bL, 0x3c6ef372fe94f82bL, 0xa54ff53a5f1d36f1L,
    0x510e527fade682d1L, 0x9b05688c2b3e6c1fL, 0x1f83d9abfb41bd6bL, 0x5be0cd19137e2179L,
  };

  /** Unkeyed BLAKE2b-512 built on F: parameter block 0x01010040 (64-byte digest, fanout 1). */
  static byte[] blake2b512(byte[] data) {
    long[] h = IV.clone();
    h[0] ^= 0x01010040L;
    int blocks = Math.max(1, (data.length + 127) / 128);
    for (int b = 0; b < blocks; b++) {
      byte[] block = Arrays.copyOfRange(data, b * 128, b * 128 + 128); // zero-padded
      long[] m = new long[16];
      ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(m);
      boolean last = b == blocks - 1;
      long counter = last ? data.length : (long) (b + 1) * 128;
      Blake2bF.compress(12, h, m, counter, 0, last);
    }
    ByteBuffer out = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    for (long word : h) {
      out.putLong(word);
    }
    return out.array();
  }

  @Test
  void rfc7693Abc() {
    assertThat(Hex.encode(blake2b512("abc".getBytes())))
        .isEqualTo("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
            + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
  }

  @Property(tries = 200)
  void equalsBouncyCastle(@ForAll @Size(max = 700) byte[] data) {
    Blake2bDigest digest = new Blake2bDigest(512);
    digest.update(data, 0, data.length);
    byte[] expected = new byte[64];
    digest.doFinal(expected, 0);
    assertThat(blake2b512(data)).isEqualTo(expected);
  }

  @Test
  void zeroRoundsOnlyFoldsTheInitialState() {
    long[] h = {1, 2, 3, 4, 5, 6, 7, 8};
    Blake2bF.compress(0, h, new long[16], 0, 0, false);
    for (int i = 0; i < 8; i++) {
      assertThat(h[i]).isEqualTo((i + 1) ^ (i + 1) ^ IV[i]);
    }
  }
}
