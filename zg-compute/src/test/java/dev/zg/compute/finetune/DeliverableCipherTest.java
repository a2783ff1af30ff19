package dev.zg.compute.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.common.Address;
import dev.zg.common.Keccak256;
import dev.zg.common.Secp256k1;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The §6.3 formats: the chunked model file and the eciesjs-layout sealed key. */
class DeliverableCipherTest {
  private static final BigInteger SIGNER = BigInteger.valueOf(0x5157);
  private final SecureRandom random = new SecureRandom();

  @TempDir
  Path dir;

  @Test
  void chunkedFileLayoutAndRoundTrip() throws IOException {
    // 1 KiB chunks here: 3 full chunks and a partial one exercise the IV counter and the tags.
    DeliverableCipher cipher = new DeliverableCipher(1024);
    byte[] plain = new byte[3 * 1024 + 100];
    random.nextBytes(plain);
    Path in = Files.write(dir.resolve("model.gguf"), plain);
    byte[] key = DeliverableCipher.newKey(random);
    cipher.encrypt(in, dir.resolve("model.enc"), key, SIGNER, random);
    byte[] file = Files.readAllBytes(dir.resolve("model.enc"));
    assertThat(file.length).isEqualTo(65 + 12 + 4 * 16 + plain.length);

    // tagSig is a raw-digest signature over keccak256(tag0 ‖ tag1 ‖ …).
    Keccak256 tags = new Keccak256();
    int offset = 77;
    for (int chunk : new int[] {1024, 1024, 1024, 100}) {
      tags.update(Arrays.copyOfRange(file, offset + chunk, offset + chunk + 16));
      offset += chunk + 16;
    }
    Address signer = DeliverableCipher.recoverRaw(tags.digest(), Arrays.copyOf(file, 65));
    assertThat(signer).isEqualTo(Address.fromPublicKey(Secp256k1.publicKey(SIGNER)));

    cipher.decrypt(dir.resolve("model.enc"), dir.resolve("out"), key, signer);
    assertThat(Files.readAllBytes(dir.resolve("out"))).isEqualTo(plain);

    file[100] ^= 1;
    Files.write(dir.resolve("bad.enc"), file);
    assertThatThrownBy(() -> cipher.decrypt(dir.resolve("bad.enc"), dir.resolve("bad"), key,
        signer)).hasMessageContaining("AES-GCM");
    assertThat(dir.resolve("bad")).doesNotExist();
    assertThatThrownBy(() -> cipher.decrypt(dir.resolve("model.enc"), dir.resolve("x"), key,
        Address.ZERO)).hasMessageContaining("tag signature");
  }

  @Test
  void ivIsOneTwelveByteCounter() {
    byte[] iv = new byte[12];
    Arrays.fill(iv, 10, 12, (byte) 0xff);
    DeliverableCipher.increment(iv);
    assertThat(iv[9]).isEqualTo((byte) 1);
    assertThat(iv[10]).isZero();
    assertThat(iv[11]).isZero();
  }

  @Test
  void eciesLayoutRoundTrips() {
    BigInteger user = new BigInteger(250, random).add(BigInteger.ONE);
    byte[] secret = DeliverableCipher.newKey(random);
    byte[] sealed = Ecies.encrypt(Secp256k1.publicKey(user), secret, random);
    assertThat(sealed).hasSize(129);
    assertThat(sealed[0]).isEqualTo((byte) 4);
    assertThat(Ecies.decrypt(user, sealed)).isEqualTo(secret);
    assertThatThrownBy(() -> Ecies.decrypt(user.add(BigInteger.ONE), sealed))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hkdfMatchesRfc5869WithoutSalt() {
    // RFC 5869 test case 3: SHA-256, IKM = 22 × 0x0b, no salt, no info, L = 42 (first 32 here).
    byte[] ikm = new byte[22];
    Arrays.fill(ikm, (byte) 0x0b);
    assertThat(dev.zg.common.Hex.encode(Ecies.hkdfSha256(ikm, 32)))
        .isEqualTo("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d");
  }
}
