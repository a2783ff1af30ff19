package dev.zg.chain.store;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An {@code eth_getLogs} filter: an inclusive block range, addresses (empty: any) and topic
 * positions, where each position is a set of alternatives (empty: any topic there).
 */
public record LogFilter(long fromBlock, long toBlock, Set<Address> addresses,
    List<Set<Hash>> topics) {
  /** LOG4 has four topics, so a fifth position can never match. */
  public static final int TOPIC_POSITIONS_MAX = 4;

  public LogFilter {
    if (fromBlock < 0 || toBlock < fromBlock) {
      throw new IllegalArgumentException("bad block range [" + fromBlock + ", " + toBlock + "]");
    }
    if (topics.size() > TOPIC_POSITIONS_MAX) {
      throw new IllegalArgumentException("at most " + TOPIC_POSITIONS_MAX
          + " topic positions, got " + topics.size());
    }
    addresses = Set.copyOf(addresses);
    List<Set<Hash>> copy = new ArrayList<>(topics.size());
    for (Set<Hash> alternatives : topics) {
      copy.add(Set.copyOf(alternatives));
    }
    topics = List.copyOf(copy);
  }

  public static LogFilter range(long fromBlock, long toBlock) {
    return new LogFilter(fromBlock, toBlock, Set.of(), List.of());
  }

  /** True when the log's address and topics match (the block range is not checked). */
  public boolean matches(dev.zg.evm.state.Log log) {
    return LogMatcher.matches(log, this);
  }
}
