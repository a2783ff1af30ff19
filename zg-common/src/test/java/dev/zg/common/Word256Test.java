package dev.zg.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.function.BinaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every word operation against BigInteger, on words biased towards edge values. */
class Word256Test {
  private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);
  private static final BigInteger MASK = TWO_256.subtract(BigInteger.ONE);

  @Provide
  Arbitrary<BigInteger> words() {
    Arbitrary<BigInteger> any = Arbitraries.bigIntegers().between(BigInteger.ZERO, MASK);
    Arbitrary<BigInteger> small = Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(300));
    Arbitrary<BigInteger> sized = Arbitraries.integers().between(0, 256).flatMap(bits ->
        Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)));
    Arbitrary<BigInteger> edges = Arbitraries.of(BigInteger.ZERO, BigInteger.ONE, MASK,
        BigInteger.ONE.shiftLeft(255), BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE),
        BigInteger.ONE.shiftLeft(64), BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE),
        BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE), MASK.subtract(BigInteger.ONE));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(3, any), net.jqwik.api.Tuple.of(2, small),
        net.jqwik.api.Tuple.of(4, sized), net.jqwik.api.Tuple.of(2, edges));
  }

  private static long[] words(BigInteger... values) {
    long[] w = new long[4 * values.length + 4];
    for (int i = 0; i < values.length; i++) {
      byte[] b = Bytes.unsigned(values[i], 32);
      Word256.fromBytes(w, 4 * i, b, 0, 32);
    }
    return w;
  }

  private static BigInteger read(long[] w, int offset) {
    byte[] out = new byte[32];
    Word256.toBytes(w, offset, out, 0);
    return new BigInteger(1, out);
  }

  private static BigInteger signed(BigInteger x) {
    return x.testBit(255) ? x.subtract(TWO_256) : x;
  }

  private static BigInteger unsigned(BigInteger x) {
    return x.and(MASK);
  }

  interface Op3 {
    void apply(long[] w, int a, int b, int r);
  }

  private static void check(Op3 op, BinaryOperator<BigInteger> expected, BigInteger a, BigInteger b) {
    long[] w = words(a, b);
    op.apply(w, 0, 4, 8);
    assertThat(read(w, 8)).as("fresh result").isEqualTo(expected.apply(a, b));
    // In place over the first operand, as the EVM stack does.
    op.apply(w, 0, 4, 4);
    assertThat(read(w, 4)).as("in place").isEqualTo(expected.apply(a, b));
  }

  @Property(tries = 2000)
  void arithmetic(@ForAll("words") BigInteger a, @ForAll("words") BigInteger b) {
    check(Word256::add, (x, y) -> x.add(y).and(MASK), a, b);
    check(Word256::sub, (x, y) -> x.subtract(y).and(MASK), a, b);
    check(Word256::mul, (x, y) -> x.multiply(y).and(MASK), a, b);
    check(Word256::div, (x, y) -> y.signum() == 0 ? BigInteger.ZERO : x.divide(y), a, b);
    check(Word256::mod, (x, y) -> y.signum() == 0 ? BigInteger.ZERO : x.mod(y), a, b);
    check(Word256::sdiv, (x, y) -> y.signum() == 0 ? BigInteger.ZERO
        : unsigned(signed(x).abs().divide(signed(y).abs())
            .multiply(BigInteger.valueOf(signed(x).signum() * signed(y).signum() < 0 ? -1 : 1))), a, b);
    check(Word256::smod, (x, y) -> y.signum() == 0 ? BigInteger.ZERO
        : unsigned(signed(x).abs().mod(signed(y).abs())
            .multiply(BigInteger.valueOf(signed(x).signum() < 0 ? -1 : 1))), a, b);
    check(Word256::exp, (x, y) -> x.modPow(y, TWO_256), a, b);
  }

  @Property(tries = 1500)
  void modularArithmetic(@ForAll("words") BigInteger a, @ForAll("words") BigInteger b,
      @ForAll("words") BigInteger n) {
    long[] w = words(a, b, n);
    Word256.addmod(w, 0, 4, 8, 12);
    assertThat(read(w, 12)).isEqualTo(n.signum() == 0 ? BigInteger.ZERO : a.add(b).mod(n));
    Word256.mulmod(w, 0, 4, 8, 12);
    assertThat(read(w, 12)).isEqualTo(n.signum() == 0 ? BigInteger.ZERO : a.multiply(b).mod(n));
  }

  @Property(tries = 1500)
  void comparisonsAndBits(@ForAll("words") BigInteger a, @ForAll("words") BigInteger b) {
    long[] w = words(a, b);
    assertThat(Integer.signum(Word256.compareUnsigned(w, 0, 4))).isEqualTo(a.compareTo(b));
    assertThat(Integer.signum(Word256.compareSigned(w, 0, 4))).isEqualTo(signed(a).compareTo(signed(b)));
    assertThat(Word256.equal(w, 0, 4)).isEqualTo(a.equals(b));
    assertThat(Word256.bitLength(w, 0)).isEqualTo(a.bitLength());
    check(Word256::and, BigInteger::and, a, b);
    check(Word256::or, BigInteger::or, a, b);
    check(Word256::xor, BigInteger::xor, a, b);
    w = words(a);
    Word256.not(w, 0, 0);
    assertThat(read(w, 0)).isEqualTo(a.xor(MASK));
  }

  @Property(tries = 1500)
  void shiftsByteAndSignExtend(@ForAll("words") BigInteger x, @ForAll("words") BigInteger shift) {
    int s = shift.bitLength() <= 31 ? shift.intValue() : Integer.MAX_VALUE;
    check((w, a, b, r) -> Word256.shl(w, a, b, r),
        (n, v) -> s >= 256 ? BigInteger.ZERO : v.shiftLeft(s).and(MASK), shift, x);
    check((w, a, b, r) -> Word256.shr(w, a, b, r),
        (n, v) -> s >= 256 ? BigInteger.ZERO : v.shiftRight(s), shift, x);
    check((w, a, b, r) -> Word256.sar(w, a, b, r),
        (n, v) -> unsigned(signed(v).shiftRight(Math.min(s, 256))), shift, x);
    check((w, a, b, r) -> Word256.byteAt(w, a, b, r),
        (n, v) -> s >= 32 ? BigInteger.ZERO : v.shiftRight(8 * (31 - s)).and(BigInteger.valueOf(255)), shift, x);
    check((w, a, b, r) -> Word256.signExtend(w, a, b, r), (n, v) -> {
      if (s >= 31) {
        return v;
      }
      int bit = 8 * s + 7;
      BigInteger low = v.and(BigInteger.ONE.shiftLeft(bit + 1).subtract(BigInteger.ONE));
      return v.testBit(bit) ? low.or(MASK.xor(BigInteger.ONE.shiftLeft(bit + 1).subtract(BigInteger.ONE))) : low;
    }, shift, x);
  }

  @Property(tries = 500)
  void bytesRoundTrip(@ForAll("words") BigInteger a) {
    byte[] minimal = Bytes.unsigned(a);
    long[] w = new long[4];
    Word256.fromBytes(w, 0, minimal, 0, minimal.length);
    assertThat(read(w, 0)).isEqualTo(a);
    assertThat(Word256.byteLength(w, 0)).isEqualTo(minimal.length);
  }
}
