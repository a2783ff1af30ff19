package dev.zg.storage.sync;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.storage.rpc.JsonRpcClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;

/** A {@link ChainSource} over Ethereum JSON-RPC ({@code eth_blockNumber}, {@code eth_getLogs}). */
public final class EvmRpcChain implements ChainSource {
  private final JsonRpcClient rpc;

  public EvmRpcChain(JsonRpcClient rpc) {
    this.rpc = rpc;
  }

  @Override
  public long chainId() throws IOException {
    return quantity(rpc.call("eth_chainId"), "eth_chainId");
  }

  @Override
  public long blockNumber() throws IOException {
    return quantity(rpc.call("eth_blockNumber"), "eth_blockNumber");
  }

  @Override
  public Optional<Hash> blockHash(long number) throws IOException {
    JsonNode block = rpc.call("eth_getBlockByNumber", hex(number), false);
    if (block == null || block.isNull() || block.isMissingNode()) {
      return Optional.empty();
    }
    return Optional.of(hash(block.path("hash"), "block hash"));
  }

  @Override
  public List<ChainLog> logs(Address address, Hash topic, long from, long to)
      throws IOException {
    JsonNode logs = rpc.call("eth_getLogs", Map.of("address", address.toHex(),
        "topics", List.of(topic.toHex()), "fromBlock", hex(from), "toBlock", hex(to)));
    if (!logs.isArray()) {
      throw new IOException("eth_getLogs answered " + logs.getNodeType() + ", not an array");
    }
    List<ChainLog> out = new ArrayList<>(logs.size());
    Set<String> seen = new HashSet<>();
    for (JsonNode log : logs) {
      // Some endpoints repeat a log that matches on several filter fields; keep it once.
      if (!seen.add(log.path("blockHash").asText() + "/" + log.path("logIndex").asText())) {
        continue;
      }
      List<Hash> topics = new ArrayList<>();
      for (JsonNode t : log.path("topics")) {
        topics.add(hash(t, "topic"));
      }
      byte[] data;
      try {
        data = Hex.decode(log.path("data").asText());
      } catch (IllegalArgumentException e) {
        throw new IOException("eth_getLogs: bad log data: " + e.getMessage(), e);
      }
      out.add(new ChainLog(quantity(log.path("blockNumber"), "log blockNumber"),
          hash(log.path("blockHash"), "log blockHash"),
          quantity(log.path("logIndex"), "log logIndex"), topics, data,
          log.path("removed").asBoolean(false)));
    }
    return out;
  }

  private static String hex(long value) {
    return "0x" + Long.toHexString(value);
  }

  private static long quantity(JsonNode node, String what) throws IOException {
    String text = node.asText();
    if (!text.startsWith("0x") || text.length() < 3 || text.length() > 18) {
      throw new IOException(what + ": not a quantity: " + node);
    }
    try {
      return Long.parseUnsignedLong(text.substring(2), 16);
    } catch (NumberFormatException e) {
      throw new IOException(what + ": not a quantity: " + node, e);
    }
  }

  private static Hash hash(JsonNode node, String what) throws IOException {
    try {
      return Hash.fromHex(node.asText());
    } catch (IllegalArgumentException e) {
      throw new IOException(what + ": not a 32-byte hash: " + node, e);
    }
  }
}
