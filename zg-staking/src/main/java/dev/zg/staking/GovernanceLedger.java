package dev.zg.staking;

import dev.zg.common.Address;
import dev.zg.common.UInt256;
import dev.zg.consensus.Validator;
import java.math.BigInteger;

/**
 * The governance state machine over the governance account's storage: proposals to change one
 * parameter each, their deposits, stake-weighted votes with a running tally, and the
 * end-of-block step that closes deposit and voting periods. Every rule violation throws
 * {@link Abi.Invalid} (the call reverts with its message).
 *
 * <p>Votes weigh the voter's bonded stake when it votes (its delegations to the validators of
 * the current set, a validator operator's self-delegation included) and keep that weight: a
 * later change of stake does not move the tally; voting again replaces the old vote (its
 * weight is subtracted, the new one added). The end of block only visits open proposals (at
 * most {@link #OPEN_MAX}) and their depositors (at most {@link #DEPOSITORS_MAX} each), never
 * the voters.
 */
final class GovernanceLedger {
  static final int STATUS_DEPOSIT = 1;
  static final int STATUS_VOTING = 2;
  static final int STATUS_PASSED = 3;
  static final int STATUS_REJECTED = 4;
  static final int STATUS_VETOED = 5;
  static final int STATUS_NO_QUORUM = 6;
  static final int STATUS_DEPOSIT_EXPIRED = 7;

  static final int YES = 1;
  static final int NO = 2;
  static final int ABSTAIN = 3;
  static final int VETO = 4;

  /** Proposals in their deposit or voting period at once (bounds the end-of-block work). */
  static final int OPEN_MAX = 32;
  /** Distinct depositors per proposal (bounds the refunds). */
  static final int DEPOSITORS_MAX = 16;
  static final int DESCRIPTION_MAX_BYTES = 1_024;
  /** Quorum and veto: 33.4 % (in thousandths). */
  static final long QUORUM_PERMILLE = 334;
  static final long VETO_PERMILLE = 334;

  private static final int F_STATUS = 0;
  private static final int F_PARAM = 1;
  private static final int F_VALUE = 2;
  private static final int F_PROPOSER = 3;
  private static final int F_DEPOSIT = 4;
  private static final int F_DEPOSIT_END = 5;
  private static final int F_VOTING_END = 6;
  private static final int F_TALLY = 7; // 7 + option - 1: yes, no, abstain, veto
  private static final int F_DEPOSITORS = 11;

  private final Slots slots;

  GovernanceLedger(Slots slots) {
    this.slots = slots;
  }

  // ---- slots ---------------------------------------------------------------------------

  private static UInt256 slot(String tag, BigInteger... words) {
    return StakingLedger.slot(tag, words);
  }

  private static BigInteger w(long v) {
    return BigInteger.valueOf(v);
  }

  private static BigInteger w(Address a) {
    return Abi.addressValue(a);
  }

  private BigInteger get(UInt256 key) {
    return slots.get(key).toBigInteger();
  }

  private void put(UInt256 key, BigInteger value) {
    slots.put(key, UInt256.fromBigInteger(value));
  }

  private BigInteger field(long id, int field) {
    return get(slot("pr", w(id), w(field)));
  }

  private void setField(long id, int field, BigInteger value) {
    put(slot("pr", w(id), w(field)), value);
  }

  // ---- params --------------------------------------------------------------------------

  GovernanceParams params() {
    if (get(slot("gp", w(0))).signum() == 0) {
      return GovernanceParams.defaults();
    }
    return new GovernanceParams(get(slot("gp", w(1))), get(slot("gp", w(2))).longValue(),
        get(slot("gp", w(3))).longValue());
  }

  void setParams(GovernanceParams p) {
    put(slot("gp", w(0)), BigInteger.ONE);
    put(slot("gp", w(1)), p.minDeposit());
    put(slot("gp", w(2)), w(p.depositPeriodBlocks()));
    put(slot("gp", w(3)), w(p.votingPeriodBlocks()));
  }

  /** The block gas limit governance set, or 0 when it never did (the parent's applies). */
  long blockGasLimit() {
    return get(slot("gl")).longValue();
  }

  void setBlockGasLimit(long gasLimit) {
    put(slot("gl"), w(gasLimit));
  }

  // ---- proposals -----------------------------------------------------------------------

  /** A proposal as the views show it. */
  record Proposal(long id, int status, Governance.Param param, BigInteger value,
      Address proposer, BigInteger deposit, long depositEnd, long votingEnd, BigInteger yes,
      BigInteger no, BigInteger abstain, BigInteger veto) {}

  long proposalCount() {
    return get(slot("n")).longValue();
  }

  Proposal proposal(long id) {
    int status = field(id, F_STATUS).intValue();
    if (status == 0) {
      throw new Abi.Invalid("no proposal " + id);
    }
    return new Proposal(id, status, Governance.Param.values()[field(id, F_PARAM).intValue()],
        field(id, F_VALUE), Address.fromWord(Abi.word(field(id, F_PROPOSER))),
        field(id, F_DEPOSIT), field(id, F_DEPOSIT_END).longValue(),
        field(id, F_VOTING_END).longValue(), field(id, F_TALLY), field(id, F_TALLY + 1),
        field(id, F_TALLY + 2), field(id, F_TALLY + 3));
  }

  /**
   * A new proposal to set {@code param} to {@code value} from block {@code height}, with
   * {@code deposit} (at least a tenth of the minimum). Returns its id (1, 2, ...).
   */
  long submit(Address proposer, Governance.Param param, BigInteger value, BigInteger deposit,
      long height) {
    param.check(value);
    GovernanceParams p = params();
    BigInteger least = p.minDeposit().add(BigInteger.valueOf(9)).divide(BigInteger.TEN);
    if (deposit.compareTo(least) < 0) {
      throw new Abi.Invalid("initial deposit " + deposit + " below " + least
          + " (a tenth of the minimum deposit " + p.minDeposit() + ")");
    }
    int open = openCount();
    if (open >= OPEN_MAX) {
      throw new Abi.Invalid("already " + OPEN_MAX + " open proposals");
    }
    long id = proposalCount() + 1;
    put(slot("n"), w(id));
    setField(id, F_STATUS, w(STATUS_DEPOSIT));
    setField(id, F_PARAM, w(param.ordinal()));
    setField(id, F_VALUE, value);
    setField(id, F_PROPOSER, w(proposer));
    setField(id, F_DEPOSIT_END, w(height + p.depositPeriodBlocks()));
    put(slot("open", w(open)), w(id));
    put(slot("open.n"), w(open + 1));
    addDeposit(id, proposer, deposit, height, p);
    return id;
  }

  /** More deposit, while the proposal is in its deposit period. */
  void deposit(long id, Address from, BigInteger amount, long height) {
    int status = field(id, F_STATUS).intValue();
    if (status == 0) {
      throw new Abi.Invalid("no proposal " + id);
    }
    if (status != STATUS_DEPOSIT) {
      throw new Abi.Invalid("proposal " + id + " is not in its deposit period");
    }
    if (amount.signum() <= 0) {
      throw new Abi.Invalid("deposit must carry value");
    }
    addDeposit(id, from, amount, height, params());
  }

  private void addDeposit(long id, Address from, BigInteger amount, long height,
      GovernanceParams p) {
    UInt256 key = slot("da", w(id), w(from));
    BigInteger held = get(key);
    if (held.signum() == 0) {
      int n = field(id, F_DEPOSITORS).intValue();
      if (n >= DEPOSITORS_MAX) {
        throw new Abi.Invalid("proposal " + id + " already has " + DEPOSITORS_MAX
            + " depositors");
      }
      put(slot("dp", w(id), w(n)), w(from));
      setField(id, F_DEPOSITORS, w(n + 1));
    }
    put(key, held.add(amount));
    BigInteger total = field(id, F_DEPOSIT).add(amount);
    setField(id, F_DEPOSIT, total);
    if (total.compareTo(p.minDeposit()) >= 0) {
      // Voting runs through the end of block height + votingPeriod.
      setField(id, F_STATUS, w(STATUS_VOTING));
      setField(id, F_VOTING_END, w(height + p.votingPeriodBlocks()));
    }
  }

  BigInteger depositOf(long id, Address depositor) {
    return get(slot("da", w(id), w(depositor)));
  }

  /** The voter's option (0: none) and weight on proposal {@code id}. */
  record Vote(int option, BigInteger weight) {}

  Vote vote(long id, Address voter) {
    return new Vote(get(slot("vo", w(id), w(voter))).intValue(),
        get(slot("vw", w(id), w(voter))));
  }

  /**
   * Records a vote weighing the voter's bonded stake now; a second vote replaces the first.
   * Returns the weight.
   */
  BigInteger vote(long id, Address voter, int option, long height, StakingLedger staking) {
    if (option < YES || option > VETO) {
      throw new Abi.Invalid("vote option must be 1 (yes), 2 (no), 3 (abstain) or 4 (veto), got "
          + option);
    }
    int status = field(id, F_STATUS).intValue();
    if (status == 0) {
      throw new Abi.Invalid("no proposal " + id);
    }
    if (status != STATUS_VOTING) {
      throw new Abi.Invalid("proposal " + id + " is not in its voting period");
    }
    BigInteger weight = bondedStake(staking, voter, height);
    if (weight.signum() == 0) {
      throw new Abi.Invalid("no bonded stake: " + voter
          + " has no delegation to a validator of the current set");
    }
    Vote old = vote(id, voter);
    if (old.option() != 0) {
      int f = F_TALLY + old.option() - 1;
      setField(id, f, field(id, f).subtract(old.weight()));
    }
    int f = F_TALLY + option - 1;
    setField(id, f, field(id, f).add(weight));
    put(slot("vo", w(id), w(voter)), w(option));
    put(slot("vw", w(id), w(voter)), weight);
    return weight;
  }

  /** The voter's tokens delegated to the validators in force at {@code height}. */
  static BigInteger bondedStake(StakingLedger staking, Address voter, long height) {
    StakingLedger.ScheduledSet set = staking.setAt(height);
    BigInteger total = BigInteger.ZERO;
    if (set == null) {
      return total;
    }
    for (Validator v : set.members()) {
      BigInteger shares = staking.shares(voter, v.address());
      if (shares.signum() > 0) {
        total = total.add(staking.tokensOf(v.address(), shares));
      }
    }
    return total;
  }

  /** Every token bonded to the validators in force at {@code height}. */
  static BigInteger bondedTotal(StakingLedger staking, long height) {
    StakingLedger.ScheduledSet set = staking.setAt(height);
    BigInteger total = BigInteger.ZERO;
    if (set != null) {
      for (Validator v : set.members()) {
        total = total.add(staking.tokens(v.address()));
      }
    }
    return total;
  }

  // ---- end of block --------------------------------------------------------------------

  /** What closing proposals does outside the ledger: moving tokens and changing params. */
  interface Effects {
    void refund(Address depositor, BigInteger amount);

    void burn(BigInteger amount);

    void apply(Governance.Param param, BigInteger value);
  }

  /**
   * The outcome of a tally: quorum is 33.4 % of {@code bonded} voting; a veto above 33.4 % of
   * the votes burns the deposit; it passes with more yes than half of the non-abstain votes.
   */
  static int tally(BigInteger yes, BigInteger no, BigInteger abstain, BigInteger veto,
      BigInteger bonded) {
    BigInteger voted = yes.add(no).add(abstain).add(veto);
    if (bonded.signum() <= 0 || voted.signum() == 0
        || voted.multiply(w(1000)).compareTo(bonded.multiply(w(QUORUM_PERMILLE))) < 0) {
      return STATUS_NO_QUORUM;
    }
    if (veto.multiply(w(1000)).compareTo(voted.multiply(w(VETO_PERMILLE))) > 0) {
      return STATUS_VETOED;
    }
    BigInteger nonAbstain = yes.add(no).add(veto);
    return yes.shiftLeft(1).compareTo(nonAbstain) > 0 ? STATUS_PASSED : STATUS_REJECTED;
  }

  int openCount() {
    return get(slot("open.n")).intValue();
  }

  /**
   * End of block {@code height}: drops the proposals whose deposit period ended short of the
   * minimum (refunded) and tallies those whose voting period ends here (refunded, or burned
   * when vetoed; a passed one's change applied through {@code effects}, so it is in force from
   * block {@code height + 1}). O(open proposals), plus their depositors when they close.
   */
  void endBlock(long height, StakingLedger staking, Effects effects) {
    int n = openCount();
    if (n == 0) {
      return;
    }
    BigInteger bonded = null;
    // Backwards, so removing one (the last moves into its place) skips none.
    for (int i = n - 1; i >= 0; i--) {
      long id = get(slot("open", w(i))).longValue();
      int status = field(id, F_STATUS).intValue();
      int outcome;
      if (status == STATUS_DEPOSIT) {
        if (height < field(id, F_DEPOSIT_END).longValue()) {
          continue;
        }
        outcome = STATUS_DEPOSIT_EXPIRED;
      } else {
        if (height < field(id, F_VOTING_END).longValue()) {
          continue;
        }
        if (bonded == null) {
          bonded = bondedTotal(staking, height);
        }
        outcome = tally(field(id, F_TALLY), field(id, F_TALLY + 1), field(id, F_TALLY + 2),
            field(id, F_TALLY + 3), bonded);
      }
      setField(id, F_STATUS, w(outcome));
      if (outcome == STATUS_VETOED) {
        effects.burn(field(id, F_DEPOSIT));
      } else {
        int depositors = field(id, F_DEPOSITORS).intValue();
        for (int k = 0; k < depositors; k++) {
          Address who = Address.fromWord(Abi.word(get(slot("dp", w(id), w(k)))));
          effects.refund(who, depositOf(id, who));
        }
      }
      if (outcome == STATUS_PASSED) {
        effects.apply(Governance.Param.values()[field(id, F_PARAM).intValue()],
            field(id, F_VALUE));
      }
      int last = openCount() - 1;
      if (i != last) {
        put(slot("open", w(i)), get(slot("open", w(last))));
      }
      put(slot("open", w(last)), BigInteger.ZERO);
      put(slot("open.n"), w(last));
    }
  }
}
