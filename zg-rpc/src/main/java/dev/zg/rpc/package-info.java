/**
 * A generic JSON-RPC 2.0 server over HTTP and WebSocket on one port, with Ethereum's
 * parameter and result encodings and WebSocket subscriptions; no chain knowledge. Public:
 * {@link dev.zg.rpc.RpcServer}, {@link dev.zg.rpc.RpcOptions}, {@link dev.zg.rpc.RpcHandler},
 * {@link dev.zg.rpc.RpcParams}, {@link dev.zg.rpc.Param}, {@link dev.zg.rpc.RpcObject},
 * {@link dev.zg.rpc.BlockParam}, {@link dev.zg.rpc.RpcContext},
 * {@link dev.zg.rpc.RpcConnection}, {@link dev.zg.rpc.Subscription},
 * {@link dev.zg.rpc.RpcException}, {@link dev.zg.rpc.Json}, {@link dev.zg.rpc.RawJson},
 * {@link dev.zg.rpc.RpcMetrics}. Everything else is package-private. Nothing is null unless a
 * method says so.
 */
package dev.zg.rpc;
