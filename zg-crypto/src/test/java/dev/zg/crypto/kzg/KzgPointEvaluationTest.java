package dev.zg.crypto.kzg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.common.Hex;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Openings made by c-kzg itself, malformed input, the versioned hash, and concurrent first use. */
class KzgPointEvaluationTest {

  @Test
  void openingsMadeByCkzgVerifyAndTamperedOnesDoNot() {
    for (long seed = 1; seed <= 4; seed++) {
      KzgOpenings o = KzgOpenings.random(seed);
      assertThat(KzgPointEvaluation.verify(o.commitment(), o.z(), o.y(), o.proof())).isTrue();
      byte[] wrongY = o.y().clone();
      wrongY[31] ^= 1;
      assertThat(KzgPointEvaluation.verify(o.commitment(), o.z(), wrongY, o.proof())).isFalse();
      byte[] wrongZ = o.z().clone();
      wrongZ[31] ^= 1;
      assertThat(KzgPointEvaluation.verify(o.commitment(), wrongZ, o.y(), o.proof())).isFalse();
      KzgOpenings other = KzgOpenings.random(seed + 100);
      assertThat(KzgPointEvaluation.verify(other.commitment(), o.z(), o.y(), o.proof())).isFalse();
    }
  }

  @Test
  void malformedEncodingsAreANoAndWrongSizesAnError() {
    KzgOpenings o = KzgOpenings.random(9);
    byte[] notAPoint = o.proof().clone();
    notAPoint[0] = 0; // compression flag cleared
    assertThat(KzgPointEvaluation.verify(o.commitment(), o.z(), o.y(), notAPoint)).isFalse();
    byte[] zNotInField = new byte[32];
    java.util.Arrays.fill(zNotInField, (byte) 0xff);
    assertThat(KzgPointEvaluation.verify(o.commitment(), zNotInField, o.y(), o.proof())).isFalse();
    assertThatThrownBy(() -> KzgPointEvaluation.verify(new byte[47], o.z(), o.y(), o.proof()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void versionedHashIsVersionByteAndSha256Tail() throws Exception {
    byte[] commitment = new byte[48];
    commitment[0] = (byte) 0xc0; // the point at infinity, compressed
    byte[] sha = MessageDigest.getInstance("SHA-256").digest(commitment);
    byte[] versioned = KzgPointEvaluation.versionedHash(commitment);
    assertThat(versioned[0]).isEqualTo((byte) 0x01);
    assertThat(java.util.Arrays.copyOfRange(versioned, 1, 32))
        .isEqualTo(java.util.Arrays.copyOfRange(sha, 1, 32));
  }

  @Test
  void concurrentFirstUseLoadsOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      byte[] infinity = new byte[48];
      infinity[0] = (byte) 0xc0;
      for (int i = 0; i < 16; i++) {
        results.add(pool.submit(() ->
            KzgPointEvaluation.verify(infinity, new byte[32], new byte[32], infinity)));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue(); // the zero polynomial is 0 everywhere
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void trustedSetupIsTheCeremonyOutput() throws Exception {
    // Pins the file (ceremony output, c-kzg's format) so a dependency change cannot swap it
    // unnoticed.
    try (InputStream in = KzgTrustedSetup.class.getResourceAsStream(KzgTrustedSetup.RESOURCE)) {
      String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
      String[] lines = text.strip().split("\n");
      assertThat(lines[0]).isEqualTo("4096");
      assertThat(lines[1]).isEqualTo("65");
      assertThat(lines).hasSize(2 + 4096 + 65 + 4096);
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(
          (text.strip() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      assertThat(Hex.encode(digest))
          .isEqualTo("d39b9f2d047cc9dca2de58f264b6a09448ccd34db967881a6713eacacf0f26b7");
    }
  }
}
