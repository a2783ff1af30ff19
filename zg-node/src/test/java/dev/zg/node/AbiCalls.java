package dev.zg.node;

import dev.zg.common.Address;
import dev.zg.common.Keccak256;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Hand-rolled ABI encoding for the staking tests: selectors, words, static returns. */
public final class AbiCalls {
  private AbiCalls() {}

  public static byte[] calldata(String signature, byte[]... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(Keccak256.hash(signature.getBytes(StandardCharsets.US_ASCII)), 0, 4);
    for (byte[] a : args) {
      out.writeBytes(a);
    }
    return out.toByteArray();
  }

  /** (string, uint32, uint32) arguments: the string in the tail. */
  public static byte[] stringArgs(String s, long a, long b) {
    byte[] text = s.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(word(BigInteger.valueOf(96)));
    out.writeBytes(word(BigInteger.valueOf(a)));
    out.writeBytes(word(BigInteger.valueOf(b)));
    out.writeBytes(word(BigInteger.valueOf(text.length)));
    out.writeBytes(Arrays.copyOf(text, (text.length + 31) / 32 * 32));
    return out.toByteArray();
  }

  public static byte[] word(Address a) {
    return word(new BigInteger(1, a.bytesUnsafe()));
  }

  public static byte[] word(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] w = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, w, 32 - n, n);
    return w;
  }

  public static List<BigInteger> words(byte[] data) {
    List<BigInteger> out = new ArrayList<>();
    for (int i = 0; i + 32 <= data.length; i += 32) {
      out.add(new BigInteger(1, Arrays.copyOfRange(data, i, i + 32)));
    }
    return out;
  }
}
