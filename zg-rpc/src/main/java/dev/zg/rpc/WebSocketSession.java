package dev.zg.rpc;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.impl.ConnectionBase;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket client: its messages, its subscriptions, and the two bounds that keep it from
 * hurting the server.
 *
 * <ul>
 *   <li>Inbound: at most {@code webSocketMaxInFlight} of its messages are processed at once;
 *       past that the server stops reading the socket (TCP pushes back on the client) and
 *       resumes when half are done.
 *   <li>Outbound: bytes written but not yet flushed to the socket are counted; when they pass
 *       {@code webSocketSendQueueMaxBytes} the client is not reading, and it is disconnected
 *       rather than buffered without limit. One message larger than the bound still goes out
 *       when the queue is empty, so a big but honest answer never drops a reading client.
 * </ul>
 *
 * <p>Threads: Vert.x calls the handlers on the connection's event loop; answers and pushes
 * arrive from workers and producers, and Vert.x's write methods are safe from any thread.
 */
final class WebSocketSession {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketSession.class);
  private static final short CLOSE_POLICY_VIOLATION = 1008;
  private static final short CLOSE_GOING_AWAY = 1001;
  private static final short CLOSE_MESSAGE_TOO_BIG = 1009;

  private final ServerCore core;
  private final ServerWebSocket socket;
  private final HttpConnection connection;
  private final Context context;
  private final Scope scope;
  private final Map<String, SubscriptionImpl> subscriptions = new ConcurrentHashMap<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicBoolean open = new AtomicBoolean(true);
  private volatile boolean paused;
  private volatile long pingTimer = -1;

  WebSocketSession(ServerCore core, ServerWebSocket socket, HttpConnection connection,
      Context context) {
    this.core = core;
    this.socket = socket;
    this.connection = connection;
    this.context = context;
    this.scope = new Scope(RpcContext.Transport.WEBSOCKET, this, socket.remoteAddress());
  }

  /** Called on the event loop right after the upgrade. */
  void start() {
    socket.textMessageHandler(this::onMessage);
    socket.binaryMessageHandler(b -> onMessage(b.toString(StandardCharsets.UTF_8)));
    socket.exceptionHandler(this::onError);
    socket.closeHandler(v -> shutdown());
    long pingMillis = core.options().webSocketPingInterval().toMillis();
    pingTimer = core.vertx().setPeriodic(pingMillis, id -> {
      if (open.get()) {
        socket.writePing(Buffer.buffer());
      }
    });
  }

  /**
   * Frames over the size limit close the connection with the code RFC 6455 gives (1009): the
   * rest of such a message cannot be told apart from the next one. Other errors are I/O, and
   * the connection is going anyway.
   */
  private void onError(Throwable error) {
    LOG.debug("websocket {} failed", scope.remote(), error);
    if (error instanceof CorruptedWebSocketFrameException corrupt) {
      socket.close((short) corrupt.closeStatus().code(), corrupt.closeStatus().reasonText());
    } else if (error instanceof IllegalStateException
        && String.valueOf(error.getMessage()).contains("max message size")) {
      socket.close(CLOSE_MESSAGE_TOO_BIG, "message too big");
    }
  }

  private void onMessage(String text) {
    if (!open.get()) {
      return;
    }
    int max = core.options().webSocketMaxInFlight();
    if (inFlight.incrementAndGet() >= max && !paused) {
      paused = true;
      socket.pause();
    }
    Reply reply = body -> {
      if (body != null) {
        send(new String(body, StandardCharsets.UTF_8));
      }
      messageDone();
    };
    core.dispatch(text, scope, reply);
  }

  private void messageDone() {
    int left = inFlight.decrementAndGet();
    if (paused && left <= core.options().webSocketMaxInFlight() / 2) {
      context.runOnContext(v -> {
        if (paused && open.get()) {
          paused = false;
          socket.resume();
        }
      });
    }
  }

  /** Queues one message; false when the session is closed or was just dropped as too slow. */
  boolean send(String message) {
    if (!open.get()) {
      return false;
    }
    long size = message.length(); // chars: equal to bytes for ASCII JSON, close enough else
    long before = queuedBytes.getAndAdd(size);
    if (before > 0 && before + size > core.options().webSocketSendQueueMaxBytes()) {
      queuedBytes.addAndGet(-size);
      dropSlowClient("send queue full");
      return false;
    }
    socket.writeTextMessage(message).onComplete(ar -> queuedBytes.addAndGet(-size));
    return true;
  }

  /** Disconnects at once, without flushing: the client is not reading what is queued. */
  void dropSlowClient(String reason) {
    if (!open.get()) {
      return;
    }
    LOG.info("dropping websocket client {}: {}", scope.remote(), reason);
    core.metrics().slowClientsDropped.increment();
    shutdown();
    // A polite close would queue behind the unread bytes; close the channel itself.
    if (connection instanceof ConnectionBase base) {
      base.channel().close();
    } else {
      socket.close(CLOSE_POLICY_VIOLATION, reason);
    }
  }

  /** Server shutdown: says goodbye, then forgets the client. */
  void closeGoingAway() {
    if (open.get()) {
      socket.close(CLOSE_GOING_AWAY, "server shutting down");
    }
    shutdown();
  }

  SubscriptionImpl open(String notificationMethod) {
    if (!open.get()) {
      throw new RpcException(RpcException.INTERNAL_ERROR, "connection closed");
    }
    int max = core.options().maxSubscriptionsPerConnection();
    if (subscriptions.size() >= max) {
      throw RpcException.limitExceeded("too many subscriptions on this connection (max "
          + max + ")");
    }
    SubscriptionImpl subscription =
        new SubscriptionImpl(this, core.newSubscriptionId(), notificationMethod);
    subscriptions.put(subscription.id(), subscription);
    core.metrics().subscriptions.incrementAndGet();
    if (!open.get()) {
      forget(subscription); // lost a race with shutdown
      subscription.closeQuietly();
    }
    return subscription;
  }

  boolean unsubscribe(String subscriptionId) {
    SubscriptionImpl subscription =
        subscriptions.get(subscriptionId.toLowerCase(Locale.ROOT));
    if (subscription == null) {
      return false;
    }
    forget(subscription);
    subscription.closeQuietly();
    return true;
  }

  void forget(SubscriptionImpl subscription) {
    if (subscriptions.remove(subscription.id(), subscription)) {
      core.metrics().subscriptions.decrementAndGet();
    }
  }

  int subscriptionCount() {
    return subscriptions.size();
  }

  boolean isOpen() {
    return open.get();
  }

  /** Runs once, whoever ends the session first: the client, a slow-client drop, shutdown. */
  private void shutdown() {
    if (!open.compareAndSet(true, false)) {
      return;
    }
    if (pingTimer >= 0) {
      core.vertx().cancelTimer(pingTimer);
    }
    core.sessionClosed(this);
    subscriptions.forEach((id, subscription) -> {
      forget(subscription);
      subscription.closeQuietly();
    });
  }
}
