package dev.zg.storage.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.common.Hash;
import dev.zg.storage.log.ShardConfig;
import dev.zg.storage.rpc.JsonRpcClient;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The storage nodes a client talks to, each with its shard, found directly or by an indexer. */
public final class StorageNodes {
  /** One node: its {@code zgs_*} client and the shard it keeps. */
  public record Node(JsonRpcClient rpc, ShardConfig shard) {
    public String url() {
      return rpc.url();
    }
  }

  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private StorageNodes() {}

  /** Asks each node for its shard ({@code zgs_getShardConfig}). */
  public static List<Node> of(List<String> urls) throws IOException {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("no storage node given");
    }
    List<Node> out = new ArrayList<>();
    for (String url : urls) {
      JsonRpcClient rpc = new JsonRpcClient(url, TIMEOUT);
      JsonNode shard;
      try {
        shard = rpc.call("zgs_getShardConfig");
      } catch (IOException e) {
        throw new IOException("storage node " + url + " does not answer: " + e.getMessage(), e);
      }
      out.add(new Node(rpc, shard(shard, url)));
    }
    return out;
  }

  /** The indexer's trusted nodes ({@code indexer_getShardedNodes}). */
  public static List<Node> fromIndexer(String indexerUrl) throws IOException {
    JsonNode answer;
    try {
      answer = new JsonRpcClient(indexerUrl, TIMEOUT).call("indexer_getShardedNodes");
    } catch (IOException e) {
      throw new IOException("indexer " + indexerUrl + " does not answer: " + e.getMessage(), e);
    }
    List<Node> out = new ArrayList<>();
    for (String group : List.of("trusted", "discovered")) {
      for (JsonNode n : answer.path(group)) {
        String url = n.path("url").asText("");
        if (!url.isEmpty()) {
          out.add(new Node(new JsonRpcClient(url, TIMEOUT), shard(n.path("config"), url)));
        }
      }
    }
    if (out.isEmpty()) {
      throw new IOException("indexer " + indexerUrl + " knows no storage node");
    }
    return out;
  }

  /** The nodes the indexer says hold a finalized copy of {@code root}, or empty. */
  public static List<Node> locations(String indexerUrl, Hash root) throws IOException {
    JsonNode answer = new JsonRpcClient(indexerUrl, TIMEOUT).call("indexer_getFileLocations",
        root.toHex());
    List<Node> out = new ArrayList<>();
    if (answer != null && answer.isArray()) {
      for (JsonNode n : answer) {
        String url = n.path("url").asText("");
        if (!url.isEmpty()) {
          out.add(new Node(new JsonRpcClient(url, TIMEOUT), shard(n.path("config"), url)));
        }
      }
    }
    return out;
  }

  private static ShardConfig shard(JsonNode json, String url) throws IOException {
    try {
      return new ShardConfig(json.path("shardId").asInt(-1), json.path("numShard").asInt(-1));
    } catch (IllegalArgumentException e) {
      throw new IOException("storage node " + url + " reports a bad shard " + json + ": "
          + e.getMessage(), e);
    }
  }
}
