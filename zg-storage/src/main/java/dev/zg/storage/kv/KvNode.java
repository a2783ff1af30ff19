package dev.zg.storage.kv;

import dev.zg.common.Hash;
import dev.zg.rpc.RpcOptions;
import dev.zg.rpc.RpcServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A KV node: a {@link KvReplayer} following a {@link KvLog} into a {@link KvStore} in
 * {@code dataDir}, and the {@code kv_*} JSON-RPC on its own port (0G's default is 6789).
 */
public final class KvNode implements AutoCloseable {
  /** 0G's KV RPC port. */
  public static final int DEFAULT_PORT = 6789;

  private final KvStore store;
  private final KvReplayer replayer;
  private final RpcServer rpc;
  private final String host;

  private KvNode(KvStore store, KvReplayer replayer, RpcServer rpc, String host) {
    this.store = store;
    this.replayer = replayer;
    this.rpc = rpc;
    this.host = host;
  }

  /** Opens the store, starts the RPC and the replayer; {@code streams} empty = every stream. */
  public static KvNode start(KvLog log, Path dataDir, List<Hash> streams, String host, int port,
      Duration pollInterval) {
    KvStore store = KvStore.open(dataDir);
    try {
      RpcServer rpc = new RpcServer(RpcOptions.defaults().withHost(host).withPort(port));
      new KvRpc(store).registerOn(rpc);
      rpc.start();
      KvReplayer replayer = new KvReplayer(log, store, streams, pollInterval);
      replayer.start();
      return new KvNode(store, replayer, rpc, host);
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  public KvStore store() {
    return store;
  }

  public KvReplayer replayer() {
    return replayer;
  }

  public int rpcPort() {
    return rpc.port();
  }

  public String rpcUrl() {
    return "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + rpc.port();
  }

  @Override
  public void close() {
    replayer.close();
    rpc.close();
    store.close();
  }
}
