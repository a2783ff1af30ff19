package dev.zg.storage.sync;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * What the chain follower reads from a chain: its id, its head, block hashes and logs. The
 * real one is {@link EvmRpcChain} (any EVM JSON-RPC endpoint).
 */
public interface ChainSource {
  long chainId() throws IOException;

  long blockNumber() throws IOException;

  /** The hash of canonical block {@code number}, empty past the head. */
  Optional<Hash> blockHash(long number) throws IOException;

  /** Logs of {@code address} with topic0 {@code topic} in blocks {@code from..to}. */
  List<ChainLog> logs(Address address, Hash topic, long from, long to) throws IOException;
}
