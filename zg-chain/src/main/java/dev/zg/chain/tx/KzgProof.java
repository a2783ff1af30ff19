package dev.zg.chain.tx;

import dev.zg.common.Hex;
import java.util.Arrays;

/** A 48-byte KZG proof that a blob matches its commitment (not verified here). */
public record KzgProof(byte[] bytes) {
  public static final int SIZE_BYTES = 48;

  public KzgProof {
    if (bytes.length != SIZE_BYTES) {
      throw new IllegalArgumentException(
          "a KZG proof is " + SIZE_BYTES + " bytes, got " + bytes.length);
    }
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof KzgProof p && Arrays.equals(bytes, p.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return Hex.prefixed(bytes);
  }
}
