package dev.zg.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.zg.chain.block.IndexedLog;
import dev.zg.chain.store.LogFilter;
import dev.zg.chain.store.LogQueryException;
import dev.zg.chain.tx.Transaction;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.node.ChainEvents;
import dev.zg.node.ChainNode;
import dev.zg.rpc.BlockParam;
import dev.zg.rpc.Json;
import dev.zg.rpc.Param;
import dev.zg.rpc.RawJson;
import dev.zg.rpc.RpcException;
import dev.zg.rpc.RpcObject;
import dev.zg.rpc.RpcServer;
import dev.zg.rpc.Subscription;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * eth_getLogs, polled filters (eth_newFilter, eth_newBlockFilter,
 * eth_newPendingTransactionFilter, eth_getFilterChanges, eth_getFilterLogs,
 * eth_uninstallFilter) and WebSocket subscriptions (newHeads, logs, newPendingTransactions).
 * Filters not polled for five minutes are removed, and each keeps at most
 * {@link #FILTER_BACKLOG_MAX} undelivered entries (the oldest are dropped), so a forgotten
 * filter cannot grow without bound.
 */
final class FilterMethods {
  static final int FILTER_BACKLOG_MAX = 100_000;
  private static final int FILTERS_MAX = 10_000;
  private static final long FILTER_TIMEOUT_MILLIS = 5 * 60_000L;
  private static final int ADDRESSES_MAX = 1000;
  private static final int TOPIC_ALTERNATIVES_MAX = 1000;

  private final ChainNode node;
  private final Blocks blocks;
  private final Map<String, Filter> filters = new ConcurrentHashMap<>();
  private final SecureRandom ids = new SecureRandom();

  private enum Kind { LOGS, BLOCKS, PENDING }

  /** A polled filter: what it selects and what has arrived since the last poll. */
  private static final class Filter {
    final Kind kind;
    final LogCriteria criteria;
    final ArrayDeque<JsonNode> backlog = new ArrayDeque<>();
    volatile long lastPolled = System.currentTimeMillis();

    Filter(Kind kind, LogCriteria criteria) {
      this.kind = kind;
      this.criteria = criteria;
    }

    synchronized void add(JsonNode item) {
      if (backlog.size() == FILTER_BACKLOG_MAX) {
        backlog.pollFirst();
      }
      backlog.addLast(item);
    }

    synchronized ArrayNode drain() {
      ArrayNode out = Json.array();
      out.addAll(backlog);
      backlog.clear();
      lastPolled = System.currentTimeMillis();
      return out;
    }
  }

  /** Addresses and topics of a log filter, with its block range as the caller gave it. */
  record LogCriteria(BlockParam from, BlockParam to, Hash blockHash, Set<Address> addresses,
      List<Set<Hash>> topics) {
    LogFilter toFilter(long fromBlock, long toBlock) {
      return new LogFilter(fromBlock, toBlock, addresses, topics);
    }
  }

  FilterMethods(ChainNode node, Blocks blocks) {
    this.node = node;
    this.blocks = blocks;
    node.events().onNewBlock(this::onBlock);
    node.events().onPendingTransaction(this::onPending);
  }

  void register(RpcServer server) {
    server.register("eth_getLogs", (p, c) -> logs(criteria(p.atMost(1).required(0, Param.OBJECT))));
    server.register("eth_newFilter", (p, c) ->
        install(new Filter(Kind.LOGS, criteria(p.atMost(1).required(0, Param.OBJECT)))));
    server.register("eth_newBlockFilter", (p, c) -> install(new Filter(Kind.BLOCKS, null)));
    server.register("eth_newPendingTransactionFilter", (p, c) ->
        install(new Filter(Kind.PENDING, null)));
    server.register("eth_getFilterChanges", (p, c) -> find(p.atMost(1).required(0, Param.STRING)).drain());
    server.register("eth_getFilterLogs", (p, c) -> {
      Filter f = find(p.atMost(1).required(0, Param.STRING));
      if (f.kind != Kind.LOGS) {
        throw new RpcException(Blocks.NOT_FOUND, "filter not found");
      }
      f.lastPolled = System.currentTimeMillis();
      return logs(f.criteria);
    });
    server.register("eth_uninstallFilter", (p, c) ->
        filters.remove(p.atMost(1).required(0, Param.STRING)) != null);
    server.register("eth_subscribe", (p, c) -> subscribe(p.atMost(2).required(0, Param.STRING),
        p.get(1), c.connection()));
    server.register("eth_unsubscribe", (p, c) ->
        c.connection().unsubscribe(p.atMost(1).required(0, Param.STRING)));
  }

  // ---- queries ----------------------------------------------------------------------------

  private ArrayNode logs(LogCriteria criteria) {
    long from;
    long to;
    if (criteria.blockHash() != null) {
      long n = node.store().header(criteria.blockHash()).orElseThrow(() ->
          new RpcException(Blocks.NOT_FOUND, "unknown block")).number();
      from = n;
      to = n;
    } else {
      long head = node.store().head().number();
      from = Math.min(blocks.number(criteria.from()), head + 1);
      to = Math.min(blocks.number(criteria.to()), head);
      if (from > to) {
        if (blocks.number(criteria.from()) > blocks.number(criteria.to())) {
          throw new RpcException(Blocks.NOT_FOUND, "invalid block range params");
        }
        return Json.array();
      }
    }
    ArrayNode out = Json.array();
    try {
      for (IndexedLog log : node.store().logs(criteria.toFilter(from, to))) {
        out.add(RpcJson.log(log));
      }
    } catch (LogQueryException e) {
      throw new RpcException(Blocks.NOT_FOUND, e.getMessage());
    }
    return out;
  }

  LogCriteria criteria(RpcObject o) {
    Hash blockHash = o.optional("blockHash", Param.HASH).orElse(null);
    if (blockHash != null && (o.has("fromBlock") || o.has("toBlock"))) {
      throw RpcException.invalidParams("invalid argument 0: cannot specify both BlockHash and "
          + "FromBlock/ToBlock, choose one or the other");
    }
    BlockParam from = o.optional("fromBlock", Param.BLOCK_TAG, BlockParam.Tag.LATEST);
    BlockParam to = o.optional("toBlock", Param.BLOCK_TAG, BlockParam.Tag.LATEST);
    Set<Address> addresses = new HashSet<>(o.optional("address",
        Param.oneOrMany(Param.ADDRESS, ADDRESSES_MAX), List.of()));
    List<Set<Hash>> topics = new ArrayList<>();
    List<JsonNode> positions = o.optional("topics", Param.listOf(Param.JSON, 4), List.of());
    for (JsonNode position : positions) {
      if (position == null || position.isNull()) {
        topics.add(Set.of());
      } else {
        topics.add(new HashSet<>(Param.oneOrMany(Param.HASH, TOPIC_ALTERNATIVES_MAX)
            .parse(position, "topics")));
      }
    }
    while (!topics.isEmpty() && topics.get(topics.size() - 1).isEmpty()) {
      topics.remove(topics.size() - 1);
    }
    return new LogCriteria(from, to, blockHash, addresses, topics);
  }

  // ---- filters ------------------------------------------------------------------------------

  private String install(Filter filter) {
    expire();
    if (filters.size() >= FILTERS_MAX) {
      throw RpcException.limitExceeded("too many filters installed (" + FILTERS_MAX + ")");
    }
    byte[] raw = new byte[16];
    ids.nextBytes(raw);
    String id = dev.zg.common.Hex.prefixed(raw);
    filters.put(id, filter);
    return id;
  }

  private Filter find(String id) {
    Filter f = filters.get(id);
    if (f == null) {
      throw new RpcException(Blocks.NOT_FOUND, "filter not found");
    }
    return f;
  }

  private void expire() {
    long now = System.currentTimeMillis();
    filters.values().removeIf(f -> now - f.lastPolled > FILTER_TIMEOUT_MILLIS);
  }

  private void onBlock(ChainEvents.NewBlock event) {
    if (filters.isEmpty()) {
      return;
    }
    expire();
    JsonNode hash = com.fasterxml.jackson.databind.node.TextNode.valueOf(
        Json.hash(event.block().hash()));
    for (Filter f : filters.values()) {
      if (f.kind == Kind.BLOCKS) {
        f.add(hash);
      } else if (f.kind == Kind.LOGS) {
        for (IndexedLog log : event.logs()) {
          if (matches(f.criteria, log)) {
            f.add(RpcJson.log(log));
          }
        }
      }
    }
  }

  private void onPending(Transaction tx) {
    if (filters.isEmpty()) {
      return;
    }
    JsonNode hash = com.fasterxml.jackson.databind.node.TextNode.valueOf(Json.hash(tx.hash()));
    for (Filter f : filters.values()) {
      if (f.kind == Kind.PENDING) {
        f.add(hash);
      }
    }
  }

  private boolean matches(LogCriteria c, IndexedLog log) {
    if (c.blockHash() != null && !c.blockHash().equals(log.blockHash())) {
      return false;
    }
    if (c.blockHash() == null) {
      long n = log.blockNumber();
      if (c.from() instanceof BlockParam.ByNumber f && n < f.number()) {
        return false;
      }
      if (c.to() instanceof BlockParam.ByNumber t && n > t.number()) {
        return false;
      }
    }
    return c.toFilter(0, 0).matches(log.log());
  }

  // ---- subscriptions -------------------------------------------------------------------------

  private Object subscribe(String kind, JsonNode options, dev.zg.rpc.RpcConnection connection) {
    switch (kind) {
      case "newHeads" -> {
        Subscription sub = connection.subscribe("eth_subscription");
        sub.onClose(node.events().onNewBlock(e ->
            sub.push(new RawJson(RpcJson.header(e.block().header()).toString()))));
        return sub.id();
      }
      case "logs" -> {
        LogCriteria criteria = options == null || options.isNull()
            ? new LogCriteria(BlockParam.Tag.LATEST, BlockParam.Tag.LATEST, null, Set.of(), List.of())
            : criteria(Param.OBJECT.parse(options, "argument 1"));
        Subscription sub = connection.subscribe("eth_subscription");
        sub.onClose(node.events().onNewBlock(e -> {
          for (IndexedLog log : e.logs()) {
            if (matches(criteria, log)) {
              sub.push(RpcJson.log(log));
            }
          }
        }));
        return sub.id();
      }
      case "newPendingTransactions" -> {
        boolean full = options != null && options.isBoolean() && options.booleanValue();
        Subscription sub = connection.subscribe("eth_subscription");
        sub.onClose(node.events().onPendingTransaction(tx -> sub.push(full
            ? RpcJson.transaction(tx, null, 0) : Json.hash(tx.hash()))));
        return sub.id();
      }
      default -> throw RpcException.invalidParams("no \"" + kind + "\" subscription in eth "
          + "namespace; use newHeads, logs or newPendingTransactions");
    }
  }
}
