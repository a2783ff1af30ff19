package dev.zg.cli;

import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import java.math.BigInteger;

/** Signing keys given on the command line or in {@code ZG_PRIVATE_KEY}. */
final class PrivateKeys {
  private PrivateKeys() {}

  /** The key in {@code text} (hex, with or without 0x), or a {@link UserError} saying why not. */
  static BigInteger parse(String text) {
    if (text == null) {
      throw new UserError("no private key: give --key HEX or set ZG_PRIVATE_KEY");
    }
    byte[] bytes;
    try {
      bytes = Hex.decode(text.strip());
    } catch (RuntimeException e) {
      throw new UserError("the private key is not hex", e);
    }
    BigInteger k = new BigInteger(1, bytes);
    if (bytes.length != 32 || k.signum() == 0 || k.compareTo(Secp256k1.N) >= 0) {
      throw new UserError("the private key must be 32 bytes in 1..n-1");
    }
    return k;
  }
}
