/**
 * JSON-RPC throughput of a running node ({@code zg-bench/rpc/run.sh}): sustained transfers per
 * second counted when included, and {@code eth_call} and {@code eth_getBalance} requests per
 * second, for {@code zg devnet} and a Hardhat node in the same run. {@link
 * dev.zg.bench.rpc.RpcThroughput} is the driver; {@link dev.zg.bench.rpc.HttpConnection} its
 * minimal keep-alive HTTP client.
 */
package dev.zg.bench.rpc;
