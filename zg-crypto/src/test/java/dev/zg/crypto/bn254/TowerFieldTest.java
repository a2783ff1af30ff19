package dev.zg.crypto.bn254;

import static dev.zg.crypto.bn254.Bn254TestSupport.P;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Field laws of Fp2, Fp6 and Fp12 on random elements, and the Frobenius shortcuts against
 * plain exponentiation by p^k.
 */
class TowerFieldTest {

  @Property(tries = 50)
  void fp2IsAField(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Fp2 a = Bn254TestSupport.fp2(random);
    Fp2 b = Bn254TestSupport.fp2(random);
    Fp2 c = Bn254TestSupport.fp2(random);
    assertThat(a.multiply(b).multiply(c)).isEqualTo(a.multiply(b.multiply(c)));
    assertThat(a.multiply(b.add(c))).isEqualTo(a.multiply(b).add(a.multiply(c)));
    assertThat(a.square()).isEqualTo(a.multiply(a));
    assertThat(a.multiply(a.inverse())).isEqualTo(Fp2.ONE);
    assertThat(a.multiplyByXi()).isEqualTo(a.multiply(Fp2.XI));
    assertThat(a.conjugate()).isEqualTo(a.pow(P));
    // i² = -1
    Fp2 i = new Fp2(Fp.ZERO, Fp.ONE);
    assertThat(i.square()).isEqualTo(Fp2.ONE.negate());
  }

  @Property(tries = 30)
  void fp6IsAField(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Fp6 a = Bn254TestSupport.fp6(random);
    Fp6 b = Bn254TestSupport.fp6(random);
    Fp6 c = Bn254TestSupport.fp6(random);
    assertThat(a.multiply(b).multiply(c)).isEqualTo(a.multiply(b.multiply(c)));
    assertThat(a.multiply(b.add(c))).isEqualTo(a.multiply(b).add(a.multiply(c)));
    assertThat(a.multiply(b)).isEqualTo(b.multiply(a));
    assertThat(a.multiply(a.inverse())).isEqualTo(Fp6.ONE);
    Fp6 v = new Fp6(Fp2.ZERO, Fp2.ONE, Fp2.ZERO);
    assertThat(a.multiplyByV()).isEqualTo(a.multiply(v));
    assertThat(v.multiply(v).multiply(v)).isEqualTo(new Fp6(Fp2.XI, Fp2.ZERO, Fp2.ZERO));
    Fp2 b0 = Bn254TestSupport.fp2(random);
    Fp2 b1 = Bn254TestSupport.fp2(random);
    assertThat(a.multiplyBy01(b0, b1)).isEqualTo(a.multiply(new Fp6(b0, b1, Fp2.ZERO)));
  }

  @Property(tries = 20)
  void fp12IsAField(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Fp12 a = Bn254TestSupport.fp12(random);
    Fp12 b = Bn254TestSupport.fp12(random);
    Fp12 c = Bn254TestSupport.fp12(random);
    assertThat(a.multiply(b).multiply(c)).isEqualTo(a.multiply(b.multiply(c)));
    assertThat(a.multiply(b)).isEqualTo(b.multiply(a));
    assertThat(a.square()).isEqualTo(a.multiply(a));
    assertThat(a.multiply(a.inverse())).isEqualTo(Fp12.ONE);
    Fp2 l0 = Bn254TestSupport.fp2(random);
    Fp2 l1 = Bn254TestSupport.fp2(random);
    Fp2 l3 = Bn254TestSupport.fp2(random);
    Fp12 line = new Fp12(new Fp6(l0, Fp2.ZERO, Fp2.ZERO), new Fp6(l1, l3, Fp2.ZERO));
    assertThat(a.multiplyByLine(l0, l1, l3)).isEqualTo(a.multiply(line));
  }

  @Property(tries = 20)
  void cyclotomicSquareIsTheSquareInTheCyclotomicSubgroup(@ForAll long seed) {
    Fp12 f = Bn254TestSupport.fp12(new SplittableRandom(seed));
    // f^((p⁶ - 1)(p² + 1)) lies in the subgroup of order p⁴ - p² + 1.
    Fp12 g = f.conjugate().multiply(f.inverse());
    g = g.frobenius(2).multiply(g);
    assertThat(g.cyclotomicSquare()).isEqualTo(g.square());
    assertThat(g.conjugate()).isEqualTo(g.inverse());
  }

  @Test
  void frobeniusIsThePowerOfP() {
    SplittableRandom random = new SplittableRandom(1);
    for (int round = 0; round < 3; round++) {
      Fp12 a = Bn254TestSupport.fp12(random);
      assertThat(a.frobenius(1)).isEqualTo(a.pow(P));
      assertThat(a.frobenius(2)).isEqualTo(a.pow(P.pow(2)));
      assertThat(a.frobenius(3)).isEqualTo(a.pow(P.pow(3)));
      assertThat(a.conjugate()).isEqualTo(a.pow(P.pow(6)));
    }
  }

  @Test
  void wGeneratesTheTower() {
    // w² = v and w⁶ = ξ: the basis the line placement and Frobenius table assume.
    Fp12 w = new Fp12(Fp6.ZERO, Fp6.ONE);
    assertThat(w.square()).isEqualTo(new Fp12(new Fp6(Fp2.ZERO, Fp2.ONE, Fp2.ZERO), Fp6.ZERO));
    assertThat(w.pow(BigInteger.valueOf(6)))
        .isEqualTo(new Fp12(new Fp6(Fp2.XI, Fp2.ZERO, Fp2.ZERO), Fp6.ZERO));
  }
}
