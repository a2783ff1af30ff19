package dev.zg.rpc;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription's life: PENDING (created, the creating call not yet answered: pushes wait in
 * a small bounded list), ACTIVE (pushes go straight to the connection's send queue), CLOSED.
 * The PENDING list exists so that a client never sees a notification for an id it has not
 * been told; it is flushed under the same lock that {@link #push} checks, which keeps order.
 */
final class SubscriptionImpl implements Subscription {
  /** Pushes held while pending; more means the producer is far ahead of a call's answer. */
  static final int PENDING_PUSHES_MAX = 1024;
  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionImpl.class);

  private enum State { PENDING, ACTIVE, CLOSED }

  private final WebSocketSession session;
  private final String id;
  private final String notificationMethod;
  private State state = State.PENDING; // guarded by this
  private List<String> held = new ArrayList<>(); // guarded by this; null once active
  private List<Runnable> closeListeners = new ArrayList<>(1); // guarded by this

  SubscriptionImpl(WebSocketSession session, String id, String notificationMethod) {
    this.session = session;
    this.id = id;
    this.notificationMethod = notificationMethod;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public boolean push(Object result) {
    if (!isOpen()) {
      return false;
    }
    String message = ResponseWriter.notification(notificationMethod, id, result);
    synchronized (this) {
      switch (state) {
        case CLOSED:
          return false;
        case PENDING:
          if (held.size() >= PENDING_PUSHES_MAX) {
            session.dropSlowClient("subscription " + id + " held too many notifications");
            return false;
          }
          held.add(message);
          return true;
        default:
          break;
      }
    }
    return session.send(message);
  }

  void activate() {
    synchronized (this) {
      if (state != State.PENDING) {
        return;
      }
      state = State.ACTIVE;
      for (String message : held) {
        session.send(message);
      }
      held = null;
    }
  }

  @Override
  public void onClose(Runnable listener) {
    synchronized (this) {
      if (state != State.CLOSED) {
        closeListeners.add(listener);
        return;
      }
    }
    runListener(listener);
  }

  @Override
  public synchronized boolean isOpen() {
    return state != State.CLOSED;
  }

  @Override
  public void close() {
    if (closeQuietly()) {
      session.forget(this);
    }
  }

  /** Closes without telling the session (which is closing or has removed it already). */
  boolean closeQuietly() {
    List<Runnable> listeners;
    synchronized (this) {
      if (state == State.CLOSED) {
        return false;
      }
      state = State.CLOSED;
      held = null;
      listeners = closeListeners;
      closeListeners = null;
    }
    for (Runnable listener : listeners) {
      runListener(listener);
    }
    return true;
  }

  private void runListener(Runnable listener) {
    try {
      listener.run();
    } catch (RuntimeException e) {
      LOG.warn("close listener of subscription {} failed", id, e);
    }
  }
}
