package dev.zg.rpc;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Live counters of a server, cheap enough to read from a metrics endpoint. */
public final class RpcMetrics {
  /**
   * What one method has served. {@code requests} counts calls that reached the handler;
   * {@code errors} counts those answered with an error (including timeouts); {@code totalNanos}
   * is the handlers' summed time to their results.
   */
  public record MethodStats(long requests, long errors, long totalNanos) {}

  private final MethodRegistry registry;
  final AtomicInteger webSocketConnections = new AtomicInteger();
  final AtomicInteger subscriptions = new AtomicInteger();
  final LongAdder slowClientsDropped = new LongAdder();
  final LongAdder busyRejections = new LongAdder();
  final LongAdder parseErrors = new LongAdder();

  RpcMetrics(MethodRegistry registry) {
    this.registry = registry;
  }

  /** Per registered method, by name, plus {@code "(unknown)"} for calls to missing methods. */
  public Map<String, MethodStats> methods() {
    Map<String, MethodStats> out = new TreeMap<>();
    registry.all().forEach((name, method) -> out.put(name, method.stats()));
    out.put(MethodRegistry.UNKNOWN, registry.unknown().stats());
    return out;
  }

  public int webSocketConnections() {
    return webSocketConnections.get();
  }

  public int subscriptions() {
    return subscriptions.get();
  }

  /** WebSocket clients disconnected because their send queue filled. */
  public long slowClientsDropped() {
    return slowClientsDropped.sum();
  }

  /** Messages refused because every worker was busy and the queue was full. */
  public long busyRejections() {
    return busyRejections.sum();
  }

  /** Bodies or messages that were not JSON. */
  public long parseErrors() {
    return parseErrors.sum();
  }
}
