package dev.zg.storage.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bulk GET client against a socket server that answers each request line with what the
 * test scripts: keep-alive reuse, a server that drops idle connections, and refused answers.
 */
class PlainHttpGetTest {
  private ServerSocket server;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  /** Serves each connection on its own thread; {@code answer} maps a path to raw bytes. */
  private PlainHttpGet serve(Function<String, String> answer, boolean closeAfterEach)
      throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().start(() -> {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          connections.incrementAndGet();
          Thread.ofPlatform().daemon().start(() -> handle(socket, answer, closeAfterEach));
        } catch (IOException e) {
          return;
        }
      }
    });
    return new PlainHttpGet(URI.create("http://127.0.0.1:" + server.getLocalPort()),
        Duration.ofSeconds(10));
  }

  private void handle(Socket socket, Function<String, String> answer, boolean closeAfterEach) {
    try (socket) {
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.ISO_8859_1));
      OutputStream out = socket.getOutputStream();
      String line;
      while ((line = in.readLine()) != null) {
        requests.add(line);
        while (!in.readLine().isEmpty()) {
          // headers
        }
        out.write(answer.apply(line.split(" ")[1]).getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        if (closeAfterEach) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static String ok(String body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: "
        + body.length() + "\r\n\r\n" + body;
  }

  @Test
  void answersComeBackWholeOverOneKeptAliveConnection() throws IOException {
    PlainHttpGet get = serve(path -> ok("body of " + path), false);
    for (int i = 0; i < 5; i++) {
      PlainHttpGet.Answer answer = get.get("/x/" + i, 1024);
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.contentType()).isEqualTo("application/octet-stream");
      assertThat(new String(answer.body(), StandardCharsets.ISO_8859_1))
          .isEqualTo("body of /x/" + i);
    }
    assertThat(connections.get()).isEqualTo(1);
    assertThat(requests).first().isEqualTo("GET /x/0 HTTP/1.1");
  }

  @Test
  void aConnectionTheServerClosedIsReplacedOnce() throws IOException {
    PlainHttpGet get = serve(path -> ok(path), true);
    for (int i = 0; i < 3; i++) {
      assertThat(get.get("/" + i, 1024).body()).hasSize(2);
    }
    assertThat(connections.get()).isEqualTo(3);
  }

  @Test
  void noContentAndErrorsAreAnswersToo() throws IOException {
    PlainHttpGet get = serve(path -> path.equals("/none") ? "HTTP/1.1 204 No Content\r\n\r\n"
        : "HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\nConnection: close\r\n\r\nnope", false);
    PlainHttpGet.Answer none = get.get("/none", 10);
    assertThat(none.status()).isEqualTo(204);
    assertThat(none.body()).isEmpty();
    PlainHttpGet.Answer missing = get.get("/missing", 10);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.contentType()).isNull();
    assertThat(missing.body()).asString().isEqualTo("nope");
  }

  @Test
  void oversizedChunkedAndMalformedAnswersAreRefused() throws IOException {
    PlainHttpGet get = serve(path -> switch (path) {
      case "/big" -> ok("0123456789");
      case "/chunked" -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n";
      case "/short" -> "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\nabc";
      case "/long-head" -> "HTTP/1.1 200 OK\r\nX: " + "a".repeat(PlainHttpGet.HEAD_MAX_BYTES)
          + "\r\n\r\n";
      default -> "SPDY nonsense\r\n\r\n";
    }, true);
    assertThatThrownBy(() -> get.get("/big", 5)).hasMessageContaining("more than 5");
    assertThatThrownBy(() -> get.get("/chunked", 100)).hasMessageContaining("Content-Length");
    assertThatThrownBy(() -> get.get("/short", 100)).hasMessageContaining("fewer than 10");
    assertThatThrownBy(() -> get.get("/long-head", 100)).hasMessageContaining("head is longer");
    assertThatThrownBy(() -> get.get("/other", 100)).hasMessageContaining("not an HTTP/1.x");
    assertThatThrownBy(() -> get.get("no-slash", 100))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> get.get("/a b", 100)).isInstanceOf(IllegalArgumentException.class);
  }
}
