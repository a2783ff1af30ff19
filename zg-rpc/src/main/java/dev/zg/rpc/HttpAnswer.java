package dev.zg.rpc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The answer of an {@link HttpRoute}: status, content type and a body given as buffers that are
 * sent one after the other without being copied together first (a header and a slice of a
 * stored value, say). The buffers must not change until the answer is sent.
 */
public record HttpAnswer(int status, String contentType, List<ByteBuffer> body) {
  public HttpAnswer {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("HTTP status out of 100..599: " + status);
    }
    Objects.requireNonNull(contentType, "contentType");
    body = List.copyOf(body);
  }

  /** A 200 of {@code parts} as {@code contentType}. */
  public static HttpAnswer ok(String contentType, ByteBuffer... parts) {
    return new HttpAnswer(200, contentType, List.of(parts));
  }

  /** A short {@code text/plain} answer (errors), a line ending added. */
  public static HttpAnswer text(int status, String message) {
    return new HttpAnswer(status, "text/plain; charset=utf-8",
        List.of(ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8))));
  }

  /** The body's length in bytes. */
  public long length() {
    long n = 0;
    for (ByteBuffer part : body) {
      n += part.remaining();
    }
    return n;
  }
}
