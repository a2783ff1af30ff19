package dev.zg.staking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.common.Address;
import dev.zg.common.UInt256;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The governance ledger over storage maps: deposits, the running tally, closing proposals. */
class GovernanceLedgerTest {
  private static final BigInteger ZG = StakingParams.ONE_ZG;
  private static final Address V1 = address(1);
  private static final Address V2 = address(2);
  private static final Address V3 = address(3);
  private static final Address D = address(9);

  private final Map<UInt256, UInt256> govStorage = new TreeMap<>();
  private final Map<UInt256, UInt256> stakingStorage = new TreeMap<>();
  private final GovernanceLedger gov = new GovernanceLedger(new Slots.OfMap(govStorage));
  private final StakingLedger staking = new StakingLedger(new Slots.OfMap(stakingStorage));
  /** What closing proposals did: refunds per address, burns, applied params. */
  private final Map<Address, BigInteger> refunds = new LinkedHashMap<>();
  private final List<BigInteger> burns = new ArrayList<>();
  private final Map<Governance.Param, BigInteger> applied = new LinkedHashMap<>();

  private static Address address(int n) {
    return Address.fromHex(String.format("0x%040x", n));
  }

  private static BigInteger zg(long n) {
    return ZG.multiply(BigInteger.valueOf(n));
  }

  @BeforeEach
  void validators() {
    staking.setParams(StakingParams.defaults());
    gov.setParams(new GovernanceParams(zg(10), 5, 10));
    // Bonded: V1 40, V2 30, V3 20, D delegates 10 to V1: 100 in all.
    staking.createValidator(V1, "one", 0, 0, zg(40));
    staking.createValidator(V2, "two", 0, 0, zg(30));
    staking.createValidator(V3, "three", 0, 0, zg(20));
    staking.delegate(D, V1, zg(10));
    staking.schedule(1, staking.computeSet());
  }

  private void endBlock(long height) {
    gov.endBlock(height, staking, new GovernanceLedger.Effects() {
      @Override
      public void refund(Address depositor, BigInteger amount) {
        refunds.merge(depositor, amount, BigInteger::add);
      }

      @Override
      public void burn(BigInteger amount) {
        burns.add(amount);
      }

      @Override
      public void apply(Governance.Param param, BigInteger value) {
        applied.put(param, value);
      }
    });
  }

  private long votingProposal() {
    return gov.submit(V1, Governance.Param.MAX_VALIDATORS, BigInteger.valueOf(50), zg(10), 3);
  }

  @Test
  void tallyRules() {
    BigInteger bonded = BigInteger.valueOf(1000);
    // Quorum: 334 of 1000 must vote.
    assertThat(GovernanceLedger.tally(n(333), n(0), n(0), n(0), bonded))
        .isEqualTo(GovernanceLedger.STATUS_NO_QUORUM);
    assertThat(GovernanceLedger.tally(n(334), n(0), n(0), n(0), bonded))
        .isEqualTo(GovernanceLedger.STATUS_PASSED);
    // Abstain counts for quorum, not for the threshold.
    assertThat(GovernanceLedger.tally(n(101), n(100), n(300), n(0), bonded))
        .isEqualTo(GovernanceLedger.STATUS_PASSED);
    assertThat(GovernanceLedger.tally(n(100), n(100), n(300), n(0), bonded))
        .isEqualTo(GovernanceLedger.STATUS_REJECTED); // exactly half is not more than half
    // Veto: more than 33.4 % of the votes cast.
    assertThat(GovernanceLedger.tally(n(666), n(0), n(0), n(334), bonded))
        .isEqualTo(GovernanceLedger.STATUS_PASSED);
    assertThat(GovernanceLedger.tally(n(665), n(0), n(0), n(335), bonded))
        .isEqualTo(GovernanceLedger.STATUS_VETOED);
    assertThat(GovernanceLedger.tally(n(0), n(0), n(0), n(0), BigInteger.ZERO))
        .isEqualTo(GovernanceLedger.STATUS_NO_QUORUM);
  }

  private static BigInteger n(long v) {
    return BigInteger.valueOf(v);
  }

  @Test
  void votesWeighBondedStakeAndAChangedVoteMovesItsWeight() {
    long id = votingProposal();
    GovernanceLedger.Proposal p = gov.proposal(id);
    assertThat(p.status()).isEqualTo(GovernanceLedger.STATUS_VOTING);
    assertThat(p.votingEnd()).isEqualTo(13);
    // An operator's weight is its self-delegation only; D's 10 are its own.
    assertThat(gov.vote(id, V1, GovernanceLedger.YES, 4, staking)).isEqualTo(zg(40));
    assertThat(gov.vote(id, D, GovernanceLedger.NO, 4, staking)).isEqualTo(zg(10));
    assertThat(gov.vote(id, V2, GovernanceLedger.NO, 4, staking)).isEqualTo(zg(30));
    p = gov.proposal(id);
    assertThat(List.of(p.yes(), p.no(), p.abstain(), p.veto()))
        .containsExactly(zg(40), zg(40), BigInteger.ZERO, BigInteger.ZERO);
    // V2 changes its mind: its 30 leave "no" for "abstain".
    gov.vote(id, V2, GovernanceLedger.ABSTAIN, 5, staking);
    p = gov.proposal(id);
    assertThat(List.of(p.yes(), p.no(), p.abstain(), p.veto()))
        .containsExactly(zg(40), zg(10), zg(30), BigInteger.ZERO);
    // Weight is fixed at vote time: more stake later does not move the tally.
    staking.delegate(D, V2, zg(5));
    p = gov.proposal(id);
    assertThat(p.no()).isEqualTo(zg(10));
    assertThat(gov.vote(id, D).weight()).isEqualTo(zg(10));

    endBlock(12);
    assertThat(gov.proposal(id).status()).isEqualTo(GovernanceLedger.STATUS_VOTING);
    endBlock(13); // 80 of 105 bonded voted; 40 yes of 50 non-abstain: passed
    assertThat(gov.proposal(id).status()).isEqualTo(GovernanceLedger.STATUS_PASSED);
    assertThat(applied).containsExactly(Map.entry(Governance.Param.MAX_VALIDATORS,
        BigInteger.valueOf(50)));
    assertThat(refunds).containsExactly(Map.entry(V1, zg(10)));
    assertThat(burns).isEmpty();
    assertThat(gov.openCount()).isZero();
  }

  @Test
  void badVotesAreRefused() {
    long id = votingProposal();
    assertThatThrownBy(() -> gov.vote(id, address(77), GovernanceLedger.YES, 4, staking))
        .hasMessageContaining("no bonded stake");
    assertThatThrownBy(() -> gov.vote(id, V1, 5, 4, staking))
        .hasMessageContaining("vote option must be 1 (yes)");
    assertThatThrownBy(() -> gov.vote(id, V1, 0, 4, staking))
        .hasMessageContaining("vote option");
    assertThatThrownBy(() -> gov.vote(99, V1, 1, 4, staking)).hasMessage("no proposal 99");
    long waiting = gov.submit(V2, Governance.Param.MAX_VALIDATORS, n(7), zg(1), 3);
    assertThatThrownBy(() -> gov.vote(waiting, V1, 1, 4, staking))
        .hasMessageContaining("not in its voting period");
  }

  @Test
  void submissionChecksBoundsAndDeposit() {
    assertThatThrownBy(() -> gov.submit(V1, Governance.Param.BLOCK_GAS_LIMIT, n(999_999),
        zg(10), 1)).hasMessage("blockGasLimit must be 1000000..1000000000, got 999999");
    assertThatThrownBy(() -> gov.submit(V1, Governance.Param.UNBONDING_SECONDS, n(59),
        zg(10), 1)).hasMessageContaining("unbondingSeconds must be 60..");
    assertThatThrownBy(() -> gov.submit(V1, Governance.Param.MAX_VALIDATORS, n(241),
        zg(10), 1)).hasMessageContaining("maxValidators must be 1..240");
    assertThatThrownBy(() -> gov.submit(V1, Governance.Param.SLASH_DOUBLE_SIGN_PPM,
        n(1_000_001), zg(10), 1)).hasMessageContaining("slashDoubleSignPpm must be 0..1000000");
    assertThatThrownBy(() -> gov.submit(V1, Governance.Param.MIN_SELF_STAKE, n(1), zg(10), 1))
        .hasMessageContaining("minSelfStake must be " + ZG);
    assertThatThrownBy(() -> gov.submit(V1, Governance.Param.INFLATION_PER_BLOCK, zg(1001),
        zg(10), 1)).hasMessageContaining("inflationPerBlock must be 0..");
    assertThatThrownBy(() -> gov.submit(V1, Governance.Param.MAX_VALIDATORS, n(7),
        ZG.subtract(BigInteger.ONE), 1)).hasMessageContaining("initial deposit");
    assertThatThrownBy(() -> Governance.Param.ofKey(new byte[32]))
        .hasMessageContaining("unknown parameter 0x00");
    assertThat(gov.proposalCount()).isZero();
  }

  @Test
  void depositsOpenVotingOrExpireRefunded() {
    long id = gov.submit(V1, Governance.Param.MAX_VALIDATORS, n(7), zg(2), 3);
    assertThat(gov.proposal(id).status()).isEqualTo(GovernanceLedger.STATUS_DEPOSIT);
    assertThat(gov.proposal(id).depositEnd()).isEqualTo(8);
    gov.deposit(id, D, zg(3), 4);
    gov.deposit(id, V1, zg(1), 5);
    assertThat(gov.proposal(id).deposit()).isEqualTo(zg(6));
    assertThatThrownBy(() -> gov.deposit(id, D, BigInteger.ZERO, 5))
        .hasMessage("deposit must carry value");
    endBlock(7);
    assertThat(gov.proposal(id).status()).isEqualTo(GovernanceLedger.STATUS_DEPOSIT);
    endBlock(8);
    assertThat(gov.proposal(id).status()).isEqualTo(GovernanceLedger.STATUS_DEPOSIT_EXPIRED);
    assertThat(refunds).containsExactly(Map.entry(V1, zg(3)), Map.entry(D, zg(3)));
    assertThatThrownBy(() -> gov.deposit(id, D, zg(1), 9))
        .hasMessageContaining("not in its deposit period");

    long second = gov.submit(V2, Governance.Param.MAX_VALIDATORS, n(7), zg(2), 10);
    gov.deposit(second, D, zg(8), 11); // reaches 10: voting from here to the end of block 21
    assertThat(gov.proposal(second).status()).isEqualTo(GovernanceLedger.STATUS_VOTING);
    assertThat(gov.proposal(second).votingEnd()).isEqualTo(21);
  }

  @Test
  void noQuorumRefundsAndVetoBurns() {
    long quiet = votingProposal();
    long vetoed = gov.submit(V2, Governance.Param.BLOCK_GAS_LIMIT, n(60_000_000), zg(4), 3);
    gov.deposit(vetoed, D, zg(6), 3);
    long third = gov.submit(V3, Governance.Param.UNBONDING_SECONDS, n(600), zg(10), 3);
    gov.vote(quiet, V3, GovernanceLedger.YES, 4, staking); // 20 of 100: below 33.4 %
    gov.vote(vetoed, V1, GovernanceLedger.YES, 4, staking);
    gov.vote(vetoed, V2, GovernanceLedger.VETO, 4, staking); // 30 of 70 > 33.4 %
    gov.vote(third, V1, GovernanceLedger.NO, 4, staking);
    gov.vote(third, V2, GovernanceLedger.YES, 4, staking); // 30 yes of 70: rejected
    endBlock(13);
    assertThat(gov.proposal(quiet).status()).isEqualTo(GovernanceLedger.STATUS_NO_QUORUM);
    assertThat(gov.proposal(vetoed).status()).isEqualTo(GovernanceLedger.STATUS_VETOED);
    assertThat(gov.proposal(third).status()).isEqualTo(GovernanceLedger.STATUS_REJECTED);
    assertThat(burns).containsExactly(zg(10));
    assertThat(refunds).containsOnly(Map.entry(V1, zg(10)), Map.entry(V3, zg(10)));
    assertThat(applied).isEmpty();
    assertThat(gov.openCount()).isZero();
  }

  @Test
  void openProposalsAndDepositorsAreBounded() {
    for (int i = 0; i < GovernanceLedger.OPEN_MAX; i++) {
      gov.submit(V1, Governance.Param.MAX_VALIDATORS, n(7), zg(1), 1);
    }
    assertThatThrownBy(() -> gov.submit(V1, Governance.Param.MAX_VALIDATORS, n(7), zg(1), 1))
        .hasMessage("already " + GovernanceLedger.OPEN_MAX + " open proposals");
    for (int i = 0; i < GovernanceLedger.DEPOSITORS_MAX - 1; i++) {
      gov.deposit(1, address(100 + i), BigInteger.ONE, 2);
    }
    assertThatThrownBy(() -> gov.deposit(1, address(500), BigInteger.ONE, 2))
        .hasMessageContaining("already has " + GovernanceLedger.DEPOSITORS_MAX + " depositors");
    gov.deposit(1, V1, BigInteger.ONE, 2); // a known depositor may add more
    endBlock(6); // every deposit period ends: all refunded, the list empties
    assertThat(gov.openCount()).isZero();
    assertThat(refunds).hasSize(GovernanceLedger.DEPOSITORS_MAX);
    assertThat(refunds.get(V1)).isEqualTo(zg(GovernanceLedger.OPEN_MAX).add(BigInteger.ONE));
  }

  @Test
  void stakingParamsAreWrittenOneByOne() {
    StakingLedger fresh = new StakingLedger(new Slots.OfMap(new TreeMap<>()));
    fresh.setParam(StakingLedger.P_UNBONDING_SECONDS, n(600));
    assertThat(fresh.params()).isEqualTo(new StakingParams(600, ZG, 125, 50_000,
        BigInteger.ZERO));
    staking.setParam(StakingLedger.P_MAX_VALIDATORS, n(2));
    assertThat(staking.computeSet()).hasSize(2);
  }
}
