package dev.zg.compute;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request plumbing the provider's HTTP servers (the inference broker, the fine-tuning
 * provider) share: bounded body reads, blocking work off the event loop, and turning any failure
 * into an error reply. Each server keeps its own error body shape ({@code fail}).
 */
public final class RequestHandling {
  private static final Logger LOG = LoggerFactory.getLogger(RequestHandling.class);

  private final Vertx vertx;
  private final String name;
  private final BiConsumer<HttpServerRequest, ComputeException> fail;
  private final LongFunction<String> tooLargeMessage;

  /**
   * @param name the server's name in log lines
   * @param fail writes an error reply (when the response is still open)
   * @param tooLargeMessage the 413's message for a limit of so many bytes
   */
  public RequestHandling(Vertx vertx, String name,
      BiConsumer<HttpServerRequest, ComputeException> fail, LongFunction<String> tooLargeMessage) {
    this.vertx = vertx;
    this.name = name;
    this.fail = fail;
    this.tooLargeMessage = tooLargeMessage;
  }

  /** Replies to {@code error}: a {@link ComputeException} as it is, anything else as a 500. */
  public void failed(HttpServerRequest request, Throwable error) {
    if (error instanceof ComputeException e) {
      fail.accept(request, e);
      return;
    }
    LOG.warn("{}: {} {} failed", name, request.method(), request.path(), error);
    fail.accept(request, new ComputeException(500, "internal_error",
        String.valueOf(error.getMessage())));
  }

  /** Reads the whole request body, refusing with 413 once it passes {@code max} bytes. */
  public void readBody(HttpServerRequest request, long max, Consumer<Buffer> then) {
    String length = request.getHeader("Content-Length");
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        throw new ComputeException(400, "bad_content_length", "Content-Length is not a number");
      }
      if (declared > max) {
        tooLarge(request, max);
        return;
      }
    }
    Buffer body = Buffer.buffer();
    boolean[] refused = {false};
    request.handler(chunk -> {
      if (refused[0]) {
        return;
      }
      if (body.length() + chunk.length() > max) {
        refused[0] = true;
        tooLarge(request, max);
        return;
      }
      body.appendBuffer(chunk);
    });
    request.exceptionHandler(e -> LOG.debug("{}: request body failed: {}", name, e.toString()));
    request.endHandler(v -> {
      if (refused[0]) {
        return;
      }
      try {
        then.accept(body);
      } catch (RuntimeException e) {
        failed(request, e);
      }
    });
  }

  /** Refuses with 413. */
  public void tooLarge(HttpServerRequest request, long max) {
    HttpServerResponse response = request.response();
    if (request.version() != HttpVersion.HTTP_2) {
      // The rest of the body is not read: close the connection once the 413 is out.
      response.putHeader("Connection", "close");
      response.endHandler(v -> request.connection().close());
    }
    fail.accept(request, new ComputeException(413, "body_too_large", tooLargeMessage.apply(max)));
  }

  /** Runs {@code work} on a worker thread (chain reads block), then {@code then} on the loop. */
  public <T> void blocking(HttpServerRequest request, Callable<T> work, Consumer<T> then) {
    vertx.executeBlocking(work, false).onComplete(result -> {
      try {
        if (result.failed()) {
          throw result.cause();
        }
        then.accept(result.result());
      } catch (Throwable e) {
        failed(request, e);
      }
    });
  }
}
