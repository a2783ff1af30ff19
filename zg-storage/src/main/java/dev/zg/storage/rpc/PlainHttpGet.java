package dev.zg.storage.rpc;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A small blocking HTTP/1.1 {@code GET} client for bulk binary answers on plain {@code http}:
 * keep-alive connections pooled per host, the head read into a small buffer and a body of
 * declared length read straight into its array. {@code java.net.http} spends about as much CPU
 * per segment on its selector and executor hand-offs as the proof check does; a download
 * calls this once per 256 KiB segment from a few threads, which block anyway.
 *
 * <p>Only what a segment answer needs: no redirects, no chunked or compressed bodies (an
 * answer without a Content-Length is refused), no TLS. Thread-safe.
 */
final class PlainHttpGet {
  /** The status line and headers are at most this long. */
  static final int HEAD_MAX_BYTES = 16 * 1024;
  private static final int IDLE_MAX = 32;
  /** A pooled connection idle longer than this may have been closed by the server. */
  private static final long IDLE_NANOS_MAX = Duration.ofSeconds(20).toNanos();

  /** An answer's status, content type (null when absent) and body. */
  record Answer(int status, String contentType, byte[] body) {}

  private final String host;
  private final int port;
  private final String hostHeader;
  private final int timeoutMillis;
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

  PlainHttpGet(URI base, Duration timeout) {
    if (!"http".equals(base.getScheme()) || base.getHost() == null) {
      throw new IllegalArgumentException("plain GETs are for http:// URLs, got " + base);
    }
    this.host = base.getHost();
    this.port = base.getPort() == -1 ? 80 : base.getPort();
    this.hostHeader = base.getPort() == -1 ? host : host + ":" + port;
    this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
  }

  /**
   * GETs {@code path} (with its query, already encoded). A pooled connection that fails before
   * any answer byte (the server closed it meanwhile) is replaced once by a new one.
   */
  Answer get(String path, int maxBytes) throws IOException {
    if (path.isEmpty() || path.charAt(0) != '/' || path.chars().anyMatch(c -> c <= ' ')) {
      throw new IllegalArgumentException("not a request path: " + path);
    }
    byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader
        + "\r\nAccept: */*\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    Connection pooled = takeIdle();
    if (pooled != null) {
      try {
        return exchange(pooled, request, maxBytes);
      } catch (StaleConnection e) {
        pooled.close(); // the server closed it while it idled: one more try on a new one
      }
    }
    try {
      return exchange(new Connection(open()), request, maxBytes);
    } catch (StaleConnection e) {
      throw new IOException("GET " + path + " on " + hostHeader + ": the connection closed "
          + "before an answer", e.getCause());
    }
  }

  private Answer exchange(Connection c, byte[] request, int maxBytes) throws IOException {
    boolean keep = false;
    try {
      try {
        OutputStream out = c.socket.getOutputStream();
        out.write(request);
        out.flush();
      } catch (IOException e) {
        throw new StaleConnection(e);
      }
      Head head = readHead(c.in);
      if (head.length < 0) {
        throw new IOException("answer without a Content-Length (chunked bodies are not read)");
      }
      if (head.length > maxBytes) {
        throw new IOException("answer of " + head.length + " bytes, more than " + maxBytes);
      }
      byte[] body = new byte[(int) head.length];
      if (c.in.readNBytes(body, 0, body.length) != body.length) {
        throw new IOException("the answer ended after fewer than " + body.length + " bytes");
      }
      keep = !head.close;
      return new Answer(head.status, head.contentType, body);
    } finally {
      if (keep) {
        release(c);
      } else {
        c.close();
      }
    }
  }

  private record Head(int status, String contentType, long length, boolean close) {}

  /** Reads the status line and headers; no byte read at all means a stale connection. */
  private static Head readHead(InputStream in) throws IOException {
    byte[] head = new byte[HEAD_MAX_BYTES];
    int n = 0;
    while (n < 4 || head[n - 4] != '\r' || head[n - 3] != '\n' || head[n - 2] != '\r'
        || head[n - 1] != '\n') {
      int b;
      try {
        b = in.read();
      } catch (IOException e) {
        if (n == 0) {
          throw new StaleConnection(e);
        }
        throw e;
      }
      if (b < 0) {
        if (n == 0) {
          throw new StaleConnection(null);
        }
        throw new IOException("the connection closed inside an answer's head");
      }
      if (n == head.length) {
        throw new IOException("an answer's head is longer than " + HEAD_MAX_BYTES + " bytes");
      }
      head[n++] = (byte) b;
    }
    String[] lines = new String(head, 0, n - 4, StandardCharsets.ISO_8859_1).split("\r\n");
    String[] status = lines[0].split(" ", 3);
    if (status.length < 2 || !status[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x answer: " + lines[0]);
    }
    int code;
    try {
      code = Integer.parseInt(status[1]);
    } catch (NumberFormatException e) {
      throw new IOException("not an HTTP status: " + lines[0]);
    }
    String contentType = null;
    long length = -1;
    String connection = "";
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        throw new IOException("malformed header: " + lines[i]);
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim();
      switch (name) {
        case "content-type" -> contentType = value;
        case "content-length" -> {
          try {
            length = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new IOException("malformed Content-Length: " + value);
          }
          if (length < 0) {
            throw new IOException("malformed Content-Length: " + value);
          }
        }
        case "transfer-encoding" -> length = -1;
        case "connection" -> connection = value.toLowerCase(Locale.ROOT);
        default -> { }
      }
    }
    if (code == 204 || code == 304 || code / 100 == 1) {
      length = 0;
    }
    boolean close = status[0].equals("HTTP/1.0") ? !connection.contains("keep-alive")
        : connection.contains("close");
    return new Head(code, contentType, length, close);
  }

  private Socket open() throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), timeoutMillis);
      socket.setSoTimeout(timeoutMillis);
      socket.setTcpNoDelay(true);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  private Connection takeIdle() {
    Connection c;
    while ((c = idle.pollFirst()) != null) {
      if (System.nanoTime() - c.idleSince < IDLE_NANOS_MAX) {
        return c;
      }
      c.close();
    }
    return null;
  }

  private void release(Connection c) {
    c.idleSince = System.nanoTime();
    idle.addFirst(c);
    while (idle.size() > IDLE_MAX) {
      Connection extra = idle.pollLast();
      if (extra == null) {
        break;
      }
      extra.close();
    }
  }

  /** Closes the pooled connections. */
  void closeIdle() {
    Connection c;
    while ((c = idle.pollFirst()) != null) {
      c.close();
    }
  }

  private static final class Connection {
    final Socket socket;
    final InputStream in;
    long idleSince;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      // Reads of the head are byte by byte from this buffer; a body goes around it in bulk.
      this.in = new BufferedInputStream(socket.getInputStream(), 8192);
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // Nothing more to do with a connection being dropped.
      }
    }
  }

  /** A reused connection the server had closed: no answer byte arrived. */
  private static final class StaleConnection extends IOException {
    StaleConnection(Throwable cause) {
      super("connection closed by the server", cause);
    }
  }
}
