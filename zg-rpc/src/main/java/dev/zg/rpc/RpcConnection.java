package dev.zg.rpc;

/**
 * One WebSocket client, which subscriptions belong to. When it closes, its subscriptions
 * close and their {@link Subscription#onClose} listeners run.
 */
public interface RpcConnection {

  /**
   * A new subscription whose notifications are sent as {@code notificationMethod} (for
   * Ethereum, {@code "eth_subscription"}). Notifications pushed before the call that created it
   * has been answered wait, so the client always learns the id first; if that call fails, the
   * subscription is closed.
   *
   * @throws RpcException -32005 when the connection has its maximum of subscriptions
   */
  Subscription subscribe(String notificationMethod);

  /** Closes the subscription with this id; false when this connection has none such. */
  boolean unsubscribe(String subscriptionId);

  int subscriptionCount();

  boolean isOpen();
}
