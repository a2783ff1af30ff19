package dev.zg.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.BigRange;

class UInt256Test {
  private static final BigInteger MOD = BigInteger.ONE.shiftLeft(256);

  @Property(tries = 1000)
  void matchesBigInteger(
      @ForAll @BigRange(min = "0", max = "115792089237316195423570985008687907853269984665640564039457584007913129639935") BigInteger a,
      @ForAll @BigRange(min = "0", max = "115792089237316195423570985008687907853269984665640564039457584007913129639935") BigInteger b) {
    UInt256 x = UInt256.fromBigInteger(a);
    UInt256 y = UInt256.fromBigInteger(b);
    assertThat(x.toBigInteger()).isEqualTo(a);
    assertThat(x.add(y).toBigInteger()).isEqualTo(a.add(b).mod(MOD));
    assertThat(x.subtract(y).toBigInteger()).isEqualTo(a.subtract(b).mod(MOD));
    assertThat(x.multiply(y).toBigInteger()).isEqualTo(a.multiply(b).mod(MOD));
    assertThat(Integer.signum(x.compareTo(y))).isEqualTo(a.compareTo(b));
    assertThat(x.addExact(y) == null).isEqualTo(a.add(b).bitLength() > 256);
    assertThat(UInt256.fromBytes(x.toMinimalBytes())).isEqualTo(x);
    assertThat(UInt256.parse(x.toHexQuantity())).isEqualTo(x);
    assertThat(x.equals(y)).isEqualTo(a.equals(b));
  }
}
