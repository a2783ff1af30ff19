package dev.zg.rpc;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A JSON-RPC 2.0 server on one port: POST on any path, WebSocket upgrades (with
 * subscriptions), {@code GET} health text or a registered {@link HttpRoute}. It knows no
 * methods of its own; register them.
 *
 * <pre>{@code
 * RpcServer server = new RpcServer(RpcOptions.defaults().withPort(8545))
 *     .register("eth_chainId", (params, ctx) -> Json.quantity(16_600))
 *     .start();
 * ...
 * server.close();
 * }</pre>
 *
 * <p>Threads: event loops (Vert.x) do socket I/O and HTTP framing only; parsing, handlers and
 * serialization run on a bounded worker pool; a timer thread answers calls that run past the
 * request timeout. See {@link RpcOptions} for every limit.
 */
public final class RpcServer implements AutoCloseable {
  private static final int BODY_CHUNK_BYTES = 64 * 1024;
  private static final int WEBSOCKET_CLOSING_TIMEOUT_SECONDS = 5;
  private static final long STARTUP_TIMEOUT_SECONDS = 30;

  private enum State { NEW, STARTED, CLOSED }

  private final RpcOptions options;
  private final MethodRegistry registry = new MethodRegistry();
  private final RpcMetrics metrics = new RpcMetrics(registry);
  private final Map<String, HttpRoute> routes = new ConcurrentHashMap<>();
  private final List<HttpServer> servers = new ArrayList<>();
  private State state = State.NEW;
  private Vertx vertx;
  private ServerCore core;
  private int port = -1;

  public RpcServer(RpcOptions options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Adds a method; allowed before and after start. Names are unique. */
  public RpcServer register(String method, RpcHandler handler) {
    registry.register(method, handler);
    return this;
  }

  /**
   * Serves {@code GET} requests whose path starts with {@code prefix} (such as
   * {@code "/segment/"}) with {@code route}, beside JSON-RPC; allowed before and after start.
   * A request matching no route still gets the health answer.
   */
  public RpcServer route(String prefix, HttpRoute route) {
    Objects.requireNonNull(route, "route");
    if (prefix == null || !prefix.startsWith("/") || prefix.length() < 2) {
      throw new IllegalArgumentException("a route prefix is a path below /, got " + prefix);
    }
    if (routes.putIfAbsent(prefix, route) != null) {
      throw new IllegalArgumentException("route already registered: " + prefix);
    }
    return this;
  }

  /** Removes a method; calls already running finish. */
  public boolean unregister(String method) {
    return registry.unregister(method);
  }

  /** Binds the port and starts serving; returns once listening. */
  public synchronized RpcServer start() {
    if (state != State.NEW) {
      throw new IllegalStateException("server already " + state.name().toLowerCase());
    }
    vertx = Vertx.vertx(new VertxOptions()
        .setEventLoopPoolSize(options.eventLoopThreads())
        .setWorkerPoolSize(1)
        .setInternalBlockingPoolSize(1)
        .setFileSystemOptions(new FileSystemOptions()
            .setFileCachingEnabled(false)
            .setClassPathResolvingEnabled(false)));
    core = new ServerCore(options, registry, metrics, vertx);
    HttpTransport transport = new HttpTransport(core, routes);
    HttpServerOptions serverOptions = serverOptions();
    try {
      // One server per event loop; Vert.x shares the socket between them round-robin.
      for (int i = 0; i < options.eventLoopThreads(); i++) {
        HttpServer server = vertx.createHttpServer(serverOptions).requestHandler(transport);
        await(server.listen());
        servers.add(server);
      }
    } catch (RuntimeException e) {
      core.close();
      await(vertx.close());
      state = State.CLOSED;
      throw new IllegalStateException(
          "cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
    }
    port = servers.get(0).actualPort();
    state = State.STARTED;
    return this;
  }

  private HttpServerOptions serverOptions() {
    // A negative port makes Vert.x share one ephemeral port among the per-loop servers.
    int bindPort = options.port() == 0 && options.eventLoopThreads() > 1 ? -1 : options.port();
    int idleSeconds = (int) Math.max(1, options.idleTimeout().toSeconds());
    return new HttpServerOptions()
        .setHost(options.host())
        .setPort(bindPort)
        .setMaxChunkSize(BODY_CHUNK_BYTES)
        .setMaxWebSocketFrameSize(options.maxBodyBytes())
        .setMaxWebSocketMessageSize(options.maxBodyBytes())
        // Compression invites decompression bombs and costs CPU on every answer.
        .setPerFrameWebSocketCompressionSupported(false)
        .setPerMessageWebSocketCompressionSupported(false)
        .setCompressionSupported(false)
        .setDecompressionSupported(false)
        .setHandle100ContinueAutomatically(true)
        .setReadIdleTimeout(idleSeconds)
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setWebSocketClosingTimeout(WEBSOCKET_CLOSING_TIMEOUT_SECONDS)
        .setTcpNoDelay(true)
        .setReuseAddress(true);
  }

  /** The bound port (the real one when started with port 0). */
  public synchronized int port() {
    if (state != State.STARTED) {
      throw new IllegalStateException("server not started");
    }
    return port;
  }

  public RpcOptions options() {
    return options;
  }

  public RpcMetrics metrics() {
    return metrics;
  }

  /**
   * Graceful stop: refuses new requests, waits up to {@code shutdownGrace} for answers in
   * flight, closes WebSocket clients (1001) and their subscriptions, releases the port.
   */
  @Override
  public synchronized void close() {
    if (state != State.STARTED) {
      state = State.CLOSED;
      return;
    }
    state = State.CLOSED;
    core.close();
    for (HttpServer server : servers) {
      awaitQuietly(server.close());
    }
    awaitQuietly(vertx.close());
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture()
          .get(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void awaitQuietly(Future<?> future) {
    try {
      await(future);
    } catch (RuntimeException e) {
      // Closing anyway; nothing useful to do with a failure here.
    }
  }
}
