package dev.zg.evm.state;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import java.util.List;

/** An event emitted by LOG0..LOG4. */
public record Log(Address address, List<Hash> topics, byte[] data) {
  public Log {
    topics = List.copyOf(topics);
  }
}
