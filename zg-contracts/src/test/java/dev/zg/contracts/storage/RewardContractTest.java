package dev.zg.contracts.storage;

import static dev.zg.contracts.storage.StorageContracts.REWARD;
import static dev.zg.contracts.storage.StorageContracts.errorSelector;
import static dev.zg.contracts.storage.StorageContracts.selector;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import dev.zg.contracts.devnet.DevnetContracts;
import dev.zg.evm.TransactionResult;
import dev.zg.storage.merkle.Submission;
import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Fees reach the reward pools; the mine's claims pay half the released pool plus the base. */
class RewardContractTest {
  private final StorageContracts c = new StorageContracts();
  private final Address mine = DevnetContracts.addresses().get("mine");
  private final Address miner = dev.zg.chain.genesis.DevnetGenesis.accounts().get(5).address();

  private BigInteger pending(Address who) {
    return (BigInteger) c.view(c.reward, REWARD.function("pendingRewards"), who).get(0);
  }

  private List<Object> pool(long index) {
    return c.view(c.reward, REWARD.function("pool"), BigInteger.valueOf(index));
  }

  /** Claims as the mine would; the mine's account is emptied so the test can send from it. */
  private TransactionResult claim(long index) {
    c.chain.put(mine, dev.zg.chain.genesis.GenesisAccount.funded(UInt256.ZERO));
    return c.chain.send(mine, c.reward, UInt256.ZERO, REWARD.function("claimMineReward")
        .encodeCall(BigInteger.valueOf(index), miner, Hash.keccak(new byte[] {7}).toArray()));
  }

  @Test
  void feesFillThePoolAfterTheServiceFee() {
    Submission s = StorageContracts.submission(1_000_000, new SplittableRandom(1));
    BigInteger fee = c.fee(s);
    assertThat(c.submit(s, fee).success()).isTrue();
    BigInteger service = fee.multiply(BigInteger.valueOf(DevnetContracts.SERVICE_FEE_RATE_BPS))
        .divide(BigInteger.valueOf(10_000));
    // Padding and entry parts are each charged the service fee separately: allow rounding.
    assertThat(pending(DevnetContracts.DEPLOYER)).isBetween(service.subtract(BigInteger.TWO),
        service);
    assertThat(((BigInteger) pool(0).get(0)).add(pending(DevnetContracts.DEPLOYER)))
        .isEqualTo(fee);
    assertThat(pool(0).get(2)).as("not full, not releasing").isEqualTo(BigInteger.ZERO);
    assertThat(c.view(c.reward, REWARD.function("baseRewardPool")).get(0))
        .isEqualTo(DevnetContracts.BASE_REWARD_POOL.toBigInteger());
  }

  @Test
  void onlyTheMineClaimsAndAClaimPaysTheBaseRewardWhilePoolsAreNotReleasing() {
    TransactionResult stranger = c.send(c.reward, REWARD.function("claimMineReward"),
        BigInteger.ZERO, miner, new byte[32]);
    assertThat(errorSelector(stranger)).isEqualTo(selector("OnlyMine(address)"));

    assertThat(claim(0).success()).isTrue();
    assertThat(pending(miner)).isEqualTo(DevnetContracts.BASE_REWARD);
    UInt256 before = c.chain.balance(miner);
    assertThat(c.chain.send(miner, c.reward, UInt256.ZERO,
        REWARD.function("withdraw").encodeCall()).success()).isTrue();
    assertThat(c.chain.balance(miner).toBigInteger())
        .isEqualTo(before.toBigInteger().add(DevnetContracts.BASE_REWARD));
    TransactionResult again = c.chain.send(miner, c.reward, UInt256.ZERO,
        REWARD.function("withdraw").encodeCall());
    assertThat(errorSelector(again)).isEqualTo(selector("NothingToWithdraw(address)"));
  }

  @Test
  void aFullPoolReleasesLinearlyAndEachClaimTakesHalfOfWhatIsReleased() {
    // One 8 GiB node goes at its alignment, 2^25: its padding fills pricing index 0 and the
    // entry index 1, so both pools are full and release.
    Submission big = new Submission(1L << 33, List.of(
        new dev.zg.storage.merkle.SubmissionNode(Hash.keccak(new byte[] {1}), 25)));
    BigInteger fee = c.fee(big);
    assertThat(c.submit(big, fee).success()).isTrue();
    List<Object> p = pool(0);
    BigInteger filled = (BigInteger) p.get(0);
    assertThat(p.get(2)).isEqualTo(BigInteger.valueOf(c.chain.timestamp()));

    c.chain.advance(1, DevnetContracts.RELEASE_SECONDS / 4);
    BigInteger released = filled.divide(BigInteger.valueOf(4));
    BigInteger claimable = (BigInteger) c.view(c.reward, REWARD.function("claimable"),
        BigInteger.ZERO).get(0);
    assertThat(claimable).isBetween(released.subtract(BigInteger.ONE), released);
    assertThat(claim(0).success()).isTrue();
    assertThat(pending(miner)).isEqualTo(claimable.divide(BigInteger.TWO)
        .add(DevnetContracts.BASE_REWARD));
    assertThat(pool(0).get(1)).isEqualTo(claimable.divide(BigInteger.TWO));

    c.chain.advance(1, DevnetContracts.RELEASE_SECONDS);
    assertThat(c.view(c.reward, REWARD.function("claimable"), BigInteger.ZERO).get(0))
        .isEqualTo(filled.subtract(claimable.divide(BigInteger.TWO)));
    assertThat(c.view(c.reward, REWARD.function("firstRewardableChunk")).get(0))
        .isEqualTo(BigInteger.ONE.shiftLeft(26));
    assertThat(pool(1).get(2)).isEqualTo(p.get(2));
  }
}
