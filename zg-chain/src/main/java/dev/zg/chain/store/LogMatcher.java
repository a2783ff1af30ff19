package dev.zg.chain.store;

import dev.zg.chain.block.LogsBloom;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.evm.state.Log;
import java.util.List;
import java.util.Set;

/** Matching logs and blooms against a {@link LogFilter}. */
final class LogMatcher {
  private LogMatcher() {}

  /** False when the bloom proves no log of the block can match. */
  static boolean mayMatch(LogsBloom bloom, LogFilter filter) {
    if (!filter.addresses().isEmpty() && !anyAddress(bloom, filter.addresses())) {
      return false;
    }
    for (Set<Hash> alternatives : filter.topics()) {
      if (!alternatives.isEmpty() && !anyTopic(bloom, alternatives)) {
        return false;
      }
    }
    return true;
  }

  static boolean matches(Log log, LogFilter filter) {
    if (!filter.addresses().isEmpty() && !filter.addresses().contains(log.address())) {
      return false;
    }
    List<Hash> topics = log.topics();
    for (int i = 0; i < filter.topics().size(); i++) {
      Set<Hash> alternatives = filter.topics().get(i);
      if (alternatives.isEmpty()) {
        continue;
      }
      if (i >= topics.size() || !alternatives.contains(topics.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean anyAddress(LogsBloom bloom, Set<Address> addresses) {
    for (Address address : addresses) {
      if (bloom.mayContain(address)) {
        return true;
      }
    }
    return false;
  }

  private static boolean anyTopic(LogsBloom bloom, Set<Hash> topics) {
    for (Hash topic : topics) {
      if (bloom.mayContain(topic)) {
        return true;
      }
    }
    return false;
  }
}
