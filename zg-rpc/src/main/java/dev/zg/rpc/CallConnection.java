package dev.zg.rpc;

/** The connection as one call sees it: subscriptions it opens wait for the call's answer. */
final class CallConnection implements RpcConnection {
  private final WebSocketSession session;
  private final Call call;

  CallConnection(WebSocketSession session, Call call) {
    this.session = session;
    this.call = call;
  }

  @Override
  public Subscription subscribe(String notificationMethod) {
    return call.subscribe(session, notificationMethod);
  }

  @Override
  public boolean unsubscribe(String subscriptionId) {
    return session.unsubscribe(subscriptionId);
  }

  @Override
  public int subscriptionCount() {
    return session.subscriptionCount();
  }

  @Override
  public boolean isOpen() {
    return session.isOpen();
  }
}
