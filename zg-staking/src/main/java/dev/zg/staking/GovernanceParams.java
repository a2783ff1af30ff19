package dev.zg.staking;

import java.math.BigInteger;

/**
 * The governance module's own parameters, kept in its storage (set at genesis).
 *
 * @param minDeposit neuron a proposal's deposits must reach for it to go to a vote
 * @param depositPeriodBlocks blocks after submission in which the deposit may reach
 *     {@code minDeposit}; after that the proposal is dropped and its deposits refunded
 * @param votingPeriodBlocks blocks of voting, counted from the block the deposit is reached
 */
public record GovernanceParams(BigInteger minDeposit, long depositPeriodBlocks,
    long votingPeriodBlocks) {
  public static final long PERIOD_BLOCKS_MAX = 10_000_000;

  /**
   * 100 0G of deposit, about two days to reach it and two days of voting at one block a second
   * (172,800 blocks each).
   */
  public static GovernanceParams defaults() {
    return new GovernanceParams(StakingParams.ONE_ZG.multiply(BigInteger.valueOf(100)),
        172_800, 172_800);
  }

  public GovernanceParams {
    if (minDeposit.signum() <= 0 || minDeposit.bitLength() > 128) {
      throw new IllegalArgumentException("min deposit must be 1..2^128-1 neuron, got "
          + minDeposit);
    }
    if (depositPeriodBlocks < 1 || depositPeriodBlocks > PERIOD_BLOCKS_MAX) {
      throw new IllegalArgumentException("deposit period must be 1.." + PERIOD_BLOCKS_MAX
          + " blocks, got " + depositPeriodBlocks);
    }
    if (votingPeriodBlocks < 1 || votingPeriodBlocks > PERIOD_BLOCKS_MAX) {
      throw new IllegalArgumentException("voting period must be 1.." + PERIOD_BLOCKS_MAX
          + " blocks, got " + votingPeriodBlocks);
    }
  }
}
