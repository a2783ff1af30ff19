package dev.zg.consensus;

import java.util.Objects;

/**
 * Everything an engine is configured with. The chain id is signed into every message.
 *
 * @param chainId the chain's id, part of every signing digest
 * @param timeouts timeout durations per step and round
 * @param limits bounds on buffered and stored messages
 * @param valueIds how a value's bytes map to its id (the block hash for the chain)
 */
public record EngineConfig(long chainId, Timeouts timeouts, Limits limits,
    ValueIdFunction valueIds) {
  public EngineConfig {
    Check.argument(chainId >= 0, "chain id must be >= 0");
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(valueIds, "valueIds");
  }

  /** Default timeouts and limits, Keccak-256 value ids. */
  public static EngineConfig defaults(long chainId) {
    return new EngineConfig(chainId, Timeouts.DEFAULT, Limits.DEFAULT, ValueIdFunction.keccak());
  }
}
