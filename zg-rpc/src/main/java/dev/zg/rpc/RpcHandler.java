package dev.zg.rpc;

/**
 * One JSON-RPC method. It runs on a worker thread, never on the event loop, so it may block
 * (a state read, a lock); it must be thread-safe, since calls run concurrently.
 *
 * <p>Return the result: a Jackson {@code JsonNode}, a {@code String} (use {@link Json} for
 * quantities and data), a {@code Boolean} or number, {@code null}, {@link RawJson}, an
 * {@code Address}, {@code Hash}, {@code UInt256} (as a quantity) or {@code byte[]} (as data),
 * an {@code Optional} of those, or any object Jackson can serialize. To answer later, return a
 * {@code CompletionStage} of any of these: the response waits for it without holding a thread.
 *
 * <p>Throw {@link RpcException} for an error answer. Any other exception is logged and
 * answered as -32603 "internal error", without its details.
 */
@FunctionalInterface
public interface RpcHandler {
  Object handle(RpcParams params, RpcContext context) throws Exception;
}
