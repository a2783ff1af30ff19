package dev.zg.compute.token;

import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Keccak256;
import dev.zg.common.Secp256k1;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * EIP-191 version 0x45 ("personal_sign") as ethers' {@code signMessage} and
 * {@code hashMessage} do it: keccak256("\x19Ethereum Signed Message:\n" + decimal length +
 * message), signatures as 65 bytes r || s || v with v = 27 or 28.
 */
public final class PersonalSign {
  public static final int SIGNATURE_BYTES = 65;

  private PersonalSign() {}

  /** The EIP-191 digest of {@code message}. */
  public static byte[] hashMessage(byte[] message) {
    byte[] prefix =
        ("\u0019Ethereum Signed Message:\n" + message.length).getBytes(StandardCharsets.UTF_8);
    return new Keccak256().update(prefix).update(message).digest();
  }

  /** Signs {@code message} and returns the 0x-prefixed 65-byte signature (v = 27/28). */
  public static String sign(byte[] message, BigInteger privateKey) {
    return Hex.prefixed(signDigest(hashMessage(message), privateKey));
  }

  /** Signs a ready 32-byte digest; r || s || v with v = 27 + recovery id. */
  public static byte[] signDigest(byte[] digest32, BigInteger privateKey) {
    Secp256k1.Signature signature = Secp256k1.sign(digest32, privateKey);
    byte[] out = signature.toBytes();
    out[64] = (byte) (27 + signature.recoveryId());
    return out;
  }

  /**
   * The signer of {@code message} under a 65-byte r || s || v signature with v = 27/28 and
   * low s (EIP-2, as OpenZeppelin's ECDSA and go-ethereum's crypto require), or null when the
   * signature is malformed or recovers no key.
   */
  public static Address recover(byte[] message, byte[] signature65) {
    return recoverDigest(hashMessage(message), signature65);
  }

  /** As {@link #recover} for a ready 32-byte digest. */
  public static Address recoverDigest(byte[] digest32, byte[] signature65) {
    if (signature65 == null || signature65.length != SIGNATURE_BYTES) {
      return null;
    }
    int v = signature65[64] & 0xff;
    if (v != 27 && v != 28) {
      return null;
    }
    BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(signature65, 0, 32));
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(signature65, 32, 64));
    Secp256k1.Signature signature = new Secp256k1.Signature(r, s, v - 27);
    if (!signature.isValid(true)) {
      return null;
    }
    return Secp256k1.recoverAddress(digest32, signature);
  }
}
