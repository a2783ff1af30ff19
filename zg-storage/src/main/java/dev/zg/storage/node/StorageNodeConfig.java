package dev.zg.storage.node;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.storage.mine.MinerConfig;
import dev.zg.storage.log.ShardConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A storage node's settings.
 *
 * @param chainRpc the EVM JSON-RPC URL of the chain carrying Flow
 * @param flowAddress the Flow contract whose {@code Submit} logs make the log
 * @param dataDir where the log store lives
 * @param rpcHost the zgs_* RPC's interface (127.0.0.1 by default; 0.0.0.0 to serve others)
 * @param rpcPort the zgs_* RPC's port (5678 as 0G's; 0 for an ephemeral one)
 * @param shard which segments this node keeps
 * @param peers storage-node RPC URLs to fetch missing segments from
 * @param confirmations blocks behind the head before a log is read (0G uses 3)
 * @param maxDataBytes the disk limit for segment bytes
 * @param startBlock the first block to read (Flow's deployment block)
 * @param pollInterval how often the chain and the peers are polled when idle
 * @param miner the PoRA miner's settings, or null for a node that does not mine
 */
public record StorageNodeConfig(String chainRpc, Address flowAddress, Path dataDir,
    String rpcHost, int rpcPort, ShardConfig shard, List<String> peers, int confirmations,
    long maxDataBytes, long startBlock, Duration pollInterval, MinerConfig miner) {
  public static final int RPC_PORT_DEFAULT = 5678;
  public static final int CONFIRMATIONS_DEFAULT = 3;
  /** 1 TiB, about 0G's testnet db_max_num_sectors. */
  public static final long MAX_DATA_BYTES_DEFAULT = 1L << 40;
  public static final Duration POLL_DEFAULT = Duration.ofMillis(500);
  private static final Set<String> FIELDS = new TreeSet<>(Set.of("chainRpc", "flowAddress",
      "dataDir", "rpcHost", "rpcPort", "shard", "peers", "confirmations", "maxDataBytes",
      "startBlock", "pollIntervalMs", "miner"));
  private static final Set<String> MINER_FIELDS = new TreeSet<>(Set.of("enabled", "privateKey",
      "mineAddress", "minerId", "threads", "cpuPercent", "pollIntervalMs"));

  public StorageNodeConfig {
    Objects.requireNonNull(chainRpc, "chainRpc");
    Objects.requireNonNull(flowAddress, "flowAddress");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(rpcHost, "rpcHost");
    Objects.requireNonNull(shard, "shard");
    peers = List.copyOf(peers);
    if (rpcPort < 0 || rpcPort > 65_535) {
      throw new IllegalArgumentException("rpcPort must be 0..65535, got " + rpcPort);
    }
    if (maxDataBytes < 1) {
      throw new IllegalArgumentException("maxDataBytes must be positive");
    }
    if (pollInterval.isNegative() || pollInterval.isZero()
        || pollInterval.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("pollInterval must be 1 ms to 10 minutes");
    }
    if (peers.size() > 256) {
      throw new IllegalArgumentException("at most 256 peers");
    }
  }

  /** A node that does not mine. */
  public StorageNodeConfig(String chainRpc, Address flowAddress, Path dataDir, String rpcHost,
      int rpcPort, ShardConfig shard, List<String> peers, int confirmations, long maxDataBytes,
      long startBlock, Duration pollInterval) {
    this(chainRpc, flowAddress, dataDir, rpcHost, rpcPort, shard, peers, confirmations,
        maxDataBytes, startBlock, pollInterval, null);
  }

  public StorageNodeConfig withMiner(MinerConfig value) {
    return new StorageNodeConfig(chainRpc, flowAddress, dataDir, rpcHost, rpcPort, shard, peers,
        confirmations, maxDataBytes, startBlock, pollInterval, value);
  }

  /** The defaults for a node of {@code chainRpc}/{@code flow} in {@code dataDir}. */
  public static StorageNodeConfig defaults(String chainRpc, Address flow, Path dataDir) {
    return new StorageNodeConfig(chainRpc, flow, dataDir, "127.0.0.1", RPC_PORT_DEFAULT,
        ShardConfig.ALL, List.of(), CONFIRMATIONS_DEFAULT, MAX_DATA_BYTES_DEFAULT, 0,
        POLL_DEFAULT);
  }

  public StorageNodeConfig withRpcPort(int port) {
    return new StorageNodeConfig(chainRpc, flowAddress, dataDir, rpcHost, port, shard, peers,
        confirmations, maxDataBytes, startBlock, pollInterval, miner);
  }

  public StorageNodeConfig withShard(ShardConfig value) {
    return new StorageNodeConfig(chainRpc, flowAddress, dataDir, rpcHost, rpcPort, value, peers,
        confirmations, maxDataBytes, startBlock, pollInterval, miner);
  }

  public StorageNodeConfig withPeers(List<String> value) {
    return new StorageNodeConfig(chainRpc, flowAddress, dataDir, rpcHost, rpcPort, shard, value,
        confirmations, maxDataBytes, startBlock, pollInterval, miner);
  }

  public StorageNodeConfig withConfirmations(int value) {
    return new StorageNodeConfig(chainRpc, flowAddress, dataDir, rpcHost, rpcPort, shard, peers,
        value, maxDataBytes, startBlock, pollInterval, miner);
  }

  public StorageNodeConfig withMaxDataBytes(long value) {
    return new StorageNodeConfig(chainRpc, flowAddress, dataDir, rpcHost, rpcPort, shard, peers,
        confirmations, value, startBlock, pollInterval, miner);
  }

  public StorageNodeConfig withPollInterval(Duration value) {
    return new StorageNodeConfig(chainRpc, flowAddress, dataDir, rpcHost, rpcPort, shard, peers,
        confirmations, maxDataBytes, startBlock, value, miner);
  }

  /**
   * Reads a JSON config: {@code {"chainRpc", "flowAddress", "dataDir", "rpcHost", "rpcPort",
   * "shard": "0/1", "peers": [url], "confirmations", "maxDataBytes", "startBlock",
   * "pollIntervalMs", "miner": {"enabled", "privateKey", "mineAddress", "minerId", "threads",
   * "cpuPercent", "pollIntervalMs"}}; the first three are required, relative paths resolve
   * against {@code base}. A miner section mines unless {@code "enabled": false}; it needs the
   * key and PoraMine's address, and registers a miner id on first use when none is given.
   * Unknown fields are errors (a typo must not silently fall back to a default).
   */
  public static StorageNodeConfig fromJson(JsonNode json, Path base) {
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException("the config must be a JSON object");
    }
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException("unknown field '" + field + "' (known: "
            + String.join(", ", FIELDS) + ")");
      }
    }
    String chain = text(json, "chainRpc");
    Address flow;
    try {
      flow = Address.fromHex(text(json, "flowAddress"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("flowAddress: " + e.getMessage());
    }
    Path dir = base.resolve(text(json, "dataDir"));
    StorageNodeConfig d = defaults(chain, flow, dir);
    List<String> peers = new ArrayList<>();
    for (JsonNode peer : json.path("peers")) {
      peers.add(peer.asText());
    }
    return new StorageNodeConfig(chain, flow, dir, json.path("rpcHost").asText(d.rpcHost()),
        json.path("rpcPort").asInt(d.rpcPort()),
        json.has("shard") ? ShardConfig.parse(json.get("shard").asText()) : d.shard(), peers,
        json.path("confirmations").asInt(d.confirmations()),
        json.path("maxDataBytes").asLong(d.maxDataBytes()),
        json.path("startBlock").asLong(0),
        Duration.ofMillis(json.path("pollIntervalMs").asLong(POLL_DEFAULT.toMillis())),
        minerFromJson(json.get("miner")));
  }

  private static MinerConfig minerFromJson(JsonNode json) {
    if (json == null || json.isNull()) {
      return null;
    }
    if (!json.isObject()) {
      throw new IllegalArgumentException("'miner' must be an object");
    }
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!MINER_FIELDS.contains(field)) {
        throw new IllegalArgumentException("unknown field 'miner." + field + "' (known: "
            + String.join(", ", MINER_FIELDS) + ")");
      }
    }
    if (!json.path("enabled").asBoolean(true)) {
      return null;
    }
    Secp256k1.KeyPair key;
    try {
      key = Secp256k1.KeyPair.fromPrivateKey(Hex.decode(text(json, "privateKey")));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("miner.privateKey: " + e.getMessage());
    }
    Address mine;
    try {
      mine = Address.fromHex(text(json, "mineAddress"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("miner.mineAddress: " + e.getMessage());
    }
    byte[] id = json.hasNonNull("minerId") ? Hex.decode(json.get("minerId").asText()) : null;
    MinerConfig d = MinerConfig.of(key, mine);
    return new MinerConfig(key, mine, id, json.path("threads").asInt(d.threads()),
        json.path("cpuPercent").asInt(d.cpuPercent()),
        Duration.ofMillis(json.path("pollIntervalMs").asLong(d.pollInterval().toMillis())));
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException("'" + field + "' is required (a string)");
    }
    return value.asText();
  }
}
