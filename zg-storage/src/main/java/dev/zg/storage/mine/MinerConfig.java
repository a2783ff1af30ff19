package dev.zg.storage.mine;

import dev.zg.common.Address;
import dev.zg.common.Secp256k1;
import java.time.Duration;
import java.util.Objects;

/**
 * A storage node's PoRA miner settings.
 *
 * @param key the account that sends answers (and pays their gas); it is also the beneficiary
 *     its miner id is registered for
 * @param mineAddress the PoraMine contract
 * @param minerId the registered miner id (32 bytes), or null to register one on first use
 *     (kept in the node's data folder, so a restart reuses it)
 * @param threads how many threads search nonces (1 to 64)
 * @param cpuPercent how much of those threads' time is spent searching (1 to 100); the rest
 *     is slept, so a node can mine without starving its uploads
 * @param pollInterval how often the chain's mining context is read
 */
public record MinerConfig(Secp256k1.KeyPair key, Address mineAddress, byte[] minerId,
    int threads, int cpuPercent, Duration pollInterval) {
  public static final int THREADS_MAX = 64;

  public MinerConfig {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(mineAddress, "mineAddress");
    Objects.requireNonNull(pollInterval, "pollInterval");
    if (minerId != null && minerId.length != 32) {
      throw new IllegalArgumentException("a miner id is 32 bytes, got " + minerId.length);
    }
    minerId = minerId == null ? null : minerId.clone();
    if (threads < 1 || threads > THREADS_MAX) {
      throw new IllegalArgumentException("miner threads must be 1.." + THREADS_MAX + ", got "
          + threads);
    }
    if (cpuPercent < 1 || cpuPercent > 100) {
      throw new IllegalArgumentException("miner cpuPercent must be 1..100, got " + cpuPercent);
    }
    if (pollInterval.isNegative() || pollInterval.isZero()
        || pollInterval.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("miner pollInterval must be 1 ms to 10 minutes");
    }
  }

  /** One thread at 100%, polling twice a second, registering its id on first use. */
  public static MinerConfig of(Secp256k1.KeyPair key, Address mineAddress) {
    return new MinerConfig(key, mineAddress, null, 1, 100, Duration.ofMillis(500));
  }

  @Override
  public byte[] minerId() {
    return minerId == null ? null : minerId.clone();
  }

  public MinerConfig withPollInterval(Duration value) {
    return new MinerConfig(key, mineAddress, minerId, threads, cpuPercent, value);
  }

  @Override
  public String toString() {
    return "MinerConfig[" + key.address() + ", mine " + mineAddress + ", " + threads
        + " thread(s) at " + cpuPercent + "%]";
  }
}
