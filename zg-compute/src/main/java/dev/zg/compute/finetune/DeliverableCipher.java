package dev.zg.compute.finetune;

import dev.zg.common.Address;
import dev.zg.common.Keccak256;
import dev.zg.common.Secp256k1;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The encrypted model file of a fine-tuning deliverable (compute-sdk.md §6.3), as the SDK's
 * {@code aesGCMDecryptToFile} reads it: {@code tagSig} (65 B, r ‖ s ‖ v) ‖ {@code iv} (12 B) ‖
 * chunks, each the AES-256-GCM ciphertext of at most 64 MiB of plaintext followed by its
 * 16-byte tag. Chunk k uses {@code iv + k} (the 12 bytes as one big-endian counter).
 * {@code tagSig} is a raw-digest secp256k1 signature (no EIP-191 prefix) by the provider's
 * signer over keccak256 of all the tags in order.
 */
public final class DeliverableCipher {
  public static final int KEY_BYTES = 32;
  public static final int IV_BYTES = 12;
  public static final int TAG_BYTES = 16;
  public static final int SIGNATURE_BYTES = 65;
  public static final int CHUNK_BYTES = 64 * 1024 * 1024;

  private final int chunkBytes;

  /** The format's 64 MiB chunks. */
  public DeliverableCipher() {
    this(CHUNK_BYTES);
  }

  /** Smaller chunks are for tests of the chunk boundary only: the SDK reads 64 MiB ones. */
  DeliverableCipher(int chunkBytes) {
    this.chunkBytes = chunkBytes;
  }

  /** A fresh random AES-256 key. */
  public static byte[] newKey(SecureRandom random) {
    byte[] key = new byte[KEY_BYTES];
    random.nextBytes(key);
    return key;
  }

  /** Encrypts {@code plain} into {@code out} under {@code key}; signs the tags with {@code signerKey}. */
  public void encrypt(Path plain, Path out, byte[] key, BigInteger signerKey, SecureRandom random)
      throws IOException {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("the model key is 32 bytes");
    }
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    Keccak256 tags = new Keccak256();
    try (InputStream in = Files.newInputStream(plain);
        FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[SIGNATURE_BYTES]));
      channel.write(ByteBuffer.wrap(iv.clone()));
      byte[] buffer = new byte[chunkBytes];
      int chunks = 0;
      while (true) {
        int n = in.readNBytes(buffer, 0, chunkBytes);
        if (n == 0) {
          break;
        }
        byte[] sealed = gcm(Cipher.ENCRYPT_MODE, key, iv, buffer, n);
        tags.update(Arrays.copyOfRange(sealed, sealed.length - TAG_BYTES, sealed.length));
        channel.write(ByteBuffer.wrap(sealed));
        increment(iv);
        chunks++;
        if (n < chunkBytes) {
          break;
        }
      }
      if (chunks == 0) {
        throw new IllegalArgumentException("the model file " + plain + " is empty");
      }
      Secp256k1.Signature signature = Secp256k1.sign(tags.digest(), signerKey);
      byte[] tagSig = signature.toBytes();
      tagSig[64] = (byte) (27 + signature.recoveryId());
      channel.write(ByteBuffer.wrap(tagSig), 0);
      channel.force(true);
    }
  }

  /**
   * Decrypts {@code encrypted} into {@code out}; fails (and deletes {@code out}) when a chunk
   * does not authenticate or the tag signature is not {@code expectedSigner}'s.
   */
  public void decrypt(Path encrypted, Path out, byte[] key, Address expectedSigner)
      throws IOException {
    Path partial = out.resolveSibling(out.getFileName() + ".partial");
    try (InputStream in = Files.newInputStream(encrypted);
        OutputStream sink = Files.newOutputStream(partial)) {
      byte[] tagSig = in.readNBytes(SIGNATURE_BYTES);
      byte[] iv = in.readNBytes(IV_BYTES);
      if (iv.length != IV_BYTES) {
        throw new IOException(encrypted + " is too short to be an encrypted model");
      }
      Keccak256 tags = new Keccak256();
      byte[] buffer = new byte[chunkBytes + TAG_BYTES];
      while (true) {
        int n = in.readNBytes(buffer, 0, buffer.length);
        if (n == 0) {
          break;
        }
        if (n <= TAG_BYTES) {
          throw new IOException("truncated chunk in " + encrypted);
        }
        tags.update(Arrays.copyOfRange(buffer, n - TAG_BYTES, n));
        sink.write(gcm(Cipher.DECRYPT_MODE, key, iv, buffer, n));
        increment(iv);
        if (n < buffer.length) {
          break;
        }
      }
      Address signer = recoverRaw(tags.digest(), tagSig);
      if (signer == null || !signer.equals(expectedSigner)) {
        throw new IOException("the model's tag signature is by " + (signer == null ? "nobody"
            : signer.toChecksumHex()) + ", not the provider's signer "
            + expectedSigner.toChecksumHex());
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(partial);
      throw e;
    }
    Files.move(partial, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** A raw-digest signature's signer; v may be 27/28 or 0/1 as the SDK accepts both. */
  static Address recoverRaw(byte[] digest, byte[] signature) {
    if (signature.length != SIGNATURE_BYTES) {
      return null;
    }
    int v = signature[64] & 0xff;
    int recoveryId = v >= 27 ? v - 27 : v;
    if (recoveryId != 0 && recoveryId != 1) {
      return null;
    }
    Secp256k1.Signature s = new Secp256k1.Signature(
        new BigInteger(1, Arrays.copyOfRange(signature, 0, 32)),
        new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)), recoveryId);
    return s.isValid(false) ? Secp256k1.recoverAddress(digest, s) : null;
  }

  /** The whole 12 bytes as a big-endian counter, carrying from the last byte. */
  static void increment(byte[] iv) {
    for (int i = iv.length - 1; i >= 0; i--) {
      iv[i]++;
      if (iv[i] != 0) {
        break;
      }
    }
  }

  private static byte[] gcm(int mode, byte[] key, byte[] iv, byte[] input, int length) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8,
          iv.clone()));
      return cipher.doFinal(input, 0, length);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("AES-GCM failed (wrong key or altered model): "
          + e.getMessage(), e);
    }
  }
}
