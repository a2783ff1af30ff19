package dev.zg.rpc;

/** What a handler may know about the call beyond its params. */
public interface RpcContext {

  enum Transport { HTTP, WEBSOCKET }

  /** The method name as called. */
  String method();

  Transport transport();

  /**
   * The WebSocket connection the call came on, to create subscriptions on. Over HTTP there is
   * none, and this throws the error go-ethereum answers there: -32601 "notifications not
   * supported".
   */
  RpcConnection connection();

  /** The client's address as {@code host:port}, for logs and per-client limits. */
  String remoteAddress();
}
