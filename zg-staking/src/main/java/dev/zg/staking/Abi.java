package dev.zg.staking;

import dev.zg.common.Address;
import dev.zg.common.Keccak256;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The slice of the Solidity ABI the staking module speaks: static words, strings, arrays. */
final class Abi {
  private Abi() {}

  static final BigInteger UINT256_MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

  /** The 4-byte selector of a canonical signature, as an int. */
  static int selector(String signature) {
    byte[] h = Keccak256.hash(signature.getBytes(StandardCharsets.US_ASCII));
    return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
  }

  /** Bad calldata: the call reverts with this message. */
  static final class Invalid extends RuntimeException {
    Invalid(String message) {
      super(message, null, false, false);
    }
  }

  /** Reads the arguments after the selector. */
  static final class Reader {
    private final byte[] input;

    Reader(byte[] input) {
      this.input = input;
    }

    private byte[] word(int index) {
      int at = 4 + 32 * index;
      if (at < 0 || at + 32 > input.length) {
        throw new Invalid("calldata too short for argument " + index);
      }
      byte[] w = new byte[32];
      System.arraycopy(input, at, w, 0, 32);
      return w;
    }

    BigInteger uint(int index, int bits) {
      BigInteger v = new BigInteger(1, word(index));
      if (v.bitLength() > bits) {
        throw new Invalid("argument " + index + " exceeds uint" + bits);
      }
      return v;
    }

    long uint32(int index) {
      return uint(index, 32).longValueExact();
    }

    Address address(int index) {
      byte[] w = word(index);
      for (int i = 0; i < 12; i++) {
        if (w[i] != 0) {
          throw new Invalid("argument " + index + " is not an address");
        }
      }
      return Address.fromWord(w);
    }

    /** A dynamic bytes argument, at most {@code maxBytes} long. */
    byte[] bytes(int index, int maxBytes) {
      BigInteger offset = uint(index, 32);
      long at = 4 + offset.longValue();
      if (at + 32 > input.length) {
        throw new Invalid("bytes argument " + index + " out of range");
      }
      BigInteger length = new BigInteger(1, java.util.Arrays.copyOfRange(input, (int) at,
          (int) at + 32));
      if (length.compareTo(BigInteger.valueOf(maxBytes)) > 0) {
        throw new Invalid("bytes argument " + index + " longer than " + maxBytes + " bytes");
      }
      if (at + 32 + length.longValue() > input.length) {
        throw new Invalid("bytes argument " + index + " out of range");
      }
      return java.util.Arrays.copyOfRange(input, (int) at + 32, (int) at + 32 + length.intValue());
    }

    /** A dynamic string argument, at most {@code maxBytes} UTF-8 bytes. */
    String string(int index, int maxBytes) {
      BigInteger offset = uint(index, 32);
      long at = 4 + offset.longValue();
      if (at + 32 > input.length) {
        throw new Invalid("string argument " + index + " out of range");
      }
      long length = new BigInteger(1, java.util.Arrays.copyOfRange(input, (int) at,
          (int) at + 32)).min(BigInteger.valueOf(Integer.MAX_VALUE)).longValue();
      if (length > maxBytes) {
        throw new Invalid("string argument " + index + " longer than " + maxBytes + " bytes");
      }
      if (at + 32 + length > input.length) {
        throw new Invalid("string argument " + index + " out of range");
      }
      return new String(input, (int) at + 32, (int) length, StandardCharsets.UTF_8);
    }
  }

  /** Builds return data: a head of words and a tail for dynamic values. */
  static final class Writer {
    private final List<Object> head = new ArrayList<>();

    Writer uint(BigInteger v) {
      head.add(v);
      return this;
    }

    Writer uint(long v) {
      return uint(BigInteger.valueOf(v));
    }

    Writer bool(boolean v) {
      return uint(v ? 1 : 0);
    }

    Writer address(Address a) {
      return uint(new BigInteger(1, a.bytesUnsafe()));
    }

    /** A dynamic array of uint256 (addresses given as their integer). */
    Writer array(List<BigInteger> values) {
      head.add(List.copyOf(values));
      return this;
    }

    byte[] build() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream tail = new ByteArrayOutputStream();
      int headSize = 32 * head.size();
      for (Object o : head) {
        if (o instanceof BigInteger v) {
          out.writeBytes(word(v));
        } else {
          @SuppressWarnings("unchecked")
          List<BigInteger> list = (List<BigInteger>) o;
          out.writeBytes(word(BigInteger.valueOf(headSize + tail.size())));
          tail.writeBytes(word(BigInteger.valueOf(list.size())));
          for (BigInteger v : list) {
            tail.writeBytes(word(v));
          }
        }
      }
      out.writeBytes(tail.toByteArray());
      return out.toByteArray();
    }
  }

  static BigInteger addressValue(Address a) {
    return new BigInteger(1, a.bytesUnsafe());
  }

  static byte[] word(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] w = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, w, 32 - n, n);
    return w;
  }

  /** {@code Error(string)}: the revert reason Solidity, ethers and web3j decode. */
  static byte[] error(String message) {
    byte[] text = message.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x08, (byte) 0xc3, 0x79, (byte) 0xa0});
    out.writeBytes(word(BigInteger.valueOf(32)));
    out.writeBytes(word(BigInteger.valueOf(text.length)));
    out.writeBytes(text);
    out.writeBytes(new byte[(32 - text.length % 32) % 32]);
    return out.toByteArray();
  }
}
