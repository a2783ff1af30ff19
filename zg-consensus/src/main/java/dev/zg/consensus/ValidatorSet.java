package dev.zg.consensus;

import dev.zg.common.Address;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The validators of one height, their voting power, the quorum arithmetic and the
 * stake-weighted proposer rotation. Immutable; rotating yields a new set.
 *
 * <p>Quorums compare powers, never counts: a quorum (the paper's 2f + 1) is more than 2/3 of
 * the total power, and "f + 1" (enough to contain one honest validator) is more than 1/3.
 * Both are decided with {@code power * 3 > total * k}, exact because the total is capped at
 * {@link #TOTAL_VOTING_POWER_MAX} (Long.MAX_VALUE / 8), so no product or sum can overflow.
 *
 * <p>Proposer rotation follows the priority algorithm of CometBFT's validator set (described
 * here in our words; the code is our own). Each validator carries a priority. One rotation
 * step:
 * <ol>
 *   <li>rescale: if the spread max - min exceeds 2 * total, divide every priority by
 *       ceil(spread / (2 * total)), so one long-absent validator cannot dominate for long;
 *   <li>centre: subtract the floor of the mean, so priorities stay near zero;
 *   <li>add each validator's power to its priority, pick the highest priority (ties go to the
 *       lowest address) as the proposer, and subtract the total power from the winner.
 * </ol>
 * Over any window each validator proposes in proportion to its power, deterministically,
 * from nothing but the set. The genesis set takes one step; the proposer of round r at a
 * height is that height's set after r more steps; the next height's set is this one after one
 * step ({@link #nextHeight}). Validator-set changes will apply at a height chosen by the chain
 * and give new members a low starting priority; they are not built yet.
 */
public final class ValidatorSet {
  /** Cap on the total power: keeps {@code power * 3} and priority sums inside a long. */
  public static final long TOTAL_VOTING_POWER_MAX = Long.MAX_VALUE / 8;
  /** Cap on the set size: bounds every per-validator array and loop in the engine. */
  public static final int VALIDATORS_MAX = 10_000;

  private final Validator[] validators;
  private final long[] priorities;
  private final int proposerIndex;
  private final long totalVotingPower;
  private final Map<Address, Integer> indexByAddress;

  private ValidatorSet(Validator[] validators, long[] priorities, int proposerIndex,
      long totalVotingPower, Map<Address, Integer> indexByAddress) {
    this.validators = validators;
    this.priorities = priorities;
    this.proposerIndex = proposerIndex;
    this.totalVotingPower = totalVotingPower;
    this.indexByAddress = indexByAddress;
  }

  /** A genesis set: distinct addresses, positive powers; priorities start at zero. */
  public static ValidatorSet of(List<Validator> members) {
    Check.argument(!members.isEmpty(), "a validator set needs at least one validator");
    Check.argument(members.size() <= VALIDATORS_MAX, "too many validators: " + members.size());
    Validator[] sorted = members.toArray(new Validator[0]);
    Arrays.sort(sorted, (a, b) -> a.address().compareTo(b.address()));
    Map<Address, Integer> index = new HashMap<>();
    long total = 0;
    for (int i = 0; i < sorted.length; i++) {
      Check.argument(index.put(sorted[i].address(), i) == null,
          "duplicate validator " + sorted[i].address());
      total = Math.addExact(total, sorted[i].votingPower());
      Check.argument(total <= TOTAL_VOTING_POWER_MAX, "total voting power too large");
    }
    long[] priorities = new long[sorted.length];
    int proposer = rotate(sorted, priorities, total);
    return new ValidatorSet(sorted, priorities, proposer, total, Map.copyOf(index));
  }

  /** This set after {@code steps} rotation steps: the proposer of round {@code steps}. */
  public ValidatorSet advanceProposer(int steps) {
    Check.argument(steps >= 0, "steps must be >= 0");
    if (steps == 0) {
      return this;
    }
    long[] next = priorities.clone();
    int proposer = proposerIndex;
    for (int i = 0; i < steps; i++) {
      proposer = rotate(validators, next, totalVotingPower);
    }
    return new ValidatorSet(validators, next, proposer, totalVotingPower, indexByAddress);
  }

  /** The set the following height starts from (same members, rotated once). */
  public ValidatorSet nextHeight() {
    return advanceProposer(1);
  }

  /** One rotation step (see the class comment); returns the proposer's index. */
  private static int rotate(Validator[] validators, long[] priorities, long total) {
    int n = priorities.length;
    long max = Long.MIN_VALUE;
    long min = Long.MAX_VALUE;
    for (long p : priorities) {
      max = Math.max(max, p);
      min = Math.min(min, p);
    }
    long window = 2 * total;
    long spread = Math.subtractExact(max, min);
    if (spread > window) {
      long ratio = (spread + window - 1) / window;
      for (int i = 0; i < n; i++) {
        priorities[i] /= ratio;
      }
    }
    // floor(sum / n) without overflow: sum of floor quotients plus the floor of the remainders.
    long quotients = 0;
    long remainders = 0;
    for (long p : priorities) {
      quotients += Math.floorDiv(p, n);
      remainders += Math.floorMod(p, n);
    }
    long mean = quotients + Math.floorDiv(remainders, n);
    int best = -1;
    for (int i = 0; i < n; i++) {
      priorities[i] = Math.addExact(priorities[i] - mean, validators[i].votingPower());
      if (best < 0 || priorities[i] > priorities[best]) {
        best = i;
      }
    }
    priorities[best] = Math.subtractExact(priorities[best], total);
    return best;
  }

  public Validator proposer() {
    return validators[proposerIndex];
  }

  int proposerIndex() {
    return proposerIndex;
  }

  public int size() {
    return validators.length;
  }

  public Validator get(int index) {
    return validators[index];
  }

  /** The validators sorted by address. */
  public List<Validator> validators() {
    return List.of(validators);
  }

  /** The index of {@code address} in address order, or -1 when it is not a member. */
  public int indexOf(Address address) {
    Integer index = indexByAddress.get(address);
    return index == null ? -1 : index;
  }

  public boolean contains(Address address) {
    return indexByAddress.containsKey(address);
  }

  public long votingPower(int index) {
    return validators[index].votingPower();
  }

  public long totalVotingPower() {
    return totalVotingPower;
  }

  /** The proposer priority of validator {@code index} (for tests and diagnostics). */
  public long priority(int index) {
    return priorities[index];
  }

  /** More than 2/3 of the total power: the paper's 2f + 1. */
  public boolean isQuorum(long power) {
    checkPower(power);
    return power * 3 > totalVotingPower * 2;
  }

  /** More than 1/3 of the total power: the paper's f + 1, so at least one honest signer. */
  public boolean isOneThird(long power) {
    checkPower(power);
    return power * 3 > totalVotingPower;
  }

  private void checkPower(long power) {
    Check.argument(power >= 0 && power <= totalVotingPower, "power out of range: " + power);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ValidatorSet s && proposerIndex == s.proposerIndex
        && Arrays.equals(validators, s.validators) && Arrays.equals(priorities, s.priorities);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(validators) + Arrays.hashCode(priorities);
  }

  @Override
  public String toString() {
    return "ValidatorSet[" + validators.length + " validators, power " + totalVotingPower
        + ", proposer " + proposer().address() + "]";
  }
}
