package dev.zg.common;

/**
 * 256-bit word arithmetic as the EVM defines it, on words stored as four 64-bit limbs in a
 * {@code long[]} (least significant limb first). Every operation takes the array and the
 * offsets of its operands and of its result, which may alias an operand: the EVM keeps its
 * whole stack in one array and computes in place, so nothing here allocates except the
 * division family, which works on 32-bit limbs in small scratch arrays.
 *
 * <p>Proven against {@link java.math.BigInteger} by {@code Word256Test} (jqwik properties).
 */
public final class Word256 {
  private Word256() {}

  // ---- load / store --------------------------------------------------------------------

  public static void setZero(long[] w, int r) {
    w[r] = 0;
    w[r + 1] = 0;
    w[r + 2] = 0;
    w[r + 3] = 0;
  }

  public static void setLong(long[] w, int r, long unsignedValue) {
    w[r] = unsignedValue;
    w[r + 1] = 0;
    w[r + 2] = 0;
    w[r + 3] = 0;
  }

  public static void copy(long[] w, int from, int to) {
    w[to] = w[from];
    w[to + 1] = w[from + 1];
    w[to + 2] = w[from + 2];
    w[to + 3] = w[from + 3];
  }

  /** Loads up to 32 big-endian bytes (shorter input is a smaller number). */
  public static void fromBytes(long[] w, int r, byte[] in, int offset, int length) {
    if (length > 32) {
      throw new IllegalArgumentException("more than 32 bytes: " + length);
    }
    long l0 = 0, l1 = 0, l2 = 0, l3 = 0;
    for (int i = 0; i < length; i++) {
      int bitPosition = 8 * (length - 1 - i);
      long b = in[offset + i] & 0xffL;
      switch (bitPosition >>> 6) {
        case 0 -> l0 |= b << bitPosition;
        case 1 -> l1 |= b << (bitPosition - 64);
        case 2 -> l2 |= b << (bitPosition - 128);
        default -> l3 |= b << (bitPosition - 192);
      }
    }
    w[r] = l0;
    w[r + 1] = l1;
    w[r + 2] = l2;
    w[r + 3] = l3;
  }

  /** Stores the word as 32 big-endian bytes. */
  public static void toBytes(long[] w, int a, byte[] out, int offset) {
    Bytes.putLong(out, offset, w[a + 3]);
    Bytes.putLong(out, offset + 8, w[a + 2]);
    Bytes.putLong(out, offset + 16, w[a + 1]);
    Bytes.putLong(out, offset + 24, w[a]);
  }

  public static boolean isZero(long[] w, int a) {
    return (w[a] | w[a + 1] | w[a + 2] | w[a + 3]) == 0;
  }

  /** True when the word is below 2^64, so {@code w[a]} holds its whole value. */
  public static boolean fitsLong(long[] w, int a) {
    return (w[a + 1] | w[a + 2] | w[a + 3]) == 0;
  }

  /** True when the word is at most {@code max} (a non-negative long). */
  public static boolean fitsIn(long[] w, int a, long max) {
    return fitsLong(w, a) && w[a] >= 0 && w[a] <= max;
  }

  // ---- arithmetic ------------------------------------------------------------------------

  public static void add(long[] w, int a, int b, int r) {
    long x0 = w[a], x1 = w[a + 1], x2 = w[a + 2], x3 = w[a + 3];
    long y0 = w[b], y1 = w[b + 1], y2 = w[b + 2], y3 = w[b + 3];
    long s0 = x0 + y0;
    long c = ((x0 & y0) | ((x0 | y0) & ~s0)) >>> 63;
    long s1 = x1 + y1 + c;
    c = ((x1 & y1) | ((x1 | y1) & ~s1)) >>> 63;
    long s2 = x2 + y2 + c;
    c = ((x2 & y2) | ((x2 | y2) & ~s2)) >>> 63;
    w[r] = s0;
    w[r + 1] = s1;
    w[r + 2] = s2;
    w[r + 3] = x3 + y3 + c;
  }

  public static void sub(long[] w, int a, int b, int r) {
    long x0 = w[a], x1 = w[a + 1], x2 = w[a + 2], x3 = w[a + 3];
    long y0 = w[b], y1 = w[b + 1], y2 = w[b + 2], y3 = w[b + 3];
    long d0 = x0 - y0;
    long c = ((~x0 & y0) | (~(x0 ^ y0) & d0)) >>> 63;
    long d1 = x1 - y1 - c;
    c = ((~x1 & y1) | (~(x1 ^ y1) & d1)) >>> 63;
    long d2 = x2 - y2 - c;
    c = ((~x2 & y2) | (~(x2 ^ y2) & d2)) >>> 63;
    w[r] = d0;
    w[r + 1] = d1;
    w[r + 2] = d2;
    w[r + 3] = x3 - y3 - c;
  }

  /** The low 256 bits of a * b. */
  public static void mul(long[] w, int a, int b, int r) {
    long x0 = w[a], x1 = w[a + 1], x2 = w[a + 2], x3 = w[a + 3];
    long y0 = w[b], y1 = w[b + 1], y2 = w[b + 2], y3 = w[b + 3];
    // Column sums with carries; terms that only reach bit 256 and above are dropped.
    long r0 = x0 * y0;
    long h = Math.unsignedMultiplyHigh(x0, y0);

    long r1 = h;
    long r2 = 0;
    long t = x0 * y1;
    r1 += t;
    r2 += Long.compareUnsigned(r1, t) < 0 ? 1 : 0;
    t = x1 * y0;
    r1 += t;
    r2 += Long.compareUnsigned(r1, t) < 0 ? 1 : 0;

    long r3 = 0;
    t = Math.unsignedMultiplyHigh(x0, y1);
    r2 += t;
    r3 += Long.compareUnsigned(r2, t) < 0 ? 1 : 0;
    t = Math.unsignedMultiplyHigh(x1, y0);
    r2 += t;
    r3 += Long.compareUnsigned(r2, t) < 0 ? 1 : 0;
    t = x0 * y2;
    r2 += t;
    r3 += Long.compareUnsigned(r2, t) < 0 ? 1 : 0;
    t = x1 * y1;
    r2 += t;
    r3 += Long.compareUnsigned(r2, t) < 0 ? 1 : 0;
    t = x2 * y0;
    r2 += t;
    r3 += Long.compareUnsigned(r2, t) < 0 ? 1 : 0;

    r3 += Math.unsignedMultiplyHigh(x0, y2) + Math.unsignedMultiplyHigh(x1, y1)
        + Math.unsignedMultiplyHigh(x2, y0)
        + x0 * y3 + x1 * y2 + x2 * y1 + x3 * y0;
    w[r] = r0;
    w[r + 1] = r1;
    w[r + 2] = r2;
    w[r + 3] = r3;
  }

  /** Unsigned a / b, zero when b is zero. */
  public static void div(long[] w, int a, int b, int r) {
    if (isZero(w, b)) {
      setZero(w, r);
      return;
    }
    if (fitsLong(w, a) && fitsLong(w, b)) {
      setLong(w, r, Long.divideUnsigned(w[a], w[b]));
      return;
    }
    int[] quotient = new int[9];
    divmod(toInts(w, a, 8), 8, toInts(w, b, 8), quotient, null);
    fromInts(quotient, w, r);
  }

  /** Unsigned a mod b, zero when b is zero. */
  public static void mod(long[] w, int a, int b, int r) {
    if (isZero(w, b)) {
      setZero(w, r);
      return;
    }
    if (fitsLong(w, a) && fitsLong(w, b)) {
      setLong(w, r, Long.remainderUnsigned(w[a], w[b]));
      return;
    }
    int[] remainder = new int[8];
    divmod(toInts(w, a, 8), 8, toInts(w, b, 8), null, remainder);
    fromInts(remainder, w, r);
  }

  /** Signed a / b (two's complement), zero when b is zero; -2^255 / -1 = -2^255. */
  public static void sdiv(long[] w, int a, int b, int r) {
    if (isZero(w, b)) {
      setZero(w, r);
      return;
    }
    boolean negA = w[a + 3] < 0;
    boolean negB = w[b + 3] < 0;
    long[] t = new long[8];
    absInto(w, a, t, 0);
    absInto(w, b, t, 4);
    div(t, 0, 4, 0);
    if (negA != negB) {
      negate(t, 0, 0);
    }
    copyFrom(t, 0, w, r);
  }

  /** Signed a mod b: the result takes the sign of a; zero when b is zero. */
  public static void smod(long[] w, int a, int b, int r) {
    if (isZero(w, b)) {
      setZero(w, r);
      return;
    }
    boolean negA = w[a + 3] < 0;
    long[] t = new long[8];
    absInto(w, a, t, 0);
    absInto(w, b, t, 4);
    mod(t, 0, 4, 0);
    if (negA) {
      negate(t, 0, 0);
    }
    copyFrom(t, 0, w, r);
  }

  /** (a + b) mod n over the full 257-bit sum; zero when n is zero. */
  public static void addmod(long[] w, int a, int b, int n, int r) {
    if (isZero(w, n)) {
      setZero(w, r);
      return;
    }
    long x0 = w[a], x1 = w[a + 1], x2 = w[a + 2], x3 = w[a + 3];
    long y0 = w[b], y1 = w[b + 1], y2 = w[b + 2], y3 = w[b + 3];
    long[] sum = new long[5];
    long s = x0 + y0;
    long c = ((x0 & y0) | ((x0 | y0) & ~s)) >>> 63;
    sum[0] = s;
    s = x1 + y1 + c;
    c = ((x1 & y1) | ((x1 | y1) & ~s)) >>> 63;
    sum[1] = s;
    s = x2 + y2 + c;
    c = ((x2 & y2) | ((x2 | y2) & ~s)) >>> 63;
    sum[2] = s;
    s = x3 + y3 + c;
    c = ((x3 & y3) | ((x3 | y3) & ~s)) >>> 63;
    sum[3] = s;
    sum[4] = c;
    int[] remainder = new int[8];
    divmod(longsToInts(sum, 5), 10, toInts(w, n, 8), null, remainder);
    fromInts(remainder, w, r);
  }

  /** (a * b) mod n over the full 512-bit product; zero when n is zero. */
  public static void mulmod(long[] w, int a, int b, int n, int r) {
    if (isZero(w, n)) {
      setZero(w, r);
      return;
    }
    if (isZero(w, a) || isZero(w, b)) {
      setZero(w, r);
      return;
    }
    long[] product = new long[8];
    for (int i = 0; i < 4; i++) {
      long carry = 0;
      long xi = w[a + i];
      for (int j = 0; j < 4; j++) {
        long yj = w[b + j];
        long lo = xi * yj;
        long hi = Math.unsignedMultiplyHigh(xi, yj);
        long sum = product[i + j] + lo;
        hi += Long.compareUnsigned(sum, lo) < 0 ? 1 : 0;
        long sum2 = sum + carry;
        hi += Long.compareUnsigned(sum2, sum) < 0 ? 1 : 0;
        product[i + j] = sum2;
        carry = hi;
      }
      product[i + 4] = carry;
    }
    int[] remainder = new int[8];
    divmod(longsToInts(product, 8), 16, toInts(w, n, 8), null, remainder);
    fromInts(remainder, w, r);
  }

  /** base^exponent mod 2^256. */
  public static void exp(long[] w, int base, int exponent, int r) {
    long[] t = new long[8]; // t[0..3] result, t[4..7] running square
    t[0] = 1;
    copyFrom(w, base, t, 4);
    int bits = bitLength(w, exponent);
    for (int i = 0; i < bits; i++) {
      if ((w[exponent + (i >>> 6)] >>> (i & 63) & 1) != 0) {
        mul(t, 0, 4, 0);
      }
      if (i + 1 < bits) {
        mul(t, 4, 4, 4);
      }
    }
    copyFrom(t, 0, w, r);
  }

  /** Extends the sign of byte {@code byteIndex} (0 = least significant) of x; b >= 31 keeps x. */
  public static void signExtend(long[] w, int byteIndex, int x, int r) {
    if (!fitsLong(w, byteIndex) || Long.compareUnsigned(w[byteIndex], 31) >= 0) {
      copy(w, x, r);
      return;
    }
    int bit = (int) w[byteIndex] * 8 + 7;
    int limb = bit >>> 6;
    int offset = bit & 63;
    boolean negative = ((w[x + limb] >>> offset) & 1) != 0;
    long mask = offset == 63 ? -1L : (1L << (offset + 1)) - 1;
    for (int i = 0; i < 4; i++) {
      long v = w[x + i];
      if (i < limb) {
        w[r + i] = v;
      } else if (i == limb) {
        w[r + i] = negative ? (v | ~mask) : (v & mask);
      } else {
        w[r + i] = negative ? -1L : 0L;
      }
    }
  }

  public static void negate(long[] w, int a, int r) {
    long x0 = ~w[a], x1 = ~w[a + 1], x2 = ~w[a + 2], x3 = ~w[a + 3];
    long s0 = x0 + 1;
    long c = s0 == 0 ? 1 : 0;
    long s1 = x1 + c;
    c = c == 1 && s1 == 0 ? 1 : 0;
    long s2 = x2 + c;
    c = c == 1 && s2 == 0 ? 1 : 0;
    w[r] = s0;
    w[r + 1] = s1;
    w[r + 2] = s2;
    w[r + 3] = x3 + c;
  }

  // ---- comparison and bitwise --------------------------------------------------------

  /** Unsigned comparison: negative, zero or positive as a <, =, > b. */
  public static int compareUnsigned(long[] w, int a, int b) {
    for (int i = 3; i >= 0; i--) {
      int c = Long.compareUnsigned(w[a + i], w[b + i]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** Signed (two's complement) comparison. */
  public static int compareSigned(long[] w, int a, int b) {
    int c = Long.compare(w[a + 3], w[b + 3]);
    if (c != 0) {
      return c;
    }
    for (int i = 2; i >= 0; i--) {
      c = Long.compareUnsigned(w[a + i], w[b + i]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  public static boolean equal(long[] w, int a, int b) {
    return w[a] == w[b] && w[a + 1] == w[b + 1] && w[a + 2] == w[b + 2] && w[a + 3] == w[b + 3];
  }

  public static void and(long[] w, int a, int b, int r) {
    w[r] = w[a] & w[b];
    w[r + 1] = w[a + 1] & w[b + 1];
    w[r + 2] = w[a + 2] & w[b + 2];
    w[r + 3] = w[a + 3] & w[b + 3];
  }

  public static void or(long[] w, int a, int b, int r) {
    w[r] = w[a] | w[b];
    w[r + 1] = w[a + 1] | w[b + 1];
    w[r + 2] = w[a + 2] | w[b + 2];
    w[r + 3] = w[a + 3] | w[b + 3];
  }

  public static void xor(long[] w, int a, int b, int r) {
    w[r] = w[a] ^ w[b];
    w[r + 1] = w[a + 1] ^ w[b + 1];
    w[r + 2] = w[a + 2] ^ w[b + 2];
    w[r + 3] = w[a + 3] ^ w[b + 3];
  }

  public static void not(long[] w, int a, int r) {
    w[r] = ~w[a];
    w[r + 1] = ~w[a + 1];
    w[r + 2] = ~w[a + 2];
    w[r + 3] = ~w[a + 3];
  }

  /** Byte {@code index} of x counted from the most significant end (EVM BYTE); 0 past 31. */
  public static void byteAt(long[] w, int index, int x, int r) {
    long result = 0;
    if (fitsLong(w, index) && Long.compareUnsigned(w[index], 32) < 0) {
      int fromLow = 31 - (int) w[index];
      result = (w[x + (fromLow >>> 3)] >>> ((fromLow & 7) * 8)) & 0xff;
    }
    setLong(w, r, result);
  }

  /** x << shift (EVM SHL); zero for shifts of 256 or more. */
  public static void shl(long[] w, int shift, int x, int r) {
    if (!fitsLong(w, shift) || Long.compareUnsigned(w[shift], 256) >= 0) {
      setZero(w, r);
      return;
    }
    int n = (int) w[shift];
    int limbs = n >>> 6;
    int bits = n & 63;
    long x0 = w[x], x1 = w[x + 1], x2 = w[x + 2], x3 = w[x + 3];
    long[] in = {x0, x1, x2, x3};
    for (int i = 3; i >= 0; i--) {
      int src = i - limbs;
      long v = src >= 0 ? in[src] << bits : 0;
      if (bits != 0 && src - 1 >= 0) {
        v |= in[src - 1] >>> (64 - bits);
      }
      w[r + i] = v;
    }
  }

  /** x >>> shift (EVM SHR); zero for shifts of 256 or more. */
  public static void shr(long[] w, int shift, int x, int r) {
    if (!fitsLong(w, shift) || Long.compareUnsigned(w[shift], 256) >= 0) {
      setZero(w, r);
      return;
    }
    shiftRight((int) w[shift], w, x, r, 0L);
  }

  /** x >> shift with sign fill (EVM SAR). */
  public static void sar(long[] w, int shift, int x, int r) {
    long fill = w[x + 3] < 0 ? -1L : 0L;
    if (!fitsLong(w, shift) || Long.compareUnsigned(w[shift], 256) >= 0) {
      w[r] = fill;
      w[r + 1] = fill;
      w[r + 2] = fill;
      w[r + 3] = fill;
      return;
    }
    shiftRight((int) w[shift], w, x, r, fill);
  }

  private static void shiftRight(int n, long[] w, int x, int r, long fill) {
    int limbs = n >>> 6;
    int bits = n & 63;
    long[] in = {w[x], w[x + 1], w[x + 2], w[x + 3]};
    for (int i = 0; i < 4; i++) {
      int src = i + limbs;
      long lo = src < 4 ? in[src] : fill;
      long hi = src + 1 < 4 ? in[src + 1] : fill;
      w[r + i] = bits == 0 ? lo : (lo >>> bits) | (hi << (64 - bits));
    }
  }

  /** Number of significant bits (0 for zero). */
  public static int bitLength(long[] w, int a) {
    for (int i = 3; i >= 0; i--) {
      if (w[a + i] != 0) {
        return 64 * i + 64 - Long.numberOfLeadingZeros(w[a + i]);
      }
    }
    return 0;
  }

  /** Number of significant bytes (0 for zero). */
  public static int byteLength(long[] w, int a) {
    return (bitLength(w, a) + 7) >>> 3;
  }

  // ---- division core (Knuth, The Art of Computer Programming, vol. 2, 4.3.1, algorithm D) --

  private static void absInto(long[] w, int a, long[] t, int to) {
    copyFrom(w, a, t, to);
    if (t[to + 3] < 0) {
      negate(t, to, to);
    }
  }

  private static void copyFrom(long[] from, int a, long[] to, int r) {
    to[r] = from[a];
    to[r + 1] = from[a + 1];
    to[r + 2] = from[a + 2];
    to[r + 3] = from[a + 3];
  }

  private static int[] toInts(long[] w, int a, int count) {
    int[] out = new int[count];
    for (int i = 0; i < 4; i++) {
      out[2 * i] = (int) w[a + i];
      out[2 * i + 1] = (int) (w[a + i] >>> 32);
    }
    return out;
  }

  private static int[] longsToInts(long[] limbs, int count) {
    int[] out = new int[2 * count];
    for (int i = 0; i < count; i++) {
      out[2 * i] = (int) limbs[i];
      out[2 * i + 1] = (int) (limbs[i] >>> 32);
    }
    return out;
  }

  private static void fromInts(int[] ints, long[] w, int r) {
    for (int i = 0; i < 4; i++) {
      w[r + i] = (ints[2 * i] & 0xffffffffL) | ((long) ints[2 * i + 1] << 32);
    }
  }

  /**
   * Divides the {@code uLength}-limb number u by the 8-limb number v (non-zero), writing the
   * quotient (if wanted; at least uLength - n + 1 limbs) and the remainder (8 limbs).
   */
  private static void divmod(int[] u, int uLength, int[] v, int[] quotient, int[] remainder) {
    int n = 8;
    while (n > 0 && v[n - 1] == 0) {
      n--;
    }
    int m = uLength;
    while (m > 0 && u[m - 1] == 0) {
      m--;
    }
    if (quotient != null) {
      java.util.Arrays.fill(quotient, 0);
    }
    if (remainder != null) {
      java.util.Arrays.fill(remainder, 0);
    }
    if (m < n) {
      if (remainder != null) {
        System.arraycopy(u, 0, remainder, 0, m);
      }
      return;
    }
    if (n == 1) {
      long divisor = v[0] & 0xffffffffL;
      long rem = 0;
      for (int j = m - 1; j >= 0; j--) {
        long cur = (rem << 32) | (u[j] & 0xffffffffL);
        if (quotient != null && j < quotient.length) {
          quotient[j] = (int) Long.divideUnsigned(cur, divisor);
        }
        rem = Long.remainderUnsigned(cur, divisor);
      }
      if (remainder != null) {
        remainder[0] = (int) rem;
      }
      return;
    }
    // Normalize so the divisor's top limb has its high bit set.
    int s = Integer.numberOfLeadingZeros(v[n - 1]);
    int[] vn = new int[n];
    for (int i = n - 1; i > 0; i--) {
      vn[i] = (v[i] << s) | (s == 0 ? 0 : (v[i - 1] >>> (32 - s)));
    }
    vn[0] = v[0] << s;
    int[] un = new int[m + 1];
    un[m] = s == 0 ? 0 : u[m - 1] >>> (32 - s);
    for (int i = m - 1; i > 0; i--) {
      un[i] = (u[i] << s) | (s == 0 ? 0 : (u[i - 1] >>> (32 - s)));
    }
    un[0] = u[0] << s;

    long vTop = vn[n - 1] & 0xffffffffL;
    long vNext = vn[n - 2] & 0xffffffffL;
    for (int j = m - n; j >= 0; j--) {
      long numerator = ((un[j + n] & 0xffffffffL) << 32) | (un[j + n - 1] & 0xffffffffL);
      long qhat = Long.divideUnsigned(numerator, vTop);
      long rhat = Long.remainderUnsigned(numerator, vTop);
      while (qhat >= (1L << 32)
          || Long.compareUnsigned(qhat * vNext, (rhat << 32) | (un[j + n - 2] & 0xffffffffL)) > 0) {
        qhat--;
        rhat += vTop;
        if (rhat >= (1L << 32)) {
          break;
        }
      }
      // Multiply and subtract.
      long borrow = 0;
      long carry = 0;
      for (int i = 0; i < n; i++) {
        long p = qhat * (vn[i] & 0xffffffffL) + carry;
        carry = p >>> 32;
        long t = (un[i + j] & 0xffffffffL) - (p & 0xffffffffL) - borrow;
        un[i + j] = (int) t;
        borrow = t < 0 ? 1 : 0;
      }
      long t = (un[j + n] & 0xffffffffL) - carry - borrow;
      un[j + n] = (int) t;
      if (t < 0) {
        // qhat was one too large: add the divisor back.
        qhat--;
        long c = 0;
        for (int i = 0; i < n; i++) {
          long sum = (un[i + j] & 0xffffffffL) + (vn[i] & 0xffffffffL) + c;
          un[i + j] = (int) sum;
          c = sum >>> 32;
        }
        un[j + n] += (int) c;
      }
      if (quotient != null && j < quotient.length) {
        quotient[j] = (int) qhat;
      }
    }
    if (remainder != null) {
      for (int i = 0; i < n; i++) {
        remainder[i] = (un[i] >>> s) | (s == 0 ? 0 : (un[i + 1] << (32 - s)));
      }
    }
  }
}
