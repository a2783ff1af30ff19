package dev.zg.consensus;

import dev.zg.common.Hash;
import java.util.HashMap;
import java.util.Map;

/**
 * Voting power behind each value in one round and vote type, as the paper counts it: "2f + 1
 * ⟨PREVOTE, h, r, id(v)⟩" means prevotes for id(v) from validators holding that much power,
 * so a validator that equivocated counts towards each value it voted for (once per value),
 * and once towards "any" (⟨..., ∗⟩). Counting only a validator's first vote would let an
 * equivocator hide a quorum from some honest nodes forever, which the simulation showed can
 * stall a height.
 */
final class Tally {
  private final Map<Hash, Long> powerByValue = new HashMap<>();
  private long nilPower;
  private long anyPower;
  private Hash quorumValue;

  /** Counts a validator's first vote of this round and type. */
  void addFirst(Hash valueId, long power, ValidatorSet validators) {
    anyPower += power;
    Check.state(anyPower <= validators.totalVotingPower(), "a validator was counted twice");
    addForValue(valueId, power, validators);
  }

  /** Counts another vote, for another value, by a validator already counted in "any". */
  void addConflicting(Hash valueId, long power, ValidatorSet validators) {
    addForValue(valueId, power, validators);
  }

  private void addForValue(Hash valueId, long power, ValidatorSet validators) {
    if (valueId == null) {
      nilPower += power;
      Check.state(nilPower <= validators.totalVotingPower(), "nil counted twice");
      return;
    }
    long total = powerByValue.merge(valueId, power, Long::sum);
    Check.state(total <= validators.totalVotingPower(), "a value counted a validator twice");
    // With less than 1/3 Byzantine power only one value can pass 2/3; keep the first anyway.
    if (quorumValue == null && validators.isQuorum(total)) {
      quorumValue = valueId;
    }
  }

  /** Power behind {@code valueId}; null asks for nil. */
  long power(Hash valueId) {
    return valueId == null ? nilPower : powerByValue.getOrDefault(valueId, 0L);
  }

  long nilPower() {
    return nilPower;
  }

  /** Power of the validators that voted at all (the paper's ⟨..., ∗⟩). */
  long anyPower() {
    return anyPower;
  }

  /** The first value to get more than 2/3 of the power, or null. */
  Hash quorumValue() {
    return quorumValue;
  }
}
