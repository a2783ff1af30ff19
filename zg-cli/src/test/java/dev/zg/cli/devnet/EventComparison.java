package dev.zg.cli.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.common.Hex;
import dev.zg.common.Keccak256;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;

/**
 * The event side of the differential test: polled filters (eth_newFilter,
 * eth_newBlockFilter, eth_newPendingTransactionFilter) and WebSocket subscriptions (logs,
 * newHeads, newPendingTransactions) made on both nodes before the first transaction, and
 * compared once the sequence has run.
 */
final class EventComparison implements AutoCloseable {
  /** Probe's Step(uint256,uint256) event, which a second log filter selects by topic. */
  static final String STEP_TOPIC = "0x" + Hex.encode(Keccak256.hash(
      "Step(uint256,uint256)".getBytes(StandardCharsets.UTF_8)));

  private final SoftAssertions soft;
  private final JsonComparison json;
  private final JsonRpc zg;
  private final Filters zgFilters;
  private final Filters hhFilters;
  private final Subscriptions zgSubscriptions;
  private final Subscriptions hhSubscriptions;

  private EventComparison(SoftAssertions soft, JsonRpc zg, Filters zgFilters, Filters hhFilters,
      Subscriptions zgSubscriptions, Subscriptions hhSubscriptions) {
    this.soft = soft;
    this.json = new JsonComparison(soft);
    this.zg = zg;
    this.zgFilters = zgFilters;
    this.hhFilters = hhFilters;
    this.zgSubscriptions = zgSubscriptions;
    this.hhSubscriptions = hhSubscriptions;
  }

  static EventComparison start(SoftAssertions soft, JsonRpc zg, URI zgWs, JsonRpc hh,
      URI hhWs) {
    Subscriptions z = Subscriptions.open(zgWs);
    try {
      return new EventComparison(soft, zg, Filters.install(zg), Filters.install(hh), z,
          Subscriptions.open(hhWs));
    } catch (RuntimeException | AssertionError e) {
      z.close();
      throw e;
    }
  }

  void compare() {
    compareFilters(zgFilters, hhFilters);
    compareSubscriptions(zgSubscriptions, hhSubscriptions);
  }

  @Override
  public void close() {
    try {
      zgSubscriptions.close();
    } finally {
      hhSubscriptions.close();
    }
  }

  /** WebSocket subscriptions made before the first transaction. */
  private record Subscriptions(WsClient socket, String logs, String heads, String pending)
      implements AutoCloseable {
    static Subscriptions open(URI uri) {
      try {
        WsClient socket = WsClient.open(uri);
        return new Subscriptions(socket,
            socket.call("eth_subscribe", "logs", JsonRpc.object()).asText(),
            socket.call("eth_subscribe", "newHeads").asText(),
            socket.call("eth_subscribe", "newPendingTransactions").asText());
      } catch (Exception e) {
        throw new AssertionError("subscribing at " + uri, e);
      }
    }

    List<JsonNode> take(String subscription, int count) {
      List<JsonNode> out = new ArrayList<>();
      try {
        for (int i = 0; i < count; i++) {
          out.add(socket.notification(subscription));
        }
      } catch (Exception e) {
        throw new AssertionError("after " + out.size() + " of " + count + " notifications", e);
      }
      return out;
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  /** eth_subscribe: every log, head and pending transaction, in order, on both. */
  private void compareSubscriptions(Subscriptions z, Subscriptions h) {
    int logs = zg.call("eth_getLogs", JsonRpc.object("fromBlock", "0x0")).size();
    List<JsonNode> zLogs = z.take(z.logs(), logs);
    List<JsonNode> hLogs = h.take(h.logs(), logs);
    for (int i = 0; i < logs; i++) {
      json.fields("logs subscription #" + i, zLogs.get(i), hLogs.get(i),
          JsonComparison.LOG_FIELDS);
    }
    int blocks = Integer.decode(zg.call("eth_blockNumber").asText());
    List<JsonNode> zHeads = z.take(z.heads(), blocks);
    List<JsonNode> hHeads = h.take(h.heads(), blocks);
    for (int i = 0; i < blocks; i++) {
      json.fields("newHeads #" + i, zHeads.get(i), hHeads.get(i), Set.of("number", "gasUsed",
          "gasLimit", "baseFeePerGas", "transactionsRoot", "receiptsRoot", "logsBloom"));
      soft.assertThat(zHeads.get(i).get("hash").asText()).as("newHeads #%d hash", i).isEqualTo(
          zg.call("eth_getBlockByNumber", zHeads.get(i).get("number"), false).get("hash")
              .asText());
    }
    List<JsonNode> zPending = z.take(z.pending(), blocks);
    List<JsonNode> hPending = h.take(h.pending(), blocks);
    soft.assertThat(zPending).as("newPendingTransactions").isEqualTo(hPending);
  }

  /** Polled filters installed before the first transaction (eth_newFilter and friends). */
  private record Filters(JsonRpc rpc, String logs, String probeLogs, String blocks,
      String pending) {
    static Filters install(JsonRpc rpc) {
      return new Filters(rpc, rpc.call("eth_newFilter", JsonRpc.object()).asText(),
          rpc.call("eth_newFilter", JsonRpc.object("fromBlock", "0x0", "topics",
              List.of(STEP_TOPIC))).asText(),
          rpc.call("eth_newBlockFilter").asText(),
          rpc.call("eth_newPendingTransactionFilter").asText());
    }

    JsonNode changes(String id) {
      return rpc.call("eth_getFilterChanges", id);
    }
  }

  private void compareFilters(Filters z, Filters h) {
    for (boolean logs : new boolean[] {true, false}) {
      String zid = logs ? z.logs() : z.probeLogs();
      String hid = logs ? h.logs() : h.probeLogs();
      JsonNode zs = z.changes(zid);
      JsonNode hs = h.changes(hid);
      soft.assertThat(zs.size()).as("eth_getFilterChanges (logs %s)", logs).isEqualTo(hs.size())
          .isPositive();
      for (int i = 0; i < Math.min(zs.size(), hs.size()); i++) {
        json.fields("filter change " + i, zs.get(i), hs.get(i), JsonComparison.LOG_FIELDS);
      }
      soft.assertThat(z.changes(zid)).as("drained").isEmpty();
    }
    // eth_getFilterLogs runs the filter's query now, as go-ethereum does: the same as
    // eth_getLogs with its criteria. (Hardhat's answers only what was not yet polled.)
    JsonNode zAll = zg.call("eth_getFilterLogs", z.probeLogs());
    JsonNode hAll = h.rpc().call("eth_getLogs", JsonRpc.object("fromBlock", "0x0", "topics",
        List.of(STEP_TOPIC)));
    soft.assertThat(zAll.size()).as("eth_getFilterLogs").isEqualTo(hAll.size()).isPositive();
    for (int i = 0; i < Math.min(zAll.size(), hAll.size()); i++) {
      json.fields("eth_getFilterLogs " + i, zAll.get(i), hAll.get(i),
          JsonComparison.LOG_FIELDS);
    }
    // Every block mined since the filter was installed (at block 0), in order. Hardhat lists
    // the block that was the head at installation too; go-ethereum and zg only new ones.
    JsonNode zBlocks = z.changes(z.blocks());
    long head = Long.decode(zg.call("eth_blockNumber").asText());
    soft.assertThat(zBlocks.size()).as("block filter").isEqualTo((int) head);
    for (int i = 0; i < zBlocks.size(); i++) {
      soft.assertThat(zBlocks.get(i).asText()).as("block filter #%d", i).isEqualTo(
          zg.call("eth_getBlockByNumber", "0x" + Long.toHexString(i + 1), false).get("hash")
              .asText());
    }
    soft.assertThat(h.changes(h.blocks()).size()).as("Hardhat's block filter").isEqualTo(
        (int) head + 1);
    soft.assertThat(z.changes(z.pending())).as("pending transaction filter")
        .isEqualTo(h.changes(h.pending()));
    for (Filters f : List.of(z, h)) {
      soft.assertThat(f.rpc().call("eth_uninstallFilter", f.blocks()).asBoolean()).isTrue();
      soft.assertThat(f.rpc().call("eth_uninstallFilter", f.blocks()).asBoolean()).isFalse();
    }
  }
}
