package dev.zg.crypto.bn254;

import static dev.zg.crypto.bn254.Tower.FP12;
import static dev.zg.crypto.bn254.Tower.FP2;
import static dev.zg.crypto.bn254.Tower.FP6;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The pairing's mutable array arithmetic ({@link FpLimbs}, {@link Tower}) against the
 * immutable {@link Fp} and the Fp2/Fp6/Fp12 records as the oracle, including outputs that
 * alias an input, which the hot path relies on.
 */
class TowerTest {
  private final Tower tower = new Tower();

  @Property(tries = 300)
  void fpLimbsMatchFp(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Fp a = seed % 7 == 0 ? Fp.fromBigInteger(Fp.MODULUS.subtract(BigInteger.ONE))
        : Bn254TestSupport.fp(random);
    Fp b = seed % 5 == 0 ? Fp.ZERO : Bn254TestSupport.fp(random);
    long[] x = new long[12];
    a.toLimbs(x, 0);
    b.toLimbs(x, 4);
    FpLimbs.multiply(x, 8, x, 0, x, 4);
    assertThat(Fp.fromLimbs(x, 8)).isEqualTo(a.multiply(b));
    FpLimbs.add(x, 8, x, 0, x, 4);
    assertThat(Fp.fromLimbs(x, 8)).isEqualTo(a.add(b));
    FpLimbs.subtract(x, 8, x, 0, x, 4);
    assertThat(Fp.fromLimbs(x, 8)).isEqualTo(a.subtract(b));
    FpLimbs.negate(x, 8, x, 4);
    assertThat(Fp.fromLimbs(x, 8)).isEqualTo(b.negate());
    // Unreduced sums (below 2p) are valid operands of multiply: (a + a)(a + b).
    FpLimbs.addUnreduced(x, 8, x, 0, x, 0);
    FpLimbs.addUnreduced(x, 4, x, 0, x, 4);
    FpLimbs.multiply(x, 0, x, 8, x, 4);
    assertThat(Fp.fromLimbs(x, 0)).isEqualTo(a.twice().multiply(a.add(b)));
  }

  @Property(tries = 50)
  void fp2MatchesTheRecord(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Fp2 a = Bn254TestSupport.fp2(random);
    Fp2 b = Bn254TestSupport.fp2(random);
    long[] x = new long[3 * FP2];
    Tower.put(x, 0, a);
    Tower.put(x, FP2, b);
    tower.fp2Multiply(x, 2 * FP2, x, 0, x, FP2);
    assertThat(Tower.fp2(x, 2 * FP2)).isEqualTo(a.multiply(b));
    tower.fp2Square(x, 2 * FP2, x, 0);
    assertThat(Tower.fp2(x, 2 * FP2)).isEqualTo(a.square());
    tower.fp2MultiplyByXi(x, 2 * FP2, x, 0);
    assertThat(Tower.fp2(x, 2 * FP2)).isEqualTo(a.multiplyByXi());
    Tower.fp2Conjugate(x, 2 * FP2, x, 0);
    assertThat(Tower.fp2(x, 2 * FP2)).isEqualTo(a.conjugate());
    Tower.fp2MultiplyByFp(x, 2 * FP2, x, 0, x, FP2);
    assertThat(Tower.fp2(x, 2 * FP2)).isEqualTo(a.multiply(b.c0()));
    // In place: the output is the first input.
    tower.fp2Multiply(x, 0, x, 0, x, FP2);
    tower.fp2MultiplyByXi(x, 0, x, 0);
    tower.fp2Square(x, 0, x, 0);
    assertThat(Tower.fp2(x, 0)).isEqualTo(a.multiply(b).multiplyByXi().square());
  }

  @Property(tries = 30)
  void fp6MatchesTheRecord(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Fp6 a = Bn254TestSupport.fp6(random);
    Fp6 b = Bn254TestSupport.fp6(random);
    Fp2 b0 = Bn254TestSupport.fp2(random);
    Fp2 b1 = Bn254TestSupport.fp2(random);
    long[] x = new long[3 * FP6 + 2 * FP2];
    put(x, 0, a);
    put(x, FP6, b);
    Tower.put(x, 3 * FP6, b0);
    Tower.put(x, 3 * FP6 + FP2, b1);
    tower.fp6Multiply(x, 2 * FP6, x, 0, x, FP6);
    assertThat(fp6(x, 2 * FP6)).isEqualTo(a.multiply(b));
    tower.fp6MultiplyBy01(x, 2 * FP6, x, 0, x, 3 * FP6, 3 * FP6 + FP2);
    assertThat(fp6(x, 2 * FP6)).isEqualTo(a.multiplyBy01(b0, b1));
    tower.fp6MultiplyByFp2(x, 2 * FP6, x, 0, x, 3 * FP6);
    assertThat(fp6(x, 2 * FP6)).isEqualTo(a.multiply(b0));
    tower.fp6MultiplyByV(x, 2 * FP6, x, 0);
    assertThat(fp6(x, 2 * FP6)).isEqualTo(a.multiplyByV());
    tower.fp6Multiply(x, 0, x, 0, x, FP6);
    tower.fp6MultiplyByV(x, 0, x, 0);
    tower.fp6MultiplyBy01(x, 0, x, 0, x, 3 * FP6, 3 * FP6 + FP2);
    assertThat(fp6(x, 0)).isEqualTo(a.multiply(b).multiplyByV().multiplyBy01(b0, b1));
  }

  @Property(tries = 20)
  void fp12MatchesTheRecord(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Fp12 a = Bn254TestSupport.fp12(random);
    Fp12 b = Bn254TestSupport.fp12(random);
    long[] x = new long[3 * FP12 + 3 * FP2];
    Tower.put(x, 0, a);
    Tower.put(x, FP12, b);
    tower.fp12Multiply(x, 2 * FP12, x, 0, x, FP12);
    assertThat(Tower.toFp12(x, 2 * FP12)).isEqualTo(a.multiply(b));
    tower.fp12Square(x, 2 * FP12, x, 0);
    assertThat(Tower.toFp12(x, 2 * FP12)).isEqualTo(a.square());
    Tower.fp12Conjugate(x, 2 * FP12, x, 0);
    assertThat(Tower.toFp12(x, 2 * FP12)).isEqualTo(a.conjugate());
    for (int k = 1; k <= 3; k++) {
      tower.fp12Frobenius(x, 2 * FP12, x, 0, k);
      assertThat(Tower.toFp12(x, 2 * FP12)).isEqualTo(a.frobenius(k));
    }
    Fp2 l0 = Bn254TestSupport.fp2(random);
    Fp2 l1 = Bn254TestSupport.fp2(random);
    Fp2 l3 = Bn254TestSupport.fp2(random);
    int line = 3 * FP12;
    Tower.put(x, line, l0);
    Tower.put(x, line + FP2, l1);
    Tower.put(x, line + 2 * FP2, l3);
    tower.fp12MultiplyByLine(x, 0, x, 0, x, line);
    assertThat(Tower.toFp12(x, 0)).isEqualTo(a.multiplyByLine(l0, l1, l3));
    tower.fp12Multiply(x, 0, x, 0, x, FP12);
    tower.fp12Square(x, 0, x, 0);
    assertThat(Tower.toFp12(x, 0)).isEqualTo(a.multiplyByLine(l0, l1, l3).multiply(b).square());
  }

  @Property(tries = 20)
  void cyclotomicSquareMatchesTheRecord(@ForAll long seed) {
    Fp12 f = Bn254TestSupport.fp12(new SplittableRandom(seed));
    Fp12 g = f.conjugate().multiply(f.inverse());
    g = g.frobenius(2).multiply(g); // in the cyclotomic subgroup
    long[] x = new long[FP12];
    Tower.put(x, 0, g);
    tower.fp12CyclotomicSquare(x, 0, x, 0);
    assertThat(Tower.toFp12(x, 0)).isEqualTo(g.cyclotomicSquare()).isEqualTo(g.square());
    assertThat(Tower.fp12IsOne(x, 0)).isFalse();
    Tower.put(x, 0, Fp12.ONE);
    assertThat(Tower.fp12IsOne(x, 0)).isTrue();
  }

  private static void put(long[] z, int zo, Fp6 a) {
    Tower.put(z, zo, a.c0());
    Tower.put(z, zo + FP2, a.c1());
    Tower.put(z, zo + 2 * FP2, a.c2());
  }

  private static Fp6 fp6(long[] x, int xo) {
    return new Fp6(Tower.fp2(x, xo), Tower.fp2(x, xo + FP2), Tower.fp2(x, xo + 2 * FP2));
  }
}
