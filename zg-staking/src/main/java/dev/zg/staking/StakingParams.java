package dev.zg.staking;

import java.math.BigInteger;

/**
 * The staking module's parameters, kept in its storage (set at genesis; governance will change
 * them).
 *
 * @param unbondingSeconds how long undelegated tokens stay locked (and slashable)
 * @param minSelfStake the least self-delegation, in neuron, for a validator to be in the set
 * @param maxValidators the size of the active set (the top by bonded tokens)
 * @param slashDoubleSignPpm the fraction of a double-signer's bonded tokens burned, in ppm
 * @param inflationPerBlock neuron minted at the end of each block and paid to the validators of
 *     that height by voting power (their commission first, the rest to their delegators)
 */
public record StakingParams(long unbondingSeconds, BigInteger minSelfStake, int maxValidators,
    long slashDoubleSignPpm, BigInteger inflationPerBlock) {
  public static final BigInteger ONE_ZG = BigInteger.TEN.pow(18);
  public static final long UNBONDING_SECONDS_MAX = 365L * 24 * 3600;
  public static final int MAX_VALIDATORS_MAX = 1_000;

  /**
   * 21 days of unbonding, 1 0G of self-stake, 125 validators, 5 % for double-signing, no
   * inflation.
   */
  public static StakingParams defaults() {
    return new StakingParams(21L * 24 * 3600, ONE_ZG, 125, 50_000, BigInteger.ZERO);
  }

  public StakingParams {
    if (unbondingSeconds < 0 || unbondingSeconds > UNBONDING_SECONDS_MAX) {
      throw new IllegalArgumentException("unbonding period must be 0.." + UNBONDING_SECONDS_MAX
          + " s, got " + unbondingSeconds);
    }
    if (minSelfStake.signum() < 0 || minSelfStake.bitLength() > 128) {
      throw new IllegalArgumentException("min self-stake out of range: " + minSelfStake);
    }
    if (maxValidators < 1 || maxValidators > MAX_VALIDATORS_MAX) {
      throw new IllegalArgumentException("max validators must be 1.." + MAX_VALIDATORS_MAX
          + ", got " + maxValidators);
    }
    if (inflationPerBlock.signum() < 0 || inflationPerBlock.bitLength() > 128) {
      throw new IllegalArgumentException("inflation per block out of range: "
          + inflationPerBlock);
    }
    if (slashDoubleSignPpm < 0 || slashDoubleSignPpm > 1_000_000) {
      throw new IllegalArgumentException("double-sign slash must be 0..1000000 ppm, got "
          + slashDoubleSignPpm);
    }
  }
}
