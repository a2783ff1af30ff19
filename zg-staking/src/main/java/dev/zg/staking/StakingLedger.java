package dev.zg.staking;

import dev.zg.common.Address;
import dev.zg.common.Keccak256;
import dev.zg.common.UInt256;
import dev.zg.consensus.Validator;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The staking state machine over the staking account's storage. Delegations are recorded in
 * shares of a validator's pool, so a slash lowers tokens per share for every delegator at once.
 * Undelegated tokens stay in the staking account's balance until their unbonding completes.
 * Every rule violation throws {@link Abi.Invalid} (the call reverts with its message).
 *
 * <p>Storage layout (each key is keccak256 of a tag and 32-byte words): see the slot helpers
 * below; STAKING.md lists them.
 */
final class StakingLedger {
  /** Status values of {@code validator(v)}: as CometBFT's bond status. */
  static final int STATUS_UNBONDED = 1;
  static final int STATUS_BONDED = 3;
  /** Jailed until this time: tombstoned (double-signing), never unjailed. */
  static final long JAILED_FOREVER = -1L; // uint64 max
  static final int MONIKER_MAX_BYTES = 64;
  /** Pending unbondings per delegator and validator, as Cosmos limits them. */
  static final int UNBONDINGS_PER_PAIR_MAX = 7;
  /** Validators that can ever be created (bounds the end-of-block scan). */
  static final int VALIDATORS_MAX = 10_000;
  /** Set changes are scheduled this many heights after the block that causes them. */
  static final long SET_CHANGE_DELAY = 2;

  private static final int F_EXISTS = 0;
  private static final int F_TOKENS = 1;
  private static final int F_SHARES = 2;
  private static final int F_COMMISSION = 3;
  private static final int F_MAX_COMMISSION = 4;
  private static final int F_JAILED = 5;
  private static final int F_JAILED_UNTIL = 6;
  private static final int F_STATUS = 7;
  private static final int F_MONIKER = 8; // length, then 2 words
  /** Rewards per share accumulated since creation, scaled by 2^128. */
  private static final int F_REWARD_PER_SHARE = 11;
  private static final int F_COMMISSION_PENDING = 12;
  private static final int REWARD_SCALE_BITS = 128;

  private final Slots slots;

  StakingLedger(Slots slots) {
    this.slots = slots;
  }

  // ---- slots ---------------------------------------------------------------------------

  static UInt256 slot(String tag, BigInteger... words) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(tag.getBytes(StandardCharsets.US_ASCII));
    for (BigInteger w : words) {
      out.writeBytes(Abi.word(w));
    }
    return UInt256.fromBytes(Keccak256.hash(out.toByteArray()));
  }

  private static BigInteger w(Address a) {
    return Abi.addressValue(a);
  }

  private static BigInteger w(long v) {
    return BigInteger.valueOf(v);
  }

  private BigInteger get(UInt256 key) {
    return slots.get(key).toBigInteger();
  }

  private void put(UInt256 key, BigInteger value) {
    slots.put(key, UInt256.fromBigInteger(value));
  }

  private BigInteger field(Address v, int field) {
    return get(slot("v", w(v), w(field)));
  }

  private void setField(Address v, int field, BigInteger value) {
    put(slot("v", w(v), w(field)), value);
  }

  // ---- params --------------------------------------------------------------------------

  StakingParams params() {
    if (get(slot("p", w(0))).signum() == 0) {
      return StakingParams.defaults();
    }
    return new StakingParams(get(slot("p", w(1))).longValue(), get(slot("p", w(2))),
        get(slot("p", w(3))).intValue(), get(slot("p", w(4))).longValue(),
        get(slot("p", w(5))), get(slot("p", w(6))).longValue(), get(slot("p", w(7))).longValue(),
        get(slot("p", w(8))).longValue(), get(slot("p", w(9))).longValue());
  }

  /** Slot indices of the params under the {@code p} tag (governance writes them one by one). */
  static final int P_UNBONDING_SECONDS = 1;
  static final int P_MIN_SELF_STAKE = 2;
  static final int P_MAX_VALIDATORS = 3;
  static final int P_SLASH_DOUBLE_SIGN_PPM = 4;
  static final int P_INFLATION_PER_BLOCK = 5;

  /**
   * Sets one param (a passed governance proposal); the others keep their values (the defaults
   * are written out first when the state has none yet).
   */
  void setParam(int index, BigInteger value) {
    if (get(slot("p", w(0))).signum() == 0) {
      setParams(params());
    }
    put(slot("p", w(index)), value);
  }

  void setParams(StakingParams p) {
    put(slot("p", w(0)), BigInteger.ONE);
    put(slot("p", w(1)), w(p.unbondingSeconds()));
    put(slot("p", w(2)), p.minSelfStake());
    put(slot("p", w(3)), w(p.maxValidators()));
    put(slot("p", w(4)), w(p.slashDoubleSignPpm()));
    put(slot("p", w(5)), p.inflationPerBlock());
    put(slot("p", w(6)), w(p.signedBlocksWindow()));
    put(slot("p", w(7)), w(p.downtimeMinSignedPpm()));
    put(slot("p", w(8)), w(p.slashDowntimePpm()));
    put(slot("p", w(9)), w(p.downtimeJailSeconds()));
  }

  // ---- validators ----------------------------------------------------------------------

  boolean exists(Address v) {
    return field(v, F_EXISTS).signum() != 0;
  }

  int validatorCount() {
    return get(slot("vals.n")).intValue();
  }

  Address validatorAt(int i) {
    return Address.fromWord(Abi.word(get(slot("vals", w(i)))));
  }

  /** A validator's record as the {@code validator(address)} view returns it. */
  record ValidatorInfo(BigInteger tokens, BigInteger shares, long commissionPpm, boolean jailed,
      long jailedUntil, int status, String moniker) {}

  ValidatorInfo validator(Address v) {
    if (!exists(v)) {
      return new ValidatorInfo(BigInteger.ZERO, BigInteger.ZERO, 0, false, 0, 0, "");
    }
    int length = field(v, F_MONIKER).intValue();
    byte[] text = new byte[64];
    System.arraycopy(Abi.word(field(v, F_MONIKER + 1)), 0, text, 0, 32);
    System.arraycopy(Abi.word(field(v, F_MONIKER + 2)), 0, text, 32, 32);
    return new ValidatorInfo(field(v, F_TOKENS), field(v, F_SHARES),
        field(v, F_COMMISSION).longValue(), field(v, F_JAILED).signum() != 0,
        field(v, F_JAILED_UNTIL).longValue(), field(v, F_STATUS).intValue(),
        new String(text, 0, Math.min(length, 64), StandardCharsets.UTF_8));
  }

  void createValidator(Address operator, String moniker, long commissionPpm,
      long maxCommissionPpm, BigInteger selfStake) {
    if (exists(operator)) {
      throw new Abi.Invalid("validator already exists: " + operator);
    }
    if (commissionPpm > 1_000_000 || maxCommissionPpm > 1_000_000) {
      throw new Abi.Invalid("commission must be at most 1000000 ppm");
    }
    if (commissionPpm > maxCommissionPpm) {
      throw new Abi.Invalid("commission " + commissionPpm + " above its maximum "
          + maxCommissionPpm);
    }
    byte[] text = moniker.getBytes(StandardCharsets.UTF_8);
    if (text.length == 0 || text.length > MONIKER_MAX_BYTES) {
      throw new Abi.Invalid("moniker must be 1.." + MONIKER_MAX_BYTES + " bytes");
    }
    StakingParams p = params();
    if (selfStake.compareTo(p.minSelfStake()) < 0) {
      throw new Abi.Invalid("self-stake " + selfStake + " below the minimum " + p.minSelfStake());
    }
    int n = validatorCount();
    if (n >= VALIDATORS_MAX) {
      throw new Abi.Invalid("the chain already has " + VALIDATORS_MAX + " validators");
    }
    put(slot("vals", w(n)), w(operator));
    put(slot("vals.n"), w(n + 1));
    setField(operator, F_EXISTS, BigInteger.ONE);
    setField(operator, F_COMMISSION, w(commissionPpm));
    setField(operator, F_MAX_COMMISSION, w(maxCommissionPpm));
    setField(operator, F_STATUS, w(STATUS_UNBONDED));
    byte[] padded = java.util.Arrays.copyOf(text, 64);
    setField(operator, F_MONIKER, w(text.length));
    setField(operator, F_MONIKER + 1, new BigInteger(1, java.util.Arrays.copyOfRange(padded, 0, 32)));
    setField(operator, F_MONIKER + 2, new BigInteger(1, java.util.Arrays.copyOfRange(padded, 32, 64)));
    delegate(operator, operator, selfStake);
  }

  /** The validator's bonded tokens (all its delegations). */
  BigInteger tokens(Address validator) {
    return field(validator, F_TOKENS);
  }

  /** Shares of {@code delegator} in {@code validator}'s pool. */
  BigInteger shares(Address delegator, Address validator) {
    return get(slot("d", w(delegator), w(validator)));
  }

  /** The tokens {@code shares} of the validator's pool are worth (rounded down). */
  BigInteger tokensOf(Address validator, BigInteger shares) {
    BigInteger total = field(validator, F_SHARES);
    return total.signum() == 0 ? BigInteger.ZERO
        : shares.multiply(field(validator, F_TOKENS)).divide(total);
  }

  /** Returns the shares issued. */
  BigInteger delegate(Address delegator, Address validator, BigInteger amount) {
    if (!exists(validator)) {
      throw new Abi.Invalid("no validator " + validator);
    }
    if (amount.signum() <= 0) {
      throw new Abi.Invalid("delegation must carry value");
    }
    if (field(validator, F_JAILED_UNTIL).longValue() == JAILED_FOREVER) {
      throw new Abi.Invalid("validator " + validator + " is tombstoned");
    }
    BigInteger tokens = field(validator, F_TOKENS);
    BigInteger total = field(validator, F_SHARES);
    BigInteger issued = total.signum() == 0 || tokens.signum() == 0 ? amount
        : amount.multiply(total).divide(tokens);
    if (issued.signum() == 0) {
      throw new Abi.Invalid("delegation too small for one share");
    }
    settle(delegator, validator);
    setField(validator, F_TOKENS, tokens.add(amount));
    setField(validator, F_SHARES, total.add(issued));
    UInt256 key = slot("d", w(delegator), w(validator));
    put(key, get(key).add(issued));
    return issued;
  }

  /** Takes {@code amount} tokens out of the delegator's position; returns the tokens removed. */
  private BigInteger unbond(Address delegator, Address validator, BigInteger amount) {
    if (!exists(validator)) {
      throw new Abi.Invalid("no validator " + validator);
    }
    if (amount.signum() <= 0) {
      throw new Abi.Invalid("amount must be positive");
    }
    BigInteger tokens = field(validator, F_TOKENS);
    BigInteger total = field(validator, F_SHARES);
    UInt256 key = slot("d", w(delegator), w(validator));
    BigInteger held = get(key);
    if (tokens.signum() == 0 || held.signum() == 0) {
      throw new Abi.Invalid("no delegation to " + validator);
    }
    // Shares to burn, rounded up so rounding never favours the delegator.
    BigInteger burn = amount.multiply(total).add(tokens).subtract(BigInteger.ONE).divide(tokens);
    if (burn.compareTo(held) > 0) {
      throw new Abi.Invalid("undelegating " + amount + " but the delegation is worth "
          + held.multiply(tokens).divide(total));
    }
    BigInteger remaining = held.subtract(burn);
    settle(delegator, validator);
    if (delegator.equals(validator) && remaining.signum() > 0) {
      BigInteger left = remaining.multiply(tokens.subtract(amount))
          .divide(total.subtract(burn).max(BigInteger.ONE));
      if (left.compareTo(params().minSelfStake()) < 0) {
        throw new Abi.Invalid("self-stake would fall below the minimum " + params().minSelfStake()
            + " (undelegate all of it to leave the set)");
      }
    }
    put(key, remaining);
    setField(validator, F_SHARES, total.subtract(burn));
    setField(validator, F_TOKENS, tokens.subtract(amount));
    return amount;
  }

  /** Starts an unbonding; returns its completion time. */
  long undelegate(Address delegator, Address validator, BigInteger amount, long now) {
    UInt256 pairKey = slot("u.n", w(delegator), w(validator));
    BigInteger pending = get(pairKey);
    if (pending.intValue() >= UNBONDINGS_PER_PAIR_MAX) {
      throw new Abi.Invalid("at most " + UNBONDINGS_PER_PAIR_MAX
          + " pending unbondings per delegator and validator");
    }
    unbond(delegator, validator, amount);
    long completion = now + params().unbondingSeconds();
    long tail = get(slot("u.tail")).longValue();
    put(slot("u", w(tail), w(0)), w(delegator));
    put(slot("u", w(tail), w(1)), w(validator));
    put(slot("u", w(tail), w(2)), amount);
    put(slot("u", w(tail), w(3)), w(completion));
    put(slot("u.tail"), w(tail + 1));
    put(pairKey, pending.add(BigInteger.ONE));
    return completion;
  }

  void redelegate(Address delegator, Address from, Address to, BigInteger amount) {
    if (from.equals(to)) {
      throw new Abi.Invalid("redelegation to the same validator");
    }
    if (!exists(to)) {
      throw new Abi.Invalid("no validator " + to);
    }
    unbond(delegator, from, amount);
    delegate(delegator, to, amount);
  }

  /** A pending unbonding. */
  record Unbonding(Address delegator, Address validator, BigInteger amount, long completion) {}

  private Unbonding unbondingAt(long i) {
    return new Unbonding(Address.fromWord(Abi.word(get(slot("u", w(i), w(0))))),
        Address.fromWord(Abi.word(get(slot("u", w(i), w(1))))), get(slot("u", w(i), w(2))),
        get(slot("u", w(i), w(3))).longValue());
  }

  /** The delegator's pending unbondings, oldest first (a scan of the queue: a view). */
  List<Unbonding> unbondings(Address delegator) {
    long head = get(slot("u.head")).longValue();
    long tail = get(slot("u.tail")).longValue();
    List<Unbonding> out = new ArrayList<>();
    for (long i = head; i < tail; i++) {
      Unbonding u = unbondingAt(i);
      if (u.delegator().equals(delegator)) {
        out.add(u);
      }
    }
    return out;
  }

  /**
   * Pays out the unbondings complete at {@code now} (the queue is in completion order while the
   * period is unchanged), each through {@code payout}.
   */
  void completeUnbondings(long now, java.util.function.BiConsumer<Address, BigInteger> payout) {
    long head = get(slot("u.head")).longValue();
    long tail = get(slot("u.tail")).longValue();
    long i = head;
    while (i < tail) {
      Unbonding u = unbondingAt(i);
      if (Long.compareUnsigned(u.completion(), now) > 0) {
        break;
      }
      payout.accept(u.delegator(), u.amount());
      for (int f = 0; f < 4; f++) {
        put(slot("u", w(i), w(f)), BigInteger.ZERO);
      }
      UInt256 pairKey = slot("u.n", w(u.delegator()), w(u.validator()));
      put(pairKey, get(pairKey).subtract(BigInteger.ONE).max(BigInteger.ZERO));
      i++;
    }
    if (i != head) {
      put(slot("u.head"), w(i));
    }
  }

  // ---- rewards -------------------------------------------------------------------------

  /** Credits the delegation's rewards so far to its unpaid balance (before shares change). */
  private void settle(Address delegator, Address validator) {
    BigInteger accumulated = field(validator, F_REWARD_PER_SHARE);
    UInt256 debtKey = slot("rd", w(delegator), w(validator));
    BigInteger debt = get(debtKey);
    if (accumulated.equals(debt)) {
      return;
    }
    BigInteger owed = shares(delegator, validator).multiply(accumulated.subtract(debt))
        .shiftRight(REWARD_SCALE_BITS);
    if (owed.signum() > 0) {
      UInt256 unpaidKey = slot("rw", w(delegator), w(validator));
      put(unpaidKey, get(unpaidKey).add(owed));
    }
    put(debtKey, accumulated);
  }

  /** Rewards the delegation has earned and not withdrawn. */
  BigInteger pendingRewards(Address delegator, Address validator) {
    BigInteger accumulated = field(validator, F_REWARD_PER_SHARE);
    BigInteger debt = get(slot("rd", w(delegator), w(validator)));
    return get(slot("rw", w(delegator), w(validator))).add(shares(delegator, validator)
        .multiply(accumulated.subtract(debt)).shiftRight(REWARD_SCALE_BITS));
  }

  /** Zeroes and returns the delegation's earned rewards (the caller pays them out). */
  BigInteger takeRewards(Address delegator, Address validator) {
    settle(delegator, validator);
    UInt256 unpaidKey = slot("rw", w(delegator), w(validator));
    BigInteger amount = get(unpaidKey);
    if (amount.signum() > 0) {
      put(unpaidKey, BigInteger.ZERO);
    }
    return amount;
  }

  BigInteger pendingCommission(Address validator) {
    return field(validator, F_COMMISSION_PENDING);
  }

  /** Zeroes and returns the validator's earned commission (the caller pays it out). */
  BigInteger takeCommission(Address validator) {
    BigInteger amount = field(validator, F_COMMISSION_PENDING);
    if (amount.signum() > 0) {
      setField(validator, F_COMMISSION_PENDING, BigInteger.ZERO);
    }
    return amount;
  }

  /**
   * Pays the block's inflation and {@code fees} (its priority fees) to the validators of {@code height} by voting power: each
   * one's commission to its operator's commission balance, the rest to its delegators through
   * the per-share accumulator (O(validators), never O(delegators)). Returns the amount to
   * pay (at most inflation + fees; the rounding dust is never paid).
   */
  BigInteger distribute(long height, BigInteger fees) {
    BigInteger reward = params().inflationPerBlock().add(fees);
    ScheduledSet set = setAt(height);
    if (reward.signum() == 0 || set == null) {
      return BigInteger.ZERO;
    }
    long total = 0;
    for (Validator v : set.members()) {
      total += v.votingPower();
    }
    BigInteger paid = BigInteger.ZERO;
    for (Validator v : set.members()) {
      BigInteger part = reward.multiply(w(v.votingPower())).divide(w(total));
      BigInteger shares = field(v.address(), F_SHARES);
      if (part.signum() == 0 || shares.signum() == 0 || !exists(v.address())) {
        continue;
      }
      BigInteger commission = part.multiply(field(v.address(), F_COMMISSION))
          .divide(w(1_000_000));
      BigInteger toDelegators = part.subtract(commission);
      // Claims round down, so what delegators can ever withdraw stays within what is minted.
      BigInteger perShare = toDelegators.shiftLeft(REWARD_SCALE_BITS).divide(shares);
      setField(v.address(), F_COMMISSION_PENDING,
          field(v.address(), F_COMMISSION_PENDING).add(commission));
      setField(v.address(), F_REWARD_PER_SHARE,
          field(v.address(), F_REWARD_PER_SHARE).add(perShare));
      paid = paid.add(commission).add(toDelegators);
    }
    return paid;
  }

  // ---- slashing ------------------------------------------------------------------------

  /** Burns {@code ppm} of the validator's bonded tokens and tombstones it; returns the burn. */
  BigInteger slashAndTombstone(Address validator, long ppm) {
    if (!exists(validator)) {
      return BigInteger.ZERO;
    }
    BigInteger tokens = field(validator, F_TOKENS);
    BigInteger burned = tokens.multiply(w(ppm)).divide(w(1_000_000));
    setField(validator, F_TOKENS, tokens.subtract(burned));
    setField(validator, F_JAILED, BigInteger.ONE);
    setField(validator, F_JAILED_UNTIL, BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
    return burned;
  }

  /**
   * The validator's operator takes it out of jail: allowed once its jail time is over, never
   * after a double-sign (tombstoned), and only with its self-stake still at the minimum. It is
   * in the set the end of this block computes, so in force two heights on.
   */
  void unjail(Address validator, long now) {
    if (!exists(validator)) {
      throw new Abi.Invalid("no validator " + validator);
    }
    if (tombstoned(validator)) {
      throw new Abi.Invalid("validator " + validator
          + " is tombstoned for double-signing and can never unjail");
    }
    if (field(validator, F_JAILED).signum() == 0) {
      throw new Abi.Invalid("validator " + validator + " is not jailed");
    }
    long until = field(validator, F_JAILED_UNTIL).longValue();
    if (Long.compareUnsigned(now, until) < 0) {
      throw new Abi.Invalid("validator " + validator + " is jailed until " + until
          + " (block time " + now + ")");
    }
    BigInteger self = tokensOf(validator, shares(validator, validator));
    if (self.compareTo(params().minSelfStake()) < 0) {
      throw new Abi.Invalid("self-stake " + self + " below the minimum "
          + params().minSelfStake());
    }
    setField(validator, F_JAILED, BigInteger.ZERO);
  }

  // ---- downtime ------------------------------------------------------------------------

  /** A validator's signing record: blocks counted since its last reset, and misses among them. */
  record SigningInfo(long counted, long missed) {}

  SigningInfo signingInfo(Address v) {
    return new SigningInfo(get(slot("s", w(v), w(0))).longValue(),
        get(slot("s", w(v), w(1))).longValue());
  }

  /** A downtime slash applied at the end of a block. */
  record DowntimeSlash(Address validator, BigInteger burned, long jailedUntil) {}

  /**
   * Records who signed the certificate of {@code height - 1}: {@code signed[i]} for member i of
   * that height's set (in its scheduled order). Each unjailed member's ring of the last
   * {@code signedBlocksWindow} blocks (a bit per block, 256 to a storage word) and miss count
   * are updated; once it has a full window, a member with fewer than
   * {@code downtimeMinSignedPpm} of it signed loses {@code slashDowntimePpm} of its bonded
   * tokens, is jailed until {@code now + downtimeJailSeconds} and starts a new window.
   * O(set size) slots per block. Returns the slashes (the caller burns the tokens).
   */
  List<DowntimeSlash> recordSignatures(List<Validator> members, boolean[] signed, long now) {
    StakingParams p = params();
    long window = p.signedBlocksWindow();
    List<DowntimeSlash> slashes = new ArrayList<>();
    if (window == 0) {
      return slashes;
    }
    long minSigned = BigInteger.valueOf(window).multiply(w(p.downtimeMinSignedPpm()))
        .divide(w(1_000_000)).longValue();
    for (int i = 0; i < members.size(); i++) {
      Address v = members.get(i).address();
      if (!exists(v) || field(v, F_JAILED).signum() != 0) {
        continue; // a jailed member's last heights in the set do not count against it
      }
      UInt256 countedKey = slot("s", w(v), w(0));
      UInt256 missedKey = slot("s", w(v), w(1));
      long counted = get(countedKey).longValue();
      long missed = get(missedKey).longValue();
      long index = counted % window;
      UInt256 wordKey = slot("sb", w(v), w(index / 256));
      BigInteger word = get(wordKey);
      int bit = (int) (index % 256);
      boolean wasMissed = word.testBit(bit);
      boolean miss = !signed[i];
      if (wasMissed != miss) {
        put(wordKey, miss ? word.setBit(bit) : word.clearBit(bit));
        missed += miss ? 1 : -1;
        put(missedKey, w(missed));
      }
      counted++;
      put(countedKey, w(counted));
      if (counted >= window && window - missed < minSigned) {
        BigInteger tokens = field(v, F_TOKENS);
        BigInteger burned = tokens.multiply(w(p.slashDowntimePpm())).divide(w(1_000_000));
        setField(v, F_TOKENS, tokens.subtract(burned));
        long until = now + p.downtimeJailSeconds();
        setField(v, F_JAILED, BigInteger.ONE);
        setField(v, F_JAILED_UNTIL, w(until));
        // A fresh window after jail, as Cosmos resets its signing info.
        put(countedKey, BigInteger.ZERO);
        put(missedKey, BigInteger.ZERO);
        for (long k = 0; k <= (window - 1) / 256; k++) {
          UInt256 key = slot("sb", w(v), w(k));
          if (get(key).signum() != 0) {
            put(key, BigInteger.ZERO);
          }
        }
        slashes.add(new DowntimeSlash(v, burned, until));
      }
    }
    return slashes;
  }

  boolean tombstoned(Address validator) {
    return field(validator, F_JAILED_UNTIL).equals(BigInteger.ONE.shiftLeft(64)
        .subtract(BigInteger.ONE));
  }

  // ---- the validator set ---------------------------------------------------------------

  /** Voting power from tokens: whole 0G. */
  static long power(BigInteger tokens) {
    return tokens.divide(StakingParams.ONE_ZG).min(w(Long.MAX_VALUE / 1024)).longValue();
  }

  /** The set the current stake gives: top unjailed validators with self-stake and power. */
  List<Validator> computeSet() {
    StakingParams p = params();
    List<Validator> candidates = new ArrayList<>();
    int n = validatorCount();
    for (int i = 0; i < n; i++) {
      Address v = validatorAt(i);
      if (field(v, F_JAILED).signum() != 0) {
        continue;
      }
      BigInteger tokens = field(v, F_TOKENS);
      long power = power(tokens);
      if (power <= 0) {
        continue;
      }
      BigInteger self = tokensOf(v, shares(v, v));
      if (self.compareTo(p.minSelfStake()) < 0) {
        continue;
      }
      candidates.add(new Validator(v, power));
    }
    candidates.sort(Comparator.comparingLong(Validator::votingPower).reversed()
        .thenComparing(Validator::address));
    return List.copyOf(candidates.subList(0, Math.min(p.maxValidators(), candidates.size())));
  }

  /** A scheduled set: in force from {@code fromHeight} until the next one. */
  record ScheduledSet(long fromHeight, List<Validator> members) {}

  int scheduledCount() {
    return get(slot("set.n")).intValue();
  }

  ScheduledSet scheduled(int k) {
    long from = get(slot("set", w(k), w(0))).longValue();
    int size = get(slot("set", w(k), w(1))).intValue();
    List<Validator> members = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      Address a = Address.fromWord(Abi.word(get(slot("set.m", w(k), w(i)))));
      members.add(new Validator(a, get(slot("set.p", w(k), w(i))).longValue()));
    }
    return new ScheduledSet(from, members);
  }

  void schedule(long fromHeight, List<Validator> members) {
    int k = scheduledCount();
    put(slot("set", w(k), w(0)), w(fromHeight));
    put(slot("set", w(k), w(1)), w(members.size()));
    for (int i = 0; i < members.size(); i++) {
      put(slot("set.m", w(k), w(i)), w(members.get(i).address()));
      put(slot("set.p", w(k), w(i)), w(members.get(i).votingPower()));
    }
    put(slot("set.n"), w(k + 1));
  }

  /** The set in force at {@code height}, or null when none is scheduled that early. */
  ScheduledSet setAt(long height) {
    for (int k = scheduledCount() - 1; k >= 0; k--) {
      long from = get(slot("set", w(k), w(0))).longValue();
      if (from <= height) {
        return scheduled(k);
      }
    }
    return null;
  }

  /**
   * End of block {@code height}: when the stake gives a set other than the last one scheduled,
   * schedule it from {@code height + 2}, and mark members bonded and the rest unbonded.
   */
  void updateSet(long height) {
    List<Validator> next = computeSet();
    int k = scheduledCount();
    if (k > 0 && scheduled(k - 1).members().equals(next)) {
      return;
    }
    if (next.isEmpty()) {
      return; // never schedule an empty set: the chain would halt; keep the last one
    }
    schedule(height + SET_CHANGE_DELAY, next);
    markStatuses(next);
  }

  /** Members of {@code set} bonded, every other validator unbonded. */
  void markStatuses(List<Validator> set) {
    java.util.Set<Address> in = new java.util.HashSet<>();
    set.forEach(v -> in.add(v.address()));
    int n = validatorCount();
    for (int i = 0; i < n; i++) {
      Address v = validatorAt(i);
      int status = in.contains(v) ? STATUS_BONDED : STATUS_UNBONDED;
      if (field(v, F_STATUS).intValue() != status) {
        setField(v, F_STATUS, w(status));
      }
    }
  }
}
