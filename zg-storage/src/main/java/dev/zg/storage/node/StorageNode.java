package dev.zg.storage.node;

import dev.zg.rpc.RpcOptions;
import dev.zg.rpc.RpcServer;
import dev.zg.storage.log.LogStore;
import dev.zg.storage.mine.MiningService;
import dev.zg.storage.rpc.JsonRpcClient;
import dev.zg.storage.rpc.NodeIdentity;
import dev.zg.storage.rpc.ZgsRpc;
import dev.zg.storage.sync.EvmRpcChain;
import dev.zg.storage.sync.LogSync;
import dev.zg.storage.sync.PeerSync;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One storage node, wired: the log store, the chain follower, peer sync, the zgs_* RPC and,
 * when configured, the PoRA miner.
 * {@link #start} returns once the RPC is listening; {@link #close} stops everything in
 * reverse order.
 */
public final class StorageNode implements AutoCloseable {
  /** Large enough for {@link ZgsRpc#UPLOAD_SEGMENTS_MAX} base64 segments in one call. */
  static final int RPC_BODY_MAX = 32 << 20;
  private static final Duration CHAIN_TIMEOUT = Duration.ofSeconds(30);

  private final StorageNodeConfig config;
  private final LogStore store;
  private final LogSync logSync;
  private final PeerSync peerSync;
  private final RpcServer rpc;
  private final MiningService miner;

  private StorageNode(StorageNodeConfig config, LogStore store, LogSync logSync,
      PeerSync peerSync, RpcServer rpc, MiningService miner) {
    this.config = config;
    this.store = store;
    this.logSync = logSync;
    this.peerSync = peerSync;
    this.rpc = rpc;
    this.miner = miner;
  }

  /**
   * Opens the store, asks the chain its id (failing clearly if it cannot be reached), and
   * starts following it, syncing from peers and serving RPC.
   */
  public static StorageNode start(StorageNodeConfig config) {
    LogStore store = LogStore.open(config.dataDir(), config.shard(), config.maxDataBytes());
    List<AutoCloseable> started = new ArrayList<>();
    started.add(store);
    try {
      EvmRpcChain chain = new EvmRpcChain(new JsonRpcClient(config.chainRpc(), CHAIN_TIMEOUT));
      long chainId;
      try {
        chainId = chain.chainId();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot reach the chain at " + config.chainRpc() + ": "
            + e.getMessage(), e);
      }
      List<JsonRpcClient> peers = new ArrayList<>();
      for (String url : config.peers()) {
        peers.add(new JsonRpcClient(url, Duration.ofSeconds(30)));
      }
      PeerSync peerSync = new PeerSync(store, peers, config.pollInterval());
      LogSync logSync = new LogSync(chain, config.flowAddress(), store, config.confirmations(),
          config.startBlock(), config.pollInterval());
      RpcServer rpc = new RpcServer(RpcOptions.defaults().withHost(config.rpcHost())
          .withPort(config.rpcPort()).withMaxBodyBytes(RPC_BODY_MAX));
      new ZgsRpc(store, NodeIdentity.of(chainId, config.flowAddress()),
          peerSync::connectedPeers).registerOn(rpc);
      rpc.start();
      started.add(rpc);
      logSync.start();
      started.add(logSync);
      peerSync.start();
      started.add(peerSync);
      MiningService miner = null;
      if (config.miner() != null) {
        miner = new MiningService(new JsonRpcClient(config.chainRpc(), CHAIN_TIMEOUT),
            config.flowAddress(), store, config.dataDir(), config.miner());
        miner.start();
      }
      return new StorageNode(config, store, logSync, peerSync, rpc, miner);
    } catch (RuntimeException e) {
      for (int i = started.size() - 1; i >= 0; i--) {
        try {
          started.get(i).close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  public StorageNodeConfig config() {
    return config;
  }

  public LogStore store() {
    return store;
  }

  public LogSync logSync() {
    return logSync;
  }

  public PeerSync peerSync() {
    return peerSync;
  }

  /** The PoRA miner, when the config enables one. */
  public java.util.Optional<MiningService> miner() {
    return java.util.Optional.ofNullable(miner);
  }

  public int rpcPort() {
    return rpc.port();
  }

  public String rpcUrl() {
    String host = config.rpcHost().equals("0.0.0.0") ? "127.0.0.1" : config.rpcHost();
    return "http://" + host + ":" + rpc.port();
  }

  @Override
  public void close() {
    if (miner != null) {
      miner.close();
    }
    peerSync.close();
    logSync.close();
    rpc.close();
    store.close();
  }
}
