package dev.zg.rpc;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How an {@link RpcServer} listens and the limits it enforces. Start from {@link #defaults()}
 * and change what differs with the {@code with...} methods; the constructor rejects settings
 * that are out of range or contradict each other.
 *
 * @param host address to bind; loopback by default so a node is never exposed by accident
 * @param port TCP port; 0 picks a free one ({@link RpcServer#port()} reports it)
 * @param maxBodyBytes largest HTTP body or WebSocket message accepted
 * @param maxBatchSize most requests in one batch
 * @param corsAllowedOrigins browser origins allowed to call (HTTP and WebSocket); {@code "*"}
 *     allows any; empty allows none (requests without an Origin header are always served)
 * @param maxWebSocketConnections open WebSocket connections at once
 * @param maxSubscriptionsPerConnection live subscriptions on one WebSocket connection
 * @param requestTimeout time after which unfinished calls are answered with a timeout error
 * @param workerThreads threads that run handlers; the event loop never does
 * @param workerQueueMax messages waiting for a worker before new ones are refused as busy
 * @param eventLoopThreads threads doing socket I/O and HTTP framing
 * @param parallelBatches split large batches into contiguous chunks run on several workers
 *     (calls inside a chunk stay in order); off by default, as in go-ethereum
 * @param webSocketSendQueueMaxBytes unsent bytes queued for one WebSocket client before the
 *     server drops it as too slow
 * @param webSocketMaxInFlight messages from one WebSocket client being processed at once
 *     before the server stops reading from it
 * @param webSocketPingInterval how often idle WebSocket clients are pinged
 * @param idleTimeout connections with nothing read for this long are closed
 * @param shutdownGrace how long {@link RpcServer#close()} waits for calls in flight
 */
public record RpcOptions(
    String host,
    int port,
    int maxBodyBytes,
    int maxBatchSize,
    List<String> corsAllowedOrigins,
    int maxWebSocketConnections,
    int maxSubscriptionsPerConnection,
    Duration requestTimeout,
    int workerThreads,
    int workerQueueMax,
    int eventLoopThreads,
    boolean parallelBatches,
    int webSocketSendQueueMaxBytes,
    int webSocketMaxInFlight,
    Duration webSocketPingInterval,
    Duration idleTimeout,
    Duration shutdownGrace) {

  public static final int MIB = 1 << 20;

  public RpcOptions {
    Objects.requireNonNull(host, "host");
    corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
    require(port >= 0 && port <= 65_535, "port must be 0..65535, got " + port);
    require(maxBodyBytes >= 1024, "maxBodyBytes must be at least 1024");
    require(maxBatchSize >= 1, "maxBatchSize must be positive");
    require(maxWebSocketConnections >= 0, "maxWebSocketConnections must not be negative");
    require(maxSubscriptionsPerConnection >= 0, "maxSubscriptionsPerConnection must be >= 0");
    require(workerThreads >= 1 && workerThreads <= 1024, "workerThreads must be 1..1024");
    require(workerQueueMax >= 1, "workerQueueMax must be positive");
    require(eventLoopThreads >= 1 && eventLoopThreads <= 64, "eventLoopThreads must be 1..64");
    require(webSocketSendQueueMaxBytes >= 64 * 1024, "webSocketSendQueueMaxBytes below 64 KiB");
    require(webSocketMaxInFlight >= 1, "webSocketMaxInFlight must be positive");
    requirePositive(requestTimeout, "requestTimeout");
    requirePositive(webSocketPingInterval, "webSocketPingInterval");
    requirePositive(idleTimeout, "idleTimeout");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    // A connection must outlive the longest call on it, and pings must keep a live client
    // from looking idle.
    require(requestTimeout.compareTo(idleTimeout) < 0, "requestTimeout must be < idleTimeout");
    require(webSocketPingInterval.compareTo(idleTimeout) < 0,
        "webSocketPingInterval must be < idleTimeout");
    for (String origin : corsAllowedOrigins) {
      require(origin != null && !origin.isBlank(), "blank CORS origin");
    }
  }

  public static RpcOptions defaults() {
    return new RpcOptions(
        "127.0.0.1", 0, 5 * MIB, 1000, List.of(), 1000, 256,
        Duration.ofSeconds(30), Math.max(2, Runtime.getRuntime().availableProcessors()),
        10_000, 1, false, 16 * MIB, 64,
        Duration.ofSeconds(30), Duration.ofSeconds(120), Duration.ofSeconds(5));
  }

  public RpcOptions withHost(String value) {
    return new RpcOptions(value, port, maxBodyBytes, maxBatchSize, corsAllowedOrigins,
        maxWebSocketConnections, maxSubscriptionsPerConnection, requestTimeout, workerThreads,
        workerQueueMax, eventLoopThreads, parallelBatches, webSocketSendQueueMaxBytes,
        webSocketMaxInFlight, webSocketPingInterval, idleTimeout, shutdownGrace);
  }

  public RpcOptions withPort(int value) {
    return new RpcOptions(host, value, maxBodyBytes, maxBatchSize, corsAllowedOrigins,
        maxWebSocketConnections, maxSubscriptionsPerConnection, requestTimeout, workerThreads,
        workerQueueMax, eventLoopThreads, parallelBatches, webSocketSendQueueMaxBytes,
        webSocketMaxInFlight, webSocketPingInterval, idleTimeout, shutdownGrace);
  }

  public RpcOptions withMaxBodyBytes(int value) {
    return new RpcOptions(host, port, value, maxBatchSize, corsAllowedOrigins,
        maxWebSocketConnections, maxSubscriptionsPerConnection, requestTimeout, workerThreads,
        workerQueueMax, eventLoopThreads, parallelBatches, webSocketSendQueueMaxBytes,
        webSocketMaxInFlight, webSocketPingInterval, idleTimeout, shutdownGrace);
  }

  public RpcOptions withMaxBatchSize(int value) {
    return new RpcOptions(host, port, maxBodyBytes, value, corsAllowedOrigins,
        maxWebSocketConnections, maxSubscriptionsPerConnection, requestTimeout, workerThreads,
        workerQueueMax, eventLoopThreads, parallelBatches, webSocketSendQueueMaxBytes,
        webSocketMaxInFlight, webSocketPingInterval, idleTimeout, shutdownGrace);
  }

  /** {@code List.of("*")} allows every origin. */
  public RpcOptions withCorsAllowedOrigins(List<String> value) {
    return new RpcOptions(host, port, maxBodyBytes, maxBatchSize, value,
        maxWebSocketConnections, maxSubscriptionsPerConnection, requestTimeout, workerThreads,
        workerQueueMax, eventLoopThreads, parallelBatches, webSocketSendQueueMaxBytes,
        webSocketMaxInFlight, webSocketPingInterval, idleTimeout, shutdownGrace);
  }

  public RpcOptions withMaxWebSocketConnections(int value) {
    return new RpcOptions(host, port, maxBodyBytes, maxBatchSize, corsAllowedOrigins,
        value, maxSubscriptionsPerConnection, requestTimeout, workerThreads,
        workerQueueMax, eventLoopThreads, parallelBatches, webSocketSendQueueMaxBytes,
        webSocketMaxInFlight, webSocketPingInterval, idleTimeout, shutdownGrace);
  }

  public RpcOptions withMaxSubscriptionsPerConnection(int value) {
    return new RpcOptions(host, port, maxBodyBytes, maxBatchSize, corsAllowedOrigins,
        maxWebSocketConnections, value, requestTimeout, workerThreads,
        workerQueueMax, eventLoopThreads, parallelBatches, webSocketSendQueueMaxBytes,
        webSocketMaxInFlight, webSocketPingInterval, idleTimeout, shutdownGrace);
  }

  public RpcOptions withRequestTimeout(Duration value) {
    return new RpcOptions(host, port, maxBodyBytes, maxBatchSize, corsAllowedOrigins,
        maxWebSocketConnections, maxSubscriptionsPerConnection, value, workerThreads,
        workerQueueMax, eventLoopThreads, parallelBatches, webSocketSendQueueMaxBytes,
        webSocketMaxInFlight, webSocketPingInterval, idleTimeout, shutdownGrace);
  }

  public RpcOptions withWorkerThreads(int value) {
    return new RpcOptions(host, port, maxBodyBytes, maxBatchSize, corsAllowedOrigins,
        maxWebSocketConnections, maxSubscriptionsPerConnection, requestTimeout, value,
        workerQueueMax, eventLoopThreads, parallelBatches, webSocketSendQueueMaxBytes,
        webSocketMaxInFlight, webSocketPingInterval, idleTimeout, shutdownGrace);
  }

  public RpcOptions withWorkerQueueMax(int value) {
    return new RpcOptions(host, port, maxBodyBytes, maxBatchSize, corsAllowedOrigins,
        maxWebSocketConnections, maxSubscriptionsPerConnection, requestTimeout, workerThreads,
        value, eventLoopThreads, parallelBatches, webSocketSendQueueMaxBytes,
        webSocketMaxInFlight, webSocketPingInterval, idleTimeout, shutdownGrace);
  }

  public RpcOptions withEventLoopThreads(int value) {
    return new RpcOptions(host, port, maxBodyBytes, maxBatchSize, corsAllowedOrigins,
        maxWebSocketConnections, maxSubscriptionsPerConnection, requestTimeout, workerThreads,
        workerQueueMax, value, parallelBatches, webSocketSendQueueMaxBytes,
        webSocketMaxInFlight, webSocketPingInterval, idleTimeout, shutdownGrace);
  }

  public RpcOptions withParallelBatches(boolean value) {
    return new RpcOptions(host, port, maxBodyBytes, maxBatchSize, corsAllowedOrigins,
        maxWebSocketConnections, maxSubscriptionsPerConnection, requestTimeout, workerThreads,
        workerQueueMax, eventLoopThreads, value, webSocketSendQueueMaxBytes,
        webSocketMaxInFlight, webSocketPingInterval, idleTimeout, shutdownGrace);
  }

  public RpcOptions withWebSocketSendQueueMaxBytes(int value) {
    return new RpcOptions(host, port, maxBodyBytes, maxBatchSize, corsAllowedOrigins,
        maxWebSocketConnections, maxSubscriptionsPerConnection, requestTimeout, workerThreads,
        workerQueueMax, eventLoopThreads, parallelBatches, value,
        webSocketMaxInFlight, webSocketPingInterval, idleTimeout, shutdownGrace);
  }

  public RpcOptions withWebSocketMaxInFlight(int value) {
    return new RpcOptions(host, port, maxBodyBytes, maxBatchSize, corsAllowedOrigins,
        maxWebSocketConnections, maxSubscriptionsPerConnection, requestTimeout, workerThreads,
        workerQueueMax, eventLoopThreads, parallelBatches, webSocketSendQueueMaxBytes,
        value, webSocketPingInterval, idleTimeout, shutdownGrace);
  }

  public RpcOptions withWebSocketPingInterval(Duration value) {
    return new RpcOptions(host, port, maxBodyBytes, maxBatchSize, corsAllowedOrigins,
        maxWebSocketConnections, maxSubscriptionsPerConnection, requestTimeout, workerThreads,
        workerQueueMax, eventLoopThreads, parallelBatches, webSocketSendQueueMaxBytes,
        webSocketMaxInFlight, value, idleTimeout, shutdownGrace);
  }

  public RpcOptions withIdleTimeout(Duration value) {
    return new RpcOptions(host, port, maxBodyBytes, maxBatchSize, corsAllowedOrigins,
        maxWebSocketConnections, maxSubscriptionsPerConnection, requestTimeout, workerThreads,
        workerQueueMax, eventLoopThreads, parallelBatches, webSocketSendQueueMaxBytes,
        webSocketMaxInFlight, webSocketPingInterval, value, shutdownGrace);
  }

  public RpcOptions withShutdownGrace(Duration value) {
    return new RpcOptions(host, port, maxBodyBytes, maxBatchSize, corsAllowedOrigins,
        maxWebSocketConnections, maxSubscriptionsPerConnection, requestTimeout, workerThreads,
        workerQueueMax, eventLoopThreads, parallelBatches, webSocketSendQueueMaxBytes,
        webSocketMaxInFlight, webSocketPingInterval, idleTimeout, value);
  }

  /** True when {@code origin} (an Origin header value) may call this server. */
  public boolean allowsOrigin(String origin) {
    for (String allowed : corsAllowedOrigins) {
      if (allowed.equals("*") || allowed.equalsIgnoreCase(origin)) {
        return true;
      }
    }
    return false;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    require(!value.isNegative() && !value.isZero(), name + " must be positive");
  }
}
