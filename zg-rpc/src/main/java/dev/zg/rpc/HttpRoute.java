package dev.zg.rpc;

/**
 * A plain HTTP {@code GET} endpoint beside JSON-RPC on the same port, for answers that are
 * bytes rather than JSON (a storage node's segments). Runs on the worker pool, so it may block;
 * it must be thread-safe. An exception becomes a 500 with a short text.
 */
@FunctionalInterface
public interface HttpRoute {
  /**
   * Answers a GET of {@code path} (the request path after the route's prefix, undecoded) with
   * {@code query} (the raw query string after {@code ?}, or null).
   */
  HttpAnswer get(String path, String query);
}
