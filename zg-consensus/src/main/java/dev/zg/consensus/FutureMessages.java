package dev.zg.consensus;

import dev.zg.common.Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Signed messages for heights the engine has not started yet (a peer that decided first is
 * already voting on the next height). Bounded per height and signer; replayed in arrival
 * order when the height starts.
 */
final class FutureMessages {
  private final TreeMap<Long, List<ConsensusMessage>> byHeight = new TreeMap<>();
  private final Map<Long, Map<Address, Integer>> countByHeight = new HashMap<>();
  private final Map<Long, Set<ConsensusMessage>> seenByHeight = new HashMap<>();

  /** True when an equal message is already buffered (gossip repeats itself). */
  boolean contains(ConsensusMessage m) {
    Set<ConsensusMessage> seen = seenByHeight.get(m.height());
    return seen != null && seen.contains(m);
  }

  /** Buffers {@code m}; false when its signer's share of that height is full. */
  boolean add(ConsensusMessage m, int perSignerMax) {
    Map<Address, Integer> counts =
        countByHeight.computeIfAbsent(m.height(), h -> new HashMap<>());
    int count = counts.getOrDefault(m.signer(), 0);
    if (count >= perSignerMax) {
      return false;
    }
    counts.put(m.signer(), count + 1);
    seenByHeight.computeIfAbsent(m.height(), h -> new HashSet<>()).add(m);
    byHeight.computeIfAbsent(m.height(), h -> new ArrayList<>()).add(m);
    return true;
  }

  /** Removes everything up to {@code height} and returns that height's messages. */
  List<ConsensusMessage> take(long height) {
    List<ConsensusMessage> messages = byHeight.getOrDefault(height, List.of());
    byHeight.headMap(height, true).clear();
    countByHeight.keySet().removeIf(h -> h <= height);
    seenByHeight.keySet().removeIf(h -> h <= height);
    return messages;
  }

  int size() {
    int n = 0;
    for (List<ConsensusMessage> messages : byHeight.values()) {
      n += messages.size();
    }
    return n;
  }
}
