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
 * @param signedBlocksWindow how many of a validator's last blocks in the set its signing is
 *     judged over (0: no downtime slashing)
 * @param downtimeMinSignedPpm the least fraction of the window's certificates, in ppm, a
 *     validator must have signed
 * @param slashDowntimePpm the fraction of a down validator's bonded tokens burned, in ppm
 * @param downtimeJailSeconds how long a down validator stays jailed before it may unjail
 */
public record StakingParams(long unbondingSeconds, BigInteger minSelfStake, int maxValidators,
    long slashDoubleSignPpm, BigInteger inflationPerBlock, long signedBlocksWindow,
    long downtimeMinSignedPpm, long slashDowntimePpm, long downtimeJailSeconds) {
  public static final BigInteger ONE_ZG = BigInteger.TEN.pow(18);
  public static final long UNBONDING_SECONDS_MAX = 365L * 24 * 3600;
  /**
   * The set's size is bounded by the previous block's signer bitmap, which the validator host
   * carries in the 32-byte header extraData after the 2-byte "zg" mark: 30 bytes, 240 bits.
   */
  public static final int MAX_VALIDATORS_MAX = 240;
  /** Bounds the per-validator signing ring (window / 256 storage words). */
  public static final long SIGNED_BLOCKS_WINDOW_MAX = 100_000;
  public static final long DOWNTIME_JAIL_SECONDS_MAX = 365L * 24 * 3600;
  public static final long SIGNED_BLOCKS_WINDOW_DEFAULT = 10_000;
  public static final long DOWNTIME_MIN_SIGNED_PPM_DEFAULT = 500_000;
  public static final long SLASH_DOWNTIME_PPM_DEFAULT = 100;
  public static final long DOWNTIME_JAIL_SECONDS_DEFAULT = 600;

  /**
   * 21 days of unbonding, 1 0G of self-stake, 125 validators, 5 % for double-signing, no
   * inflation; downtime: at least half of the last 10,000 blocks signed, else 0.01 % slashed
   * and 10 minutes in jail.
   */
  public static StakingParams defaults() {
    return new StakingParams(21L * 24 * 3600, ONE_ZG, 125, 50_000, BigInteger.ZERO);
  }

  /** The given values with the default downtime rules. */
  public StakingParams(long unbondingSeconds, BigInteger minSelfStake, int maxValidators,
      long slashDoubleSignPpm, BigInteger inflationPerBlock) {
    this(unbondingSeconds, minSelfStake, maxValidators, slashDoubleSignPpm, inflationPerBlock,
        SIGNED_BLOCKS_WINDOW_DEFAULT, DOWNTIME_MIN_SIGNED_PPM_DEFAULT,
        SLASH_DOWNTIME_PPM_DEFAULT, DOWNTIME_JAIL_SECONDS_DEFAULT);
  }

  /** These parameters with other downtime rules. */
  public StakingParams withDowntime(long signedBlocksWindow, long downtimeMinSignedPpm,
      long slashDowntimePpm, long downtimeJailSeconds) {
    return new StakingParams(unbondingSeconds, minSelfStake, maxValidators, slashDoubleSignPpm,
        inflationPerBlock, signedBlocksWindow, downtimeMinSignedPpm, slashDowntimePpm,
        downtimeJailSeconds);
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
    if (signedBlocksWindow < 0 || signedBlocksWindow > SIGNED_BLOCKS_WINDOW_MAX) {
      throw new IllegalArgumentException("signed-blocks window must be 0.."
          + SIGNED_BLOCKS_WINDOW_MAX + ", got " + signedBlocksWindow);
    }
    if (downtimeMinSignedPpm < 0 || downtimeMinSignedPpm > 1_000_000) {
      throw new IllegalArgumentException("downtime min signed must be 0..1000000 ppm, got "
          + downtimeMinSignedPpm);
    }
    if (slashDowntimePpm < 0 || slashDowntimePpm > 1_000_000) {
      throw new IllegalArgumentException("downtime slash must be 0..1000000 ppm, got "
          + slashDowntimePpm);
    }
    if (downtimeJailSeconds < 0 || downtimeJailSeconds > DOWNTIME_JAIL_SECONDS_MAX) {
      throw new IllegalArgumentException("downtime jail must be 0.." + DOWNTIME_JAIL_SECONDS_MAX
          + " s, got " + downtimeJailSeconds);
    }
  }
}
