package dev.zg.rpc;

/**
 * A stream of notifications to one WebSocket client:
 * {@code {"jsonrpc":"2.0","method":M,"params":{"subscription":ID,"result":R}}}. Thread-safe:
 * push from any thread; notifications from one thread arrive in push order.
 */
public interface Subscription {

  /** {@code 0x} and 32 hex digits (16 random bytes). */
  String id();

  /**
   * Queues a notification with {@code result} (anything a handler may return; use
   * {@link RawJson} to serialize a shared value once). Returns false once the subscription is
   * closed. A client that does not read its notifications fills its send queue and is
   * disconnected; this never blocks.
   */
  boolean push(Object result);

  /**
   * Runs {@code listener} once when the subscription ends: unsubscribed, closed by the server,
   * or its connection gone. Runs at once when already closed. Keep it short: it may run on
   * the connection's I/O thread.
   */
  void onClose(Runnable listener);

  boolean isOpen();

  /** Ends the subscription from the server side. */
  void close();
}
