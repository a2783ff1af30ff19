package dev.zg.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.common.testing.NpmPackages;
import dev.zg.compute.finetune.DeliverableCipher;
import dev.zg.compute.finetune.Ecies;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deliverable zg's fine-tuning provider makes (the model encrypted in the chunked AES-GCM
 * format with the signer's tag signature, the key sealed with ECIES to the user) is opened by
 * the official SDK's own {@code eciesDecrypt} and {@code aesGCMDecryptToFile}.
 */
class FineTuningSdkDecryptTest {
  @TempDir
  Path dir;

  @Test
  void sdkDecryptsZgsDeliverable() throws Exception {
    NpmProject.prepare(NpmProject.COMPUTE_DIR);
    SecureRandom random = new SecureRandom();
    Secp256k1.KeyPair user = Secp256k1.KeyPair.fromPrivateKey(new BigInteger(250, random)
        .add(BigInteger.ONE));
    BigInteger signerKey = new BigInteger(250, random).add(BigInteger.ONE);
    Address signer = Address.fromPublicKey(Secp256k1.publicKey(signerKey));
    byte[] model = new byte[1_000_003];
    random.nextBytes(model);
    Path plain = Files.write(dir.resolve("model.gguf"), model);
    byte[] key = DeliverableCipher.newKey(random);
    Path encrypted = dir.resolve("model.enc");
    new DeliverableCipher().encrypt(plain, encrypted, key, signerKey, random);
    byte[] sealed = Ecies.encrypt(user.publicKey(), key, random);

    Path out = dir.resolve("decrypted.gguf");
    NpmPackages.Result r = NpmProject.run(NpmProject.COMPUTE_DIR, Duration.ofMinutes(2), "node",
        "finetune-decrypt.mjs", Hex.prefixed(user.privateKeyBytes()), Hex.prefixed(sealed),
        encrypted.toString(), out.toString(), signer.toChecksumHex());
    assertThat(r.exitCode()).as("%s", r).isZero();
    assertThat(r.json().get("key").asText()).isEqualTo(Hex.encode(key));
    assertThat(Files.readAllBytes(out)).isEqualTo(model);

    // Another signer's tags: the SDK refuses the file.
    Path other = dir.resolve("other.gguf");
    NpmPackages.Result refused = NpmProject.run(NpmProject.COMPUTE_DIR, Duration.ofMinutes(2),
        "node", "finetune-decrypt.mjs", Hex.prefixed(user.privateKeyBytes()),
        Hex.prefixed(sealed), encrypted.toString(), other.toString(), Address.ZERO.toHex());
    assertThat(refused.exitCode()).as("%s", refused).isNotZero();
  }
}
