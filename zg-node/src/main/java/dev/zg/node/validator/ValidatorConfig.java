package dev.zg.node.validator;

import dev.zg.common.Address;
import dev.zg.common.Secp256k1;
import dev.zg.consensus.Timeouts;
import dev.zg.consensus.Validator;
import dev.zg.consensus.ValidatorSet;
import java.util.List;
import java.util.Objects;

/**
 * How a chain node takes part in consensus.
 *
 * @param key the validator's secp256k1 key: signs votes, proposals and the peer handshake
 * @param listenHost where the validator accepts peer connections
 * @param listenPort the peer port (0 picks a free one, for tests)
 * @param peers the other validators to dial and accept; nobody else may connect
 * @param validators the genesis validator set (the same on every node)
 * @param timeouts the consensus step timeouts
 * @param blockIntervalMillis the least time between the starts of two heights (CometBFT's
 *     timeout_commit): lets transactions gather instead of making a block per vote round trip
 */
public record ValidatorConfig(Secp256k1.KeyPair key, String listenHost, int listenPort,
    List<Peer> peers, List<Validator> validators, Timeouts timeouts, long blockIntervalMillis) {
  public static final int PEERS_MAX = 256;
  public static final long BLOCK_INTERVAL_MILLIS_MAX = 60_000;

  /** Another validator: its address (checked in the handshake) and where it listens. */
  public record Peer(Address address, String host, int port) {
    public Peer {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(host, "host");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("peer port must be 1..65535, got " + port);
      }
    }
  }

  public ValidatorConfig {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(listenHost, "listenHost");
    Objects.requireNonNull(timeouts, "timeouts");
    if (listenPort < 0 || listenPort > 65535) {
      throw new IllegalArgumentException("listen port must be 0..65535, got " + listenPort);
    }
    peers = List.copyOf(peers);
    validators = List.copyOf(validators);
    if (peers.size() > PEERS_MAX) {
      throw new IllegalArgumentException("at most " + PEERS_MAX + " peers, got " + peers.size());
    }
    for (Peer p : peers) {
      if (p.address().equals(key.address())) {
        throw new IllegalArgumentException("the peer list names this validator itself: "
            + p.address());
      }
    }
    ValidatorSet.of(validators); // validates: non-empty, distinct, bounded power
    if (blockIntervalMillis < 0 || blockIntervalMillis > BLOCK_INTERVAL_MILLIS_MAX) {
      throw new IllegalArgumentException("block interval must be 0.." + BLOCK_INTERVAL_MILLIS_MAX
          + " ms, got " + blockIntervalMillis);
    }
  }

  public ValidatorSet genesisSet() {
    return ValidatorSet.of(validators);
  }

  public Address address() {
    return key.address();
  }
}
