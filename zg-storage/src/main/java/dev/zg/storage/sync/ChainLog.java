package dev.zg.storage.sync;

import dev.zg.common.Hash;
import java.util.List;

/** One log from {@code eth_getLogs}, with what the follower needs of it. */
public record ChainLog(long blockNumber, Hash blockHash, long logIndex, List<Hash> topics,
    byte[] data, boolean removed) {
  public ChainLog {
    topics = List.copyOf(topics);
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }
}
