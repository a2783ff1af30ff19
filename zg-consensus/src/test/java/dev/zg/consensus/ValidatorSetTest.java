package dev.zg.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.common.Address;
import dev.zg.consensus.sim.MemoCrypto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ValidatorSetTest {
  private static List<Validator> members(long... powers) {
    List<Validator> list = new ArrayList<>();
    for (int i = 0; i < powers.length; i++) {
      list.add(new Validator(MemoCrypto.key(i).address(), powers[i]));
    }
    return list;
  }

  private static Map<Address, Integer> proposals(ValidatorSet set, int rounds) {
    Map<Address, Integer> count = new HashMap<>();
    ValidatorSet s = set;
    for (int r = 0; r < rounds; r++) {
      count.merge(s.proposer().address(), 1, Integer::sum);
      s = s.advanceProposer(1);
    }
    return count;
  }

  @Test
  void quorumIsMoreThanTwoThirdsAndFPlusOneMoreThanOneThird() {
    ValidatorSet set = ValidatorSet.of(members(1, 1, 1)); // total 3
    assertThat(set.isQuorum(2)).isFalse(); // exactly 2/3 is not enough
    assertThat(set.isQuorum(3)).isTrue();
    assertThat(set.isOneThird(1)).isFalse(); // exactly 1/3 is not enough
    assertThat(set.isOneThird(2)).isTrue();
    ValidatorSet big = ValidatorSet.of(members(ValidatorSet.TOTAL_VOTING_POWER_MAX / 2,
        ValidatorSet.TOTAL_VOTING_POWER_MAX / 2));
    assertThat(big.isQuorum(big.totalVotingPower())).isTrue(); // no overflow at the cap
    assertThat(big.isQuorum(ValidatorSet.TOTAL_VOTING_POWER_MAX / 2)).isFalse();
  }

  @Test
  void proposersRotateInProportionToPower() {
    ValidatorSet set = ValidatorSet.of(members(1, 2, 3, 4));
    Map<Address, Integer> count = proposals(set, 1_000);
    for (int i = 0; i < 4; i++) {
      assertThat(count.get(MemoCrypto.key(i).address())).isEqualTo(100 * (i + 1));
    }
  }

  @Test
  void rotationIsDeterministicAndIgnoresInputOrder() {
    List<Validator> members = members(5, 1, 9, 3, 3);
    List<Validator> shuffled = new ArrayList<>(members);
    Collections.reverse(shuffled);
    ValidatorSet a = ValidatorSet.of(members);
    ValidatorSet b = ValidatorSet.of(shuffled);
    assertThat(b).isEqualTo(a);
    assertThat(a.advanceProposer(37)).isEqualTo(b.advanceProposer(10).advanceProposer(27));
    assertThat(a.nextHeight()).isEqualTo(a.advanceProposer(1));
  }

  @Test
  void badSetsAreRefused() {
    assertThatThrownBy(() -> ValidatorSet.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Validator(MemoCrypto.key(0).address(), 0))
        .isInstanceOf(IllegalArgumentException.class);
    List<Validator> twice = List.of(members(1).getFirst(), members(2).getFirst());
    assertThatThrownBy(() -> ValidatorSet.of(twice)).hasMessageContaining("duplicate");
    long half = ValidatorSet.TOTAL_VOTING_POWER_MAX / 2 + 1;
    assertThatThrownBy(() -> ValidatorSet.of(members(half, half)))
        .hasMessageContaining("too large");
  }

  /** Priorities stay bounded (so no long overflows) however skewed the powers. */
  @Property(tries = 200)
  void prioritiesStayWithinTwiceTheTotalPower(
      @ForAll @Size(min = 1, max = 12) List<@LongRange(min = 1, max = 1L << 58) Long> powers,
      @ForAll @IntRange(min = 1, max = 300) int rounds) {
    long total = 0;
    List<Long> capped = new ArrayList<>();
    for (long p : powers) {
      long room = ValidatorSet.TOTAL_VOTING_POWER_MAX - total;
      if (room > 0) {
        capped.add(Math.min(p, room));
        total += capped.getLast();
      }
    }
    ValidatorSet set = ValidatorSet.of(members(capped.stream().mapToLong(Long::longValue)
        .toArray())).advanceProposer(rounds);
    for (int i = 0; i < set.size(); i++) {
      assertThat(Math.abs(set.priority(i))).isLessThanOrEqualTo(3 * set.totalVotingPower());
    }
  }
}
