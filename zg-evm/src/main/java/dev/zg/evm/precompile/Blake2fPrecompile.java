package dev.zg.evm.precompile;

import dev.zg.crypto.blake2.Blake2bF;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * 0x09 BLAKE2 F (EIP-152): rounds (4 bytes, big-endian) || h (8 words) || m (16 words) ||
 * t (2 words) || f (1 byte), words little-endian; exactly 213 bytes, f 0 or 1. One gas per
 * round. The output is the new h, 64 bytes little-endian.
 */
final class Blake2fPrecompile implements Precompile {
  static final int INPUT_BYTES = 213;

  @Override
  public long gas(byte[] input) {
    // With the wrong length the rounds cannot be read; run() fails, taking all gas anyway.
    return input.length == INPUT_BYTES ? rounds(input) : 0;
  }

  @Override
  public byte[] run(byte[] input) {
    if (input.length != INPUT_BYTES || (input[212] & 0xff) > 1) {
      return null;
    }
    ByteBuffer in = ByteBuffer.wrap(input, 4, INPUT_BYTES - 4).order(ByteOrder.LITTLE_ENDIAN);
    long[] h = new long[Blake2bF.STATE_WORDS];
    long[] m = new long[Blake2bF.MESSAGE_WORDS];
    for (int i = 0; i < h.length; i++) {
      h[i] = in.getLong();
    }
    for (int i = 0; i < m.length; i++) {
      m[i] = in.getLong();
    }
    long t0 = in.getLong();
    long t1 = in.getLong();
    Blake2bF.compress(rounds(input), h, m, t0, t1, input[212] == 1);
    ByteBuffer out = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    for (long word : h) {
      out.putLong(word);
    }
    return out.array();
  }

  private static long rounds(byte[] input) {
    return ByteBuffer.wrap(input, 0, 4).getInt() & 0xffffffffL;
  }
}
