package dev.zg.rpc;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the port: JSON-RPC POSTs on any path, WebSocket upgrades, {@code GET}
 * routes ({@link HttpRoute}) or health text, CORS preflight. Runs on event loops, so it only frames and hands off: the
 * body goes to a worker, the answer is written from wherever it is ready.
 *
 * <p>A POST must say {@code Content-Type: application/json}, as go-ethereum requires: a web
 * page can send text/plain or form bodies to a local node without a CORS preflight, so
 * accepting them would let any page call the node.
 */
final class HttpTransport implements Handler<HttpServerRequest> {
  /** How much of an oversized body is read and dropped before the connection closes. */
  static final long LINGER_BYTES_MAX = 64L << 20;
  static final long LINGER_MILLIS = 2_000;
  private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
  private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized(
      "application/json");
  private static final CharSequence TEXT_PLAIN = HttpHeaders.createOptimized(
      "text/plain; charset=utf-8");
  private static final CharSequence ALLOWED_METHODS = HttpHeaders.createOptimized(
      "GET, HEAD, POST, OPTIONS");
  private static final CharSequence ORIGIN = HttpHeaders.createOptimized("Origin");
  private static final int FIRST_BODY_BYTES_MAX = 64 * 1024;
  private static final int HEADER_ECHO_MAX = 1024;
  private static final int PREFLIGHT_MAX_AGE_SECONDS = 600;

  private final ServerCore core;
  private final RpcOptions options;
  private final Map<String, HttpRoute> routes;

  HttpTransport(ServerCore core, Map<String, HttpRoute> routes) {
    this.core = core;
    this.options = core.options();
    this.routes = routes;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (core.closing()) {
      plain(request, 503, "server is shutting down\n");
      return;
    }
    switch (request.method().name()) {
      case "POST" -> post(request);
      case "GET" -> {
        if (isUpgrade(request)) {
          upgrade(request);
        } else if (!routed(request)) {
          request.response().putHeader(HttpHeaders.CONTENT_TYPE, TEXT_PLAIN).end("ok\n");
        }
      }
      case "HEAD" -> request.response().putHeader(HttpHeaders.CONTENT_TYPE, TEXT_PLAIN).end();
      case "OPTIONS" -> preflight(request);
      default -> {
        request.response().putHeader(HttpHeaders.ALLOW, ALLOWED_METHODS);
        plain(request, 405, "method not allowed\n");
      }
    }
  }

  /** Hands a GET to the route whose prefix is the longest match; false when none matches. */
  private boolean routed(HttpServerRequest request) {
    String path = request.path();
    String best = null;
    for (String prefix : routes.keySet()) {
      if (path.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
        best = prefix;
      }
    }
    if (best == null) {
      return false;
    }
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (origin != null && !options.allowsOrigin(origin)) {
      plain(request, 403, "origin not allowed\n");
      return true;
    }
    HttpRoute route = routes.get(best);
    String rest = path.substring(best.length());
    String query = request.query();
    String allowOrigin = allowOriginHeader(origin);
    // The request must not be read on the worker; only the answer crosses threads.
    boolean queued = core.offload(() -> answer(request, allowOrigin, route, rest, query));
    if (!queued) {
      plain(request, 503, "server busy: too many requests waiting, try again later\n");
    }
    return true;
  }

  private static void answer(HttpServerRequest request, String allowOrigin, HttpRoute route,
      String path, String query) {
    HttpAnswer answer;
    try {
      answer = route.get(path, query);
    } catch (RuntimeException e) {
      LOG.warn("http route failed for {}", request.path(), e);
      answer = HttpAnswer.text(500, "internal error");
    }
    HttpServerResponse response = request.response();
    try {
      if (allowOrigin != null) {
        corsHeaders(response, allowOrigin);
      }
      ByteBuf body = Unpooled.wrappedBuffer(answer.body().toArray(ByteBuffer[]::new));
      response.setStatusCode(answer.status())
          .putHeader(HttpHeaders.CONTENT_TYPE, answer.contentType())
          .end(Buffer.buffer(body));
    } catch (IllegalStateException e) {
      LOG.debug("client left before its answer", e);
    }
  }

  private void post(HttpServerRequest request) {
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (origin != null && !options.allowsOrigin(origin)) {
      refuse(request, 403, "origin not allowed\n");
      return;
    }
    if (!isJson(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
      refuse(request, 415, "content type must be application/json\n");
      return;
    }
    long declared = declaredLength(request);
    if (declared == -2) {
      refuse(request, 400, "invalid content-length\n");
      return;
    }
    if (declared > options.maxBodyBytes()) {
      tooLarge(request, declared);
      return;
    }
    readBody(request, declared, origin);
  }

  /** Accumulates chunks into one array, never past the limit, then hands it to a worker. */
  private void readBody(HttpServerRequest request, long declared, String origin) {
    int max = options.maxBodyBytes();
    int first = (int) Math.min(declared >= 0 ? declared : 1024, FIRST_BODY_BYTES_MAX);
    BodyBuffer body = new BodyBuffer(Math.max(first, 16));
    request.handler(chunk -> {
      if (body.rejected) {
        return;
      }
      if ((long) body.length + chunk.length() > max) {
        body.rejected = true;
        tooLarge(request, (long) body.length + chunk.length());
        return;
      }
      body.append(chunk);
    });
    request.exceptionHandler(e -> LOG.debug("http request failed", e));
    request.endHandler(v -> {
      if (!body.rejected) {
        Scope scope = new Scope(RpcContext.Transport.HTTP, null, request.remoteAddress());
        String allowOrigin = allowOriginHeader(origin);
        core.dispatch(body.bytes, body.length, scope, answer -> respond(request, allowOrigin,
            answer));
      }
    });
  }

  private static final class BodyBuffer {
    byte[] bytes;
    int length;
    boolean rejected;

    BodyBuffer(int capacity) {
      bytes = new byte[capacity];
    }

    void append(Buffer chunk) {
      int n = chunk.length();
      if (length + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(length + n, bytes.length * 2));
      }
      chunk.getBytes(0, n, bytes, length);
      length += n;
    }
  }

  /** May run on any thread; Vert.x moves the write to the connection's event loop. */
  private static void respond(HttpServerRequest request, String allowOrigin, byte[] answer) {
    HttpServerResponse response = request.response();
    try {
      if (allowOrigin != null) {
        corsHeaders(response, allowOrigin);
      }
      if (answer == null) {
        response.setStatusCode(204).end();
      } else {
        response.putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON).end(Buffer.buffer(answer));
      }
    } catch (IllegalStateException e) {
      LOG.debug("client left before its answer", e); // the connection closed meanwhile
    }
  }

  /**
   * 413 with a JSON-RPC error body, then the connection is closed. Closing while the client is
   * still sending would reset the connection, which can destroy the 413 in the client's
   * buffers before it reads it; so what keeps arriving is read and dropped for a moment
   * (at most {@link #LINGER_BYTES_MAX} bytes, {@link #LINGER_MILLIS} ms) before the close.
   */
  private void tooLarge(HttpServerRequest request, long bytes) {
    byte[] body = Dispatcher.errorBody(RpcException.invalidRequest("request body too large: "
        + bytes + " bytes, the limit is " + options.maxBodyBytes()));
    HttpConnection connection = request.connection();
    long[] dropped = {0};
    request.handler(chunk -> {
      dropped[0] += chunk.length();
      if (dropped[0] > LINGER_BYTES_MAX) {
        connection.close();
      }
    });
    request.endHandler(v -> connection.close());
    request.response()
        .setStatusCode(413)
        .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
        .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
        .end(Buffer.buffer(body))
        .onComplete(ar -> Vertx.currentContext().owner().setTimer(LINGER_MILLIS,
            t -> connection.close()));
  }

  private void preflight(HttpServerRequest request) {
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    HttpServerResponse response = request.response();
    if (origin == null) {
      response.putHeader(HttpHeaders.ALLOW, ALLOWED_METHODS).setStatusCode(204).end();
      return;
    }
    if (!options.allowsOrigin(origin)) {
      plain(request, 403, "origin not allowed\n");
      return;
    }
    corsHeaders(response, allowOriginHeader(origin));
    String asked = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS);
    response
        .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS)
        .putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
            asked != null && asked.length() <= HEADER_ECHO_MAX ? asked : "Content-Type")
        .putHeader(HttpHeaders.ACCESS_CONTROL_MAX_AGE, String.valueOf(PREFLIGHT_MAX_AGE_SECONDS))
        .setStatusCode(204)
        .end();
  }

  private static void corsHeaders(HttpServerResponse response, String allowOrigin) {
    response.putHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, allowOrigin);
    if (!allowOrigin.equals("*")) {
      response.putHeader(HttpHeaders.VARY, ORIGIN);
    }
  }

  /** The Access-Control-Allow-Origin value for an allowed origin, or null (no header). */
  private String allowOriginHeader(String origin) {
    if (origin == null) {
      return null;
    }
    return options.corsAllowedOrigins().contains("*") ? "*" : origin;
  }

  private void upgrade(HttpServerRequest request) {
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (origin != null && !options.allowsOrigin(origin)) {
      plain(request, 403, "origin not allowed\n");
      return;
    }
    if (!core.reserveWebSocket()) {
      plain(request, 503, "too many websocket connections\n");
      return;
    }
    HttpConnection connection = request.connection();
    Context context = Vertx.currentContext();
    request.toWebSocket().onComplete(ar -> {
      if (ar.failed()) {
        core.releaseWebSocket();
        LOG.debug("websocket upgrade failed", ar.cause());
        return;
      }
      WebSocketSession session = new WebSocketSession(core, ar.result(), connection, context);
      core.sessionOpened(session);
      session.start();
    });
  }

  private static boolean isUpgrade(HttpServerRequest request) {
    String upgrade = request.getHeader(HttpHeaderNames.UPGRADE);
    return upgrade != null && upgrade.equalsIgnoreCase("websocket");
  }

  private static boolean isJson(String contentType) {
    return contentType != null
        && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
  }

  /** The Content-Length, -1 when absent (chunked), -2 when malformed. */
  private static long declaredLength(HttpServerRequest request) {
    String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (header == null) {
      return -1;
    }
    try {
      long value = Long.parseLong(header.trim());
      return value < 0 ? -2 : value;
    } catch (NumberFormatException e) {
      return -2;
    }
  }

  /** Answers before the body was read, then closes: the unread body must not be parsed. */
  private static void refuse(HttpServerRequest request, int status, String text) {
    HttpConnection connection = request.connection();
    request.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, TEXT_PLAIN)
        .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
        .end(text)
        .onComplete(ar -> connection.close());
  }

  private static void plain(HttpServerRequest request, int status, String text) {
    request.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, TEXT_PLAIN)
        .end(text);
  }
}
