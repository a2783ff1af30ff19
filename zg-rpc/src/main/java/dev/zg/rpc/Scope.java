package dev.zg.rpc;

/**
 * Where a message came from: its transport, its WebSocket session (null over HTTP), and the
 * client's address (any object whose {@code toString} is {@code host:port}; formatted lazily,
 * since most calls never ask).
 */
record Scope(RpcContext.Transport transport, WebSocketSession session, Object remote) {}
