package dev.zg.crypto.bn254;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Fp's Montgomery arithmetic against BigInteger mod p as the oracle. */
class FpTest {
  private static final BigInteger P = Fp.MODULUS;

  @Provide
  Arbitrary<BigInteger> elements() {
    // Values near 0, p and the limb boundaries, where carries and the final subtraction bite.
    Arbitrary<BigInteger> edges = Arbitraries.of(
        BigInteger.ZERO, BigInteger.ONE, P.subtract(BigInteger.ONE), P.shiftRight(1),
        BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE), BigInteger.ONE.shiftLeft(192));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, edges),
        net.jqwik.api.Tuple.of(4,
            Arbitraries.bigIntegers().between(BigInteger.ZERO, P.subtract(BigInteger.ONE))));
  }

  @Property
  void arithmeticMatchesBigInteger(
      @ForAll("elements") BigInteger a, @ForAll("elements") BigInteger b) {
    Fp x = Fp.fromBigInteger(a);
    Fp y = Fp.fromBigInteger(b);
    assertThat(x.toBigInteger()).isEqualTo(a);
    assertThat(x.add(y).toBigInteger()).isEqualTo(a.add(b).mod(P));
    assertThat(x.subtract(y).toBigInteger()).isEqualTo(a.subtract(b).mod(P));
    assertThat(x.multiply(y).toBigInteger()).isEqualTo(a.multiply(b).mod(P));
    assertThat(x.square().toBigInteger()).isEqualTo(a.multiply(a).mod(P));
    assertThat(x.negate().toBigInteger()).isEqualTo(a.negate().mod(P));
  }

  @Property(tries = 200)
  void inverseMatchesBigInteger(@ForAll("elements") BigInteger a) {
    Fp x = Fp.fromBigInteger(a);
    BigInteger expected = a.signum() == 0 ? BigInteger.ZERO : a.modInverse(P);
    assertThat(x.inverse().toBigInteger()).isEqualTo(expected);
  }

  @Property
  void bytesRoundTrip(@ForAll("elements") BigInteger a) {
    byte[] bytes = new byte[32];
    Fp.fromBigInteger(a).toBytes(bytes, 0);
    assertThat(new BigInteger(1, bytes)).isEqualTo(a);
    assertThat(Fp.fromBytes(bytes, 0)).isEqualTo(Fp.fromBigInteger(a));
  }

  @Test
  void rejectsNonCanonicalEncodings() {
    assertThat(Fp.fromBytes(unsigned32(P), 0)).isNull();
    assertThat(Fp.fromBytes(unsigned32(P.add(BigInteger.ONE)), 0)).isNull();
    byte[] max = new byte[32];
    java.util.Arrays.fill(max, (byte) 0xff);
    assertThat(Fp.fromBytes(max, 0)).isNull();
    assertThat(Fp.fromBytes(unsigned32(P.subtract(BigInteger.ONE)), 0)).isNotNull();
  }

  static byte[] unsigned32(BigInteger v) {
    byte[] raw = v.toByteArray();
    byte[] out = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, out, 32 - n, n);
    return out;
  }
}
