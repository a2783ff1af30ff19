package dev.zg.node;

import dev.zg.chain.genesis.Genesis;
import dev.zg.common.Address;
import dev.zg.common.Secp256k1;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a chain node is started with.
 *
 * @param dataDir the RocksDB folder; null runs in memory (tests, throwaway chains)
 * @param blockTime the production interval; zero mines on demand (a block as soon as
 *     transactions are pending, as many as needed)
 * @param devAccounts keys the node signs with for {@code eth_sendTransaction} and lists in
 *     {@code eth_accounts} (the devnet's accounts; empty for a real node)
 * @param corsOrigins allowed browser origins for JSON-RPC ({@code *} for any; empty: none)
 * @param rpcGasCap the most gas eth_call and eth_estimateGas may run (geth's 50M)
 */
public record NodeConfig(
    Genesis genesis,
    Path dataDir,
    String host,
    int port,
    Duration blockTime,
    Address coinbase,
    List<Secp256k1.KeyPair> devAccounts,
    List<String> corsOrigins,
    long rpcGasCap) {

  public static final long RPC_GAS_CAP_DEFAULT = 50_000_000L;

  public NodeConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (blockTime.isNegative()) {
      throw new IllegalArgumentException("block time must not be negative");
    }
    devAccounts = List.copyOf(devAccounts);
    corsOrigins = List.copyOf(corsOrigins);
  }

  public long chainId() {
    return genesis.chainId();
  }

  public boolean mineOnDemand() {
    return blockTime.isZero();
  }
}
