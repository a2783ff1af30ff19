package dev.zg.rpc;

import dev.zg.common.Hex;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the transports share: the worker pool, the timeout timer, the dispatcher, the open
 * WebSocket sessions, and the count of messages in flight that a graceful close waits for.
 */
final class ServerCore {
  private static final Logger LOG = LoggerFactory.getLogger(ServerCore.class);
  private static final RpcException BUSY =
      RpcException.limitExceeded("server busy: too many requests waiting, try again later");
  private static final int SUBSCRIPTION_ID_BYTES = 16;

  private final RpcOptions options;
  private final RpcMetrics metrics;
  private final Vertx vertx;
  private final ThreadPoolExecutor workers;
  private final ScheduledThreadPoolExecutor timer;
  private final Dispatcher dispatcher;
  private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final SecureRandom random = new SecureRandom();
  private volatile boolean closing;

  ServerCore(RpcOptions options, MethodRegistry registry, RpcMetrics metrics, Vertx vertx) {
    this.options = options;
    this.metrics = metrics;
    this.vertx = vertx;
    this.workers = new ThreadPoolExecutor(options.workerThreads(), options.workerThreads(),
        0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(options.workerQueueMax()),
        daemonThreads("zg-rpc-worker-"));
    this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("zg-rpc-timer-"));
    timer.setRemoveOnCancelPolicy(true);
    this.dispatcher = new Dispatcher(registry, metrics, options, workers, timer);
  }

  RpcOptions options() {
    return options;
  }

  RpcMetrics metrics() {
    return metrics;
  }

  Vertx vertx() {
    return vertx;
  }

  boolean closing() {
    return closing;
  }

  /** Called on an event loop: hands the body to a worker, or answers "busy" at once. */
  void dispatch(byte[] body, int length, Scope scope, Reply reply) {
    OnceReply once = new OnceReply(reply);
    Runnable task = () -> guarded(once, () -> dispatcher.handle(body, length, scope, once, null));
    if (!trySubmit(task)) {
      guarded(once, () -> dispatcher.handle(body, length, scope, once, BUSY));
    }
  }

  void dispatch(String text, Scope scope, Reply reply) {
    OnceReply once = new OnceReply(reply);
    Runnable task = () -> guarded(once, () -> dispatcher.handle(text, scope, once, null));
    if (!trySubmit(task)) {
      guarded(once, () -> dispatcher.handle(text, scope, once, BUSY));
    }
  }

  /** Runs {@code task} on the worker pool; false when its queue is full. */
  boolean offload(Runnable task) {
    return trySubmit(task);
  }

  private boolean trySubmit(Runnable task) {
    try {
      workers.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      metrics.busyRejections.increment();
      return false;
    }
  }

  /** A fault in the server itself must still answer, or the client would wait forever. */
  private static void guarded(OnceReply reply, Runnable work) {
    try {
      work.run();
    } catch (Throwable t) {
      LOG.error("rpc dispatch failed", t);
      reply.send(Dispatcher.errorBody(RpcException.internal()));
    }
  }

  /** Counts the message in flight until its answer is sent, and sends only the first. */
  private final class OnceReply implements Reply {
    private final Reply target;
    private final AtomicBoolean sent = new AtomicBoolean();

    OnceReply(Reply target) {
      this.target = target;
      inFlight.incrementAndGet();
    }

    @Override
    public void send(byte[] body) {
      if (sent.compareAndSet(false, true)) {
        try {
          target.send(body);
        } finally {
          inFlight.decrementAndGet();
        }
      }
    }
  }

  String newSubscriptionId() {
    byte[] id = new byte[SUBSCRIPTION_ID_BYTES];
    random.nextBytes(id);
    return Hex.prefixed(id);
  }

  /** Reserves a WebSocket slot; false when the server has its maximum. */
  boolean reserveWebSocket() {
    if (metrics.webSocketConnections.incrementAndGet() > options.maxWebSocketConnections()) {
      metrics.webSocketConnections.decrementAndGet();
      return false;
    }
    return true;
  }

  void releaseWebSocket() {
    metrics.webSocketConnections.decrementAndGet();
  }

  void sessionOpened(WebSocketSession session) {
    sessions.add(session);
  }

  void sessionClosed(WebSocketSession session) {
    if (sessions.remove(session)) {
      releaseWebSocket();
    }
  }

  /**
   * Stops taking work, waits up to the grace period for answers in flight, says goodbye to
   * WebSocket clients, then stops the threads.
   */
  void close() {
    closing = true;
    long deadline = System.nanoTime() + options.shutdownGrace().toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (WebSocketSession session : sessions) {
      session.closeGoingAway();
    }
    workers.shutdownNow();
    timer.shutdownNow();
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
