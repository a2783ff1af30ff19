package dev.zg.compute.finetune;

import dev.zg.common.Address;
import dev.zg.common.Bytes;
import dev.zg.common.Hex;
import dev.zg.common.Keccak256;
import dev.zg.common.Secp256k1;
import dev.zg.compute.token.PersonalSign;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;

/**
 * The user signatures of the fine-tuning routes (compute-sdk.md §6.2). Each is ethers'
 * {@code signMessage} (EIP-191) over a 32-byte digest given as raw bytes, so the signed
 * message is the digest itself with the prefix {@code "\x19Ethereum Signed Message:\n32"}.
 * The SDK passes the digest through {@code ethers.toBeArray}, which reads it as a number and
 * so drops its leading zero bytes: one digest in 256 is signed as 31 bytes (prefix
 * {@code "\n31"}), fewer still as 30. Signing and recovery here use the same shortened form.
 */
public final class FineTuningSignatures {
  private FineTuningSignatures() {}

  /** Task creation: keccak256(address 20 B ‖ uint256 nonce ‖ utf8(datasetHash)). */
  public static byte[] taskDigest(Address user, BigInteger nonce, String datasetHash) {
    return Keccak256.hash(Bytes.concat(user.toArray(), Bytes.unsigned(nonce, 32),
        datasetHash.getBytes(StandardCharsets.UTF_8)));
  }

  /** Cancel: keccak256 of the 16 bytes of the task UUID. */
  public static byte[] cancelDigest(String taskId) {
    return Keccak256.hash(uuidBytes(taskId));
  }

  /** Dataset upload: keccak256(utf8(checksummed address ‖ decimal unix seconds)). */
  public static byte[] datasetDigest(Address user, long unixSeconds) {
    return Keccak256.hash((user.toChecksumHex() + unixSeconds)
        .getBytes(StandardCharsets.UTF_8));
  }

  /** LoRA download: keccak256(utf8(task uuid without dashes ‖ decimal unix seconds)). */
  public static byte[] loraDigest(String taskId, long unixSeconds) {
    return Keccak256.hash((Hex.encode(uuidBytes(taskId)) + unixSeconds)
        .getBytes(StandardCharsets.UTF_8));
  }

  /** Signs a digest as the SDK's wallet does (for zg's own client and tests). */
  public static String sign(byte[] digest, BigInteger privateKey) {
    return PersonalSign.sign(signedMessage(digest), privateKey);
  }

  /** The signer of {@code signatureHex} over {@code digest}, or null when it recovers none. */
  public static Address recover(byte[] digest, String signatureHex) {
    byte[] signature = decodeSignature(signatureHex);
    return signature == null ? null : PersonalSign.recover(signedMessage(digest), signature);
  }

  /**
   * The signer's 64-byte public key (x ‖ y): the deliverable's key is sealed to it, and the
   * task signature is the one place the provider learns it.
   */
  public static byte[] recoverPublicKey(byte[] digest, String signatureHex) {
    byte[] signature = decodeSignature(signatureHex);
    if (signature == null) {
      return null;
    }
    int v = signature[64] & 0xff;
    if (v != 27 && v != 28) {
      return null;
    }
    Secp256k1.Signature s = new Secp256k1.Signature(
        new BigInteger(1, Arrays.copyOfRange(signature, 0, 32)),
        new BigInteger(1, Arrays.copyOfRange(signature, 32, 64)), v - 27);
    if (!s.isValid(true)) {
      return null;
    }
    return Secp256k1.recoverPublicKey(PersonalSign.hashMessage(signedMessage(digest)), s);
  }

  /** The digest as {@code ethers.toBeArray} gives it to the wallet: without leading zeros. */
  static byte[] signedMessage(byte[] digest) {
    int first = 0;
    while (first < digest.length && digest[first] == 0) {
      first++;
    }
    return first == 0 ? digest : Arrays.copyOfRange(digest, first, digest.length);
  }

  /** The 16 bytes of a canonical UUID (with or without dashes); rejects anything else. */
  public static byte[] uuidBytes(String taskId) {
    String hex = taskId.replace("-", "").toLowerCase(Locale.ROOT);
    if (hex.length() != 32 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
      throw new IllegalArgumentException("not a task id (a UUID): " + taskId);
    }
    return Hex.decode(hex);
  }

  /** Whether {@code taskId} is a canonical dashed UUID, as the provider issues them. */
  public static boolean isTaskId(String taskId) {
    if (taskId == null || taskId.length() != 36) {
      return false;
    }
    try {
      return UUID.fromString(taskId).toString().equals(taskId.toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] decodeSignature(String signatureHex) {
    if (signatureHex == null || signatureHex.length() > 200) {
      return null;
    }
    try {
      byte[] signature = Hex.decode(signatureHex);
      return signature.length == PersonalSign.SIGNATURE_BYTES ? signature : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
