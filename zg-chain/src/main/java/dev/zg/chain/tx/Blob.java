package dev.zg.chain.tx;

import dev.zg.common.Hex;
import java.util.Arrays;

/** One EIP-4844 blob: 4096 field elements of 32 bytes. Content is not checked here (KZG is). */
public record Blob(byte[] bytes) {
  public static final int SIZE_BYTES = 4096 * 32;

  public Blob {
    if (bytes.length != SIZE_BYTES) {
      throw new IllegalArgumentException(
          "a blob is " + SIZE_BYTES + " bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Blob b && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Blob[" + Hex.prefixed(Arrays.copyOf(bytes, 8)) + "...]";
  }
}
