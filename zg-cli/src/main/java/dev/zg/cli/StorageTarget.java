package dev.zg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.storage.client.FlowSubmitter;
import dev.zg.storage.client.StorageNodes;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where {@code zg storage} commands find the chain, the Flow contract, the storage nodes and
 * the key: the flags, else the devnet's {@code devnet.json}, so a user of {@code zg devnet}
 * needs no flag at all.
 */
final class StorageTarget {
  static final Path DEFAULT_DEVNET = Path.of(System.getProperty("user.home"), ".zg", "devnet");

  @Option(names = "--devnet", paramLabel = "DIR",
      description = "A zg devnet data folder whose devnet.json gives the defaults"
          + " (default: ~/.zg/devnet, when it exists).")
  Path devnet;

  @Option(names = "--rpc", paramLabel = "URL", description = "The chain's JSON-RPC URL.")
  String rpc;

  @Option(names = "--indexer", paramLabel = "URL", description = "The storage indexer's URL.")
  String indexer;

  @Option(names = "--node", paramLabel = "URL", split = ",",
      description = "Storage nodes to use instead of the indexer's (repeatable).")
  List<String> nodes = List.of();

  @Option(names = "--flow", paramLabel = "ADDRESS", description = "The Flow contract.")
  String flow;

  private JsonNode descriptor;
  private boolean loaded;

  /** devnet.json of --devnet (which must exist) or of the default folder (if present). */
  JsonNode descriptor() {
    if (!loaded) {
      loaded = true;
      Path dir = devnet != null ? devnet : DEFAULT_DEVNET;
      Path file = dir.resolve("devnet.json");
      if (Files.isRegularFile(file)) {
        try {
          descriptor = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
          throw new UserError("cannot read " + file + ": " + e.getMessage(), e);
        }
      } else if (devnet != null) {
        throw new UserError("no devnet.json in " + dir + " (is zg devnet running there?)");
      }
    }
    return descriptor;
  }

  private String fromDevnet(String value, String field, String flag) {
    if (value != null) {
      return value;
    }
    JsonNode d = descriptor();
    String found = d == null ? "" : d.at(field).asText("");
    if (found.isEmpty()) {
      throw new UserError("give " + flag + " (no zg devnet found in "
          + (devnet != null ? devnet : DEFAULT_DEVNET) + " to take it from)");
    }
    return found;
  }

  /** The KV node's kv_* URL: {@code option}, else devnet.json's kvRpc. */
  String kvUrl(String option) {
    return fromDevnet(option, "/kvRpc", "--kv URL");
  }

  String chainRpc() {
    return fromDevnet(rpc, "/rpc", "--rpc URL");
  }

  Address flowAddress() {
    String text = fromDevnet(flow, "/contracts/flow", "--flow ADDRESS");
    try {
      return Address.fromHex(text);
    } catch (IllegalArgumentException e) {
      throw new UserError("--flow: not an address: " + text);
    }
  }

  /** The nodes: --node URLs, else the indexer's. */
  List<StorageNodes.Node> storageNodes() {
    try {
      if (!nodes.isEmpty()) {
        return StorageNodes.of(nodes);
      }
      return StorageNodes.fromIndexer(indexerUrl());
    } catch (IOException | IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  String indexerUrl() {
    return fromDevnet(indexer, "/indexerRpc", "--indexer URL or --node URL");
  }

  /** --key, else devnet account --account (default 0). */
  Secp256k1.KeyPair key(String keyHex, Integer account) {
    if (keyHex != null && account != null) {
      throw new UserError("give --key or --account, not both");
    }
    String hex = keyHex;
    if (hex == null) {
      int index = account == null ? 0 : account;
      JsonNode d = descriptor();
      if (d == null) {
        throw new UserError("give --key HEX (no zg devnet found to take account " + index
            + " from)");
      }
      JsonNode accounts = d.path("accounts");
      if (index < 0 || index >= accounts.size()) {
        throw new UserError("--account must be 0.." + (accounts.size() - 1));
      }
      hex = accounts.get(index).path("privateKey").asText();
    }
    try {
      byte[] raw = Hex.decode(hex.startsWith("0x") ? hex : "0x" + hex);
      if (raw.length != 32) {
        throw new IllegalArgumentException("32 bytes expected");
      }
      return Secp256k1.KeyPair.fromPrivateKey(new BigInteger(1, raw));
    } catch (IllegalArgumentException e) {
      throw new UserError("--key: not a private key (64 hex digits): " + e.getMessage());
    }
  }

  FlowSubmitter submitter(Secp256k1.KeyPair key) {
    return new FlowSubmitter(chainRpc(), flowAddress(), key);
  }
}
