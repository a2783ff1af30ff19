package dev.zg.common;

/**
 * Public-key recovery through libsecp256k1 (JNI, from {@code fr.acinq.secp256k1}), about four
 * times faster than the pure-Java path; recovery decides how many transactions per second a
 * node can admit. Used only when the native library loads on this platform and the system
 * property {@code zg.secp256k1.native} is not {@code false}; otherwise callers fall back to
 * BouncyCastle. Both paths are checked against each other in {@code Secp256k1Test}.
 */
final class NativeSecp256k1 {
  private static final fr.acinq.secp256k1.Secp256k1 LIBRARY = load();

  private NativeSecp256k1() {}

  private static fr.acinq.secp256k1.Secp256k1 load() {
    if ("false".equalsIgnoreCase(System.getProperty("zg.secp256k1.native"))) {
      return null;
    }
    try {
      return fr.acinq.secp256k1.Secp256k1.get();
    } catch (Throwable unavailable) {
      // No binary for this platform, or JNI refused: the Java path is correct, only slower.
      return null;
    }
  }

  static boolean available() {
    return LIBRARY != null;
  }

  /**
   * The 64-byte public key (x || y), or null when the signature recovers no key. r and s must
   * already be in [1, n-1].
   */
  static byte[] recover(byte[] hash32, byte[] r32, byte[] s32, int recoveryId) {
    byte[] compact = new byte[64];
    System.arraycopy(r32, 0, compact, 0, 32);
    System.arraycopy(s32, 0, compact, 32, 32);
    byte[] uncompressed;
    try {
      uncompressed = LIBRARY.ecdsaRecover(compact, hash32, recoveryId);
    } catch (RuntimeException noKey) {
      return null;
    }
    if (uncompressed == null || uncompressed.length != 65) {
      return null;
    }
    byte[] key = new byte[64];
    System.arraycopy(uncompressed, 1, key, 0, 64);
    return key;
  }
}
