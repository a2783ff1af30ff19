package dev.zg.storage.indexer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.common.Hash;
import dev.zg.rpc.Param;
import dev.zg.rpc.RpcOptions;
import dev.zg.rpc.RpcServer;
import dev.zg.storage.log.ShardConfig;
import dev.zg.storage.rpc.JsonRpcClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 0G's storage indexer over a configured list of trusted storage nodes: it polls each node's
 * {@code zgs_getShardConfig} (measuring latency) and answers the {@code indexer_*} methods
 * the SDK calls: {@code indexer_getShardedNodes} ({@code {trusted, discovered}}),
 * {@code indexer_getFileLocations} (the nodes holding a finalized copy, or null) and
 * {@code indexer_getNodeLocations}. Nodes are not discovered over p2p, so
 * {@code discovered} is always empty.
 */
public final class Indexer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Indexer.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Trusted nodes an indexer serves; the SDK's node selection is quadratic in this. */
  public static final int NODES_MAX = 256;

  /** One node as last seen: URL, shard, round-trip latency and since when it has answered. */
  public record ShardedNode(String url, ShardConfig shard, long latencyMs, Instant since) {
    ObjectNode toJson() {
      ObjectNode out = NODES.objectNode();
      out.put("url", url);
      ObjectNode config = out.putObject("config");
      config.put("shardId", shard.shardId()).put("numShard", shard.numShard());
      out.put("latency", latencyMs);
      out.put("since", since.getEpochSecond());
      return out;
    }
  }

  private final List<JsonRpcClient> trusted;
  private final Duration interval;
  private final Map<String, ShardedNode> live = new ConcurrentHashMap<>();
  private final RpcServer server;
  private volatile Thread thread;
  private volatile boolean stopped;

  private Indexer(List<JsonRpcClient> trusted, Duration interval, RpcServer server) {
    this.trusted = trusted;
    this.interval = interval;
    this.server = server;
  }

  /** Starts serving on {@code host:port} (0 for ephemeral) and polling the nodes. */
  public static Indexer start(List<String> trustedUrls, String host, int port,
      Duration interval) {
    if (trustedUrls.isEmpty() || trustedUrls.size() > NODES_MAX) {
      throw new IllegalArgumentException("an indexer needs 1 to " + NODES_MAX
          + " trusted storage nodes, got " + trustedUrls.size());
    }
    List<JsonRpcClient> clients = new ArrayList<>();
    for (String url : trustedUrls) {
      clients.add(new JsonRpcClient(url, Duration.ofSeconds(10)));
    }
    RpcServer server = new RpcServer(RpcOptions.defaults().withHost(host).withPort(port));
    Indexer indexer = new Indexer(List.copyOf(clients), interval, server);
    server.register("indexer_getShardedNodes", (p, c) -> indexer.shardedNodes())
        .register("indexer_getFileLocations", (p, c) ->
            indexer.fileLocations(p.atMost(1).required(0, Param.HASH)))
        .register("indexer_getNodeLocations", (p, c) -> indexer.nodeLocations());
    indexer.refresh();
    server.start();
    indexer.thread = Thread.ofPlatform().daemon().name("zgs-indexer").start(indexer::run);
    return indexer;
  }

  public int rpcPort() {
    return server.port();
  }

  /** Nodes that answered their last poll. */
  public List<ShardedNode> liveNodes() {
    List<ShardedNode> out = new ArrayList<>();
    for (JsonRpcClient client : trusted) {
      ShardedNode node = live.get(client.url());
      if (node != null) {
        out.add(node);
      }
    }
    return out;
  }

  private void run() {
    while (!stopped) {
      try {
        Thread.sleep(interval);
      } catch (InterruptedException e) {
        return;
      }
      refresh();
    }
  }

  /** Polls every trusted node once. */
  public void refresh() {
    for (JsonRpcClient client : trusted) {
      long start = System.nanoTime();
      try {
        JsonNode config = client.call("zgs_getShardConfig");
        ShardConfig shard = new ShardConfig(config.path("shardId").asInt(-1),
            config.path("numShard").asInt(0));
        long latencyMs = (System.nanoTime() - start) / 1_000_000;
        ShardedNode before = live.get(client.url());
        Instant since = before != null && before.shard().equals(shard) ? before.since()
            : Instant.now();
        live.put(client.url(), new ShardedNode(client.url(), shard, latencyMs, since));
      } catch (IOException | IllegalArgumentException e) {
        if (live.remove(client.url()) != null) {
          LOG.warn("indexer: storage node {} is unavailable: {}", client.url(), e.getMessage());
        }
      }
    }
  }

  private ObjectNode shardedNodes() {
    ObjectNode out = NODES.objectNode();
    ArrayNode trustedNodes = out.putArray("trusted");
    liveNodes().forEach(n -> trustedNodes.add(n.toJson()));
    out.putArray("discovered");
    return out;
  }

  private ArrayNode fileLocations(Hash root) {
    ArrayNode out = NODES.arrayNode();
    for (ShardedNode node : liveNodes()) {
      JsonRpcClient client = trusted.stream().filter(c -> c.url().equals(node.url()))
          .findFirst().orElseThrow();
      try {
        JsonNode info = client.call("zgs_getFileInfo", root.toHex(), true);
        if (info != null && !info.isNull() && info.path("finalized").asBoolean(false)) {
          out.add(node.toJson());
        }
      } catch (IOException e) {
        // An unreachable node holds nothing the client could download now.
      }
    }
    return out.isEmpty() ? null : out;
  }

  private ObjectNode nodeLocations() {
    // No geo-IP database: the locations are known only as the nodes' own URLs.
    ObjectNode out = NODES.objectNode();
    for (ShardedNode node : liveNodes()) {
      ObjectNode where = out.putObject(node.url());
      where.put("city", "").put("region", "").put("country", "").put("location", "")
          .put("timezone", "");
    }
    return out;
  }

  @Override
  public void close() {
    stopped = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
    server.close();
  }
}
