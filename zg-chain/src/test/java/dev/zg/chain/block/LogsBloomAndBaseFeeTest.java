package dev.zg.chain.block;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import dev.zg.evm.state.Log;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class LogsBloomAndBaseFeeTest {

  /** Yellow Paper M3:2048, written bit by bit: bit b of the 2048 is byte 255 - b/8. */
  private static boolean[] referenceBits(byte[]... values) {
    boolean[] bits = new boolean[2048];
    for (byte[] value : values) {
      byte[] h = Keccak256.hash(value);
      for (int pair = 0; pair < 3; pair++) {
        int b = ((h[2 * pair] & 0xff) * 256 + (h[2 * pair + 1] & 0xff)) % 2048;
        bits[b] = true;
      }
    }
    return bits;
  }

  @Property(tries = 200)
  void theBloomSetsExactlyTheReferenceBits(@ForAll long seed) {
    Random r = new Random(seed);
    byte[] address = new byte[20];
    r.nextBytes(address);
    byte[] topic = new byte[32];
    r.nextBytes(topic);
    LogsBloom bloom = LogsBloom.of(List.of(
        new Log(Address.wrap(address), List.of(Hash.wrap(topic)), new byte[0])));
    boolean[] expected = referenceBits(address, topic);
    byte[] bytes = bloom.toArray();
    for (int b = 0; b < 2048; b++) {
      boolean set = (bytes[255 - b / 8] & (1 << (b % 8))) != 0;
      assertThat(set).as("bit %d", b).isEqualTo(expected[b]);
    }
    assertThat(bloom.mayContain(Address.wrap(address))).isTrue();
    assertThat(bloom.mayContain(Hash.wrap(topic))).isTrue();
    assertThat(LogsBloom.EMPTY.mayContain(Hash.wrap(topic))).isFalse();
  }

  @Test
  void aBloomRarelyClaimsWhatWasNotAdded() {
    Random r = new Random(5);
    LogsBloom.Builder builder = new LogsBloom.Builder();
    for (int i = 0; i < 10; i++) {
      byte[] a = new byte[20];
      r.nextBytes(a);
      builder.add(Address.wrap(a));
    }
    LogsBloom bloom = builder.build();
    int falsePositives = 0;
    for (int i = 0; i < 1000; i++) {
      byte[] t = new byte[32];
      r.nextBytes(t);
      falsePositives += bloom.mayContain(Hash.wrap(t)) ? 1 : 0;
    }
    assertThat(falsePositives).isLessThan(20);
    assertThat(new LogsBloom.Builder().or(bloom).build()).isEqualTo(bloom);
  }

  /** EIP-1559's specification, transcribed with BigInteger and its two floor divisions. */
  private static BigInteger eip1559(long gasLimit, long gasUsed, BigInteger baseFee) {
    BigInteger target = BigInteger.valueOf(gasLimit / 2);
    BigInteger used = BigInteger.valueOf(gasUsed);
    int cmp = used.compareTo(target);
    if (cmp == 0) {
      return baseFee;
    }
    if (cmp > 0) {
      BigInteger delta = baseFee.multiply(used.subtract(target)).divide(target)
          .divide(BigInteger.valueOf(8));
      return baseFee.add(delta.max(BigInteger.ONE));
    }
    BigInteger delta = baseFee.multiply(target.subtract(used)).divide(target)
        .divide(BigInteger.valueOf(8));
    return baseFee.subtract(delta);
  }

  @Property(tries = 500)
  void baseFeeFollowsEip1559(@ForAll @LongRange(min = 5000, max = 1L << 40) long gasLimit,
      @ForAll @LongRange(min = 0, max = 1L << 40) long gasUsed,
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long baseFee) {
    long used = gasUsed % (gasLimit + 1);
    assertThat(Eip1559BaseFee.next(gasLimit, used, BigInteger.valueOf(baseFee)))
        .isEqualTo(eip1559(gasLimit, used, BigInteger.valueOf(baseFee)));
  }

  @Test
  void baseFeeMovesByAtMostAnEighth() {
    BigInteger gwei = BigInteger.valueOf(1_000_000_000);
    assertThat(Eip1559BaseFee.next(30_000_000, 15_000_000, gwei)).isEqualTo(gwei);
    assertThat(Eip1559BaseFee.next(30_000_000, 30_000_000, gwei))
        .isEqualTo(BigInteger.valueOf(1_125_000_000));
    assertThat(Eip1559BaseFee.next(30_000_000, 0, gwei))
        .isEqualTo(BigInteger.valueOf(875_000_000));
    assertThat(Eip1559BaseFee.next(30_000_000, 15_000_001, BigInteger.ONE))
        .isEqualTo(BigInteger.TWO);
  }

  @Test
  void excessBlobGasFollowsEip4844() {
    BlockHeader parent = BlockHeader.builder().excessBlobGas(0).blobGasUsed(6 * 131_072).build();
    assertThat(Eip4844ExcessBlobGas.next(parent)).isEqualTo(3 * 131_072);
    BlockHeader quiet = parent.toBuilder().excessBlobGas(131_072).blobGasUsed(0).build();
    assertThat(Eip4844ExcessBlobGas.next(quiet)).isZero();
    assertThat(Eip4844ExcessBlobGas.blobBaseFee(quiet)).isEqualTo(BigInteger.ONE);
  }
}
