package dev.zg.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Turns a message into calls and runs them: parse, validate, run (in order, or in contiguous
 * chunks on several workers when {@code parallelBatches}), answer. Transport-free: it gets
 * bytes or text and a {@link Reply}, so tests can drive it without sockets.
 */
final class Dispatcher {
  /** Smallest chunk worth a hand-off to another worker. */
  static final int PARALLEL_CHUNK_MIN = 16;
  private static final int PARSE_MESSAGE_MAX = 200;

  private final MethodRegistry registry;
  private final RpcMetrics metrics;
  private final RpcOptions options;
  private final Executor workers;
  private final ScheduledExecutorService timer;

  Dispatcher(MethodRegistry registry, RpcMetrics metrics, RpcOptions options, Executor workers,
      ScheduledExecutorService timer) {
    this.registry = registry;
    this.metrics = metrics;
    this.options = options;
    this.workers = workers;
    this.timer = timer;
  }

  /** Runs on a worker: parses and answers {@code body[0, length)}. */
  void handle(byte[] body, int length, Scope scope, Reply reply, RpcException rejection) {
    JsonNode root;
    try {
      root = Json.READER.readTree(body, 0, length);
    } catch (IOException | RuntimeException e) {
      replyParseError(e, reply);
      return;
    }
    handle(root, scope, reply, rejection);
  }

  void handle(String text, Scope scope, Reply reply, RpcException rejection) {
    JsonNode root;
    try {
      root = Json.READER.readTree(text);
    } catch (IOException | RuntimeException e) {
      replyParseError(e, reply);
      return;
    }
    handle(root, scope, reply, rejection);
  }

  private void handle(JsonNode root, Scope scope, Reply reply, RpcException rejection) {
    if (root == null || root.isMissingNode()) {
      replyParseError(null, reply);
      return;
    }
    Exchange exchange = new Exchange(scope, reply, rejection);
    Call[] calls;
    boolean batch = root.isArray();
    if (batch) {
      if (root.isEmpty()) {
        reply.send(errorBody(RpcException.invalidRequest("invalid request: empty batch")));
        return;
      }
      if (root.size() > options.maxBatchSize()) {
        reply.send(errorBody(RpcException.invalidRequest("batch too large: " + root.size()
            + " requests, the limit is " + options.maxBatchSize())));
        return;
      }
      calls = new Call[root.size()];
      for (int i = 0; i < calls.length; i++) {
        calls[i] = Call.of(exchange, root.get(i), registry);
      }
    } else {
      calls = new Call[] {Call.of(exchange, root, registry)};
    }
    if (exchange.prepare(calls, batch) > 0 && rejection == null) {
      scheduleTimeout(exchange);
    }
    run(calls);
  }

  private void scheduleTimeout(Exchange exchange) {
    try {
      long nanos = options.requestTimeout().toNanos();
      exchange.setTimer(timer.schedule(exchange::timeOut, nanos, TimeUnit.NANOSECONDS));
    } catch (RejectedExecutionException e) {
      // Shutting down: the grace period bounds the wait instead.
    }
  }

  private void run(Call[] calls) {
    int n = calls.length;
    if (!options.parallelBatches() || n < 2 * PARALLEL_CHUNK_MIN) {
      runRange(calls, 0, n);
      return;
    }
    int chunks = Math.min(options.workerThreads(), n / PARALLEL_CHUNK_MIN);
    int size = (n + chunks - 1) / chunks;
    for (int from = size; from < n; from += size) {
      int start = from;
      int end = Math.min(n, from + size);
      try {
        workers.execute(() -> runRange(calls, start, end));
      } catch (RejectedExecutionException e) {
        runRange(calls, start, end);
      }
    }
    runRange(calls, 0, Math.min(n, size));
  }

  private static void runRange(Call[] calls, int from, int to) {
    for (int i = from; i < to; i++) {
      calls[i].run();
    }
  }

  private void replyParseError(Exception cause, Reply reply) {
    metrics.parseErrors.increment();
    String detail;
    if (cause == null) {
      detail = "empty message";
    } else if (cause instanceof JsonProcessingException json) {
      detail = json.getOriginalMessage() + location(json);
    } else {
      detail = cause.getClass().getSimpleName();
    }
    if (detail.length() > PARSE_MESSAGE_MAX) {
      detail = detail.substring(0, PARSE_MESSAGE_MAX - 3) + "...";
    }
    reply.send(errorBody(new RpcException(RpcException.PARSE_ERROR, "parse error: " + detail)));
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null ? ""
        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  static byte[] errorBody(RpcException error) {
    return ResponseWriter.single(NullNode.instance, error);
  }
}
