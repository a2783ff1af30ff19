package dev.zg.evm.precompile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Bytes;
import dev.zg.common.Hex;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** EIP-198 format and examples, EIP-2565 gas, huge declared lengths, BigInteger as oracle. */
class ModExpPrecompileTest {
  private static final Precompile MODEXP = new ModExpPrecompile();
  private static final String MAX_WORD = "ff".repeat(32);

  private static String word(long value) {
    return Hex.encode(Bytes.unsigned(BigInteger.valueOf(value), 32));
  }

  @Test
  void eip198Examples() {
    // 3^(p-1) mod p = 1 for the secp256k1 field prime (Fermat).
    byte[] fermat = Hex.decode(word(1) + word(32) + word(32) + "03"
        + "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e"
        + "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f");
    assertThat(Hex.encode(MODEXP.run(fermat))).isEqualTo(word(1));
    assertThat(MODEXP.gas(fermat)).isEqualTo(1360); // 4² · 255 / 3
    // A zero-length base is 0, and 0^e mod p = 0.
    byte[] zeroBase = Hex.decode(word(0) + word(32) + word(32)
        + "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e"
        + "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f");
    assertThat(Hex.encode(MODEXP.run(zeroBase))).isEqualTo(word(0));
  }

  @Test
  void hugeLengthsCostTooMuchAndAllocateNothing() {
    byte[] hugeBase = Hex.decode(MAX_WORD + word(1) + word(1));
    assertThat(MODEXP.gas(hugeBase)).isEqualTo(Long.MAX_VALUE);
    assertThat(MODEXP.run(hugeBase)).isNull();
    byte[] hugeExponent = Hex.decode(word(1) + MAX_WORD + word(1) + "0203");
    assertThat(MODEXP.gas(hugeExponent)).isEqualTo(Long.MAX_VALUE);
    assertThat(MODEXP.run(hugeExponent)).containsExactly(0); // the modulus lies past the input
    byte[] hugeModulus = Hex.decode(word(1) + word(1) + MAX_WORD);
    assertThat(MODEXP.gas(hugeModulus)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void zeroModulusLengthIsCheapAndEmptyWhateverTheExponent() {
    // EIP-198's example: the exponent length is 2^256 - 1, but nothing is multiplied.
    byte[] in = Hex.decode(word(0) + MAX_WORD + word(0));
    assertThat(MODEXP.gas(in)).isEqualTo(200);
    assertThat(MODEXP.run(in)).isEmpty();
    assertThat(MODEXP.run(new byte[0])).isEmpty();
    assertThat(MODEXP.gas(new byte[0])).isEqualTo(200);
  }

  @Test
  void zeroModulusValueGivesZerosAndZeroExponentGivesOne() {
    assertThat(Hex.encode(MODEXP.run(Hex.decode(word(1) + word(1) + word(2) + "05" + "03"))))
        .isEqualTo("0000");
    assertThat(Hex.encode(MODEXP.run(Hex.decode(word(1) + word(0) + word(2) + "05" + "0007"))))
        .isEqualTo("0001");
    assertThat(Hex.encode(MODEXP.run(Hex.decode(word(0) + word(0) + word(1) + "01"))))
        .isEqualTo("00");
  }

  @Test
  void operandsPastTheInputAreZero() {
    // Exponent declared as 40 bytes, only its first byte present: the modulus lies past the
    // input, so it is 0 and the result is zeros, without reading the exponent.
    byte[] in = Hex.decode(word(1) + word(40) + word(3) + "03" + "01");
    assertThat(MODEXP.run(in)).isEqualTo(new byte[3]);
    byte[] hugeExponent = Hex.decode(word(1) + MAX_WORD + word(3) + "03");
    assertThat(MODEXP.run(hugeExponent)).isEqualTo(new byte[3]);
    // A modulus cut short reads as right-padded: 0x0f4243 cut to 0x0f42 is 0x0f4200.
    BigInteger m = new BigInteger("0f4200", 16);
    byte[] cut = Hex.decode(word(1) + word(1) + word(3) + "03" + "05" + "0f42");
    assertThat(new BigInteger(1, MODEXP.run(cut))).isEqualTo(BigInteger.valueOf(243).mod(m));
  }

  @Property(tries = 300)
  void matchesBigInteger(
      @ForAll @Size(max = 70) byte[] base,
      @ForAll @Size(max = 40) byte[] exponent,
      @ForAll @Size(min = 1, max = 70) byte[] modulus,
      @ForAll @IntRange(min = 0, max = 3) int cut) {
    byte[] in = Bytes.concat(Hex.decode(word(base.length) + word(exponent.length)
        + word(modulus.length)), base, exponent, modulus);
    BigInteger m = new BigInteger(1, modulus);
    BigInteger expected = m.signum() == 0 ? BigInteger.ZERO
        : new BigInteger(1, base).modPow(new BigInteger(1, exponent), m);
    assertThat(new BigInteger(1, MODEXP.run(in))).isEqualTo(expected);
    assertThat(MODEXP.run(in)).hasSize(modulus.length);
    assertThat(MODEXP.gas(in)).isGreaterThanOrEqualTo(200);
    // Cutting trailing zero bytes off the input changes nothing.
    byte[] tail = java.util.Arrays.copyOfRange(in, Math.max(0, in.length - cut), in.length);
    if (cut > 0 && in.length >= cut && Bytes.isZero(tail)) {
      byte[] shorter = java.util.Arrays.copyOf(in, in.length - cut);
      assertThat(MODEXP.run(shorter)).isEqualTo(MODEXP.run(in));
      assertThat(MODEXP.gas(shorter)).isEqualTo(MODEXP.gas(in));
    }
  }
}
