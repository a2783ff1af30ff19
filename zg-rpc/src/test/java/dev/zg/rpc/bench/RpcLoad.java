package dev.zg.rpc.bench;

import dev.zg.common.Hash;
import dev.zg.rpc.Json;
import dev.zg.rpc.Param;
import dev.zg.rpc.RpcOptions;
import dev.zg.rpc.RpcServer;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load generator: keep-alive HTTP/1.1 clients on raw sockets (so the client costs little)
 * against an in-process server on loopback, for a trivial method and a
 * sendRawTransaction-shaped one, single requests and batches of 100. Prints requests/s.
 * Bounded in time and only talks to 127.0.0.1.
 *
 * <pre>
 *   ./mvnw -q -pl zg-rpc test-compile dependency:build-classpath \
 *       -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 *   java -cp zg-rpc/target/test-classes:zg-rpc/target/classes:$(cat zg-rpc/target/cp.txt) \
 *       dev.zg.rpc.bench.RpcLoad [seconds=5] [connections=16] [eventLoops=1] [workers=2]
 * </pre>
 */
public final class RpcLoad {
  /** A signed EIP-1559 transfer is about 110 bytes; the payload has that size. */
  private static final String RAW_TX = "0x02f86c" + "ab".repeat(107);

  private RpcLoad() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int eventLoops = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    int workers = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    RpcOptions options = RpcOptions.defaults()
        .withEventLoopThreads(eventLoops).withWorkerThreads(workers);
    try (RpcServer server = new RpcServer(options)) {
      server.register("eth_chainId", (params, ctx) -> "0x40e8");
      server.register("eth_sendRawTransaction", (params, ctx) ->
          Json.hash(Hash.keccak(params.required(0, Param.DATA))));
      server.start();
      System.out.printf("server: %d event loop(s), %d worker(s); %d connections, %d s each%n",
          eventLoops, workers, connections, seconds);
      // The first round warms the JIT up; only the second is reported.
      for (int round = 0; round < 2; round++) {
        boolean report = round == 1;
        if (report) {
          System.out.printf("%-40s %12s %14s%n", "load", "requests/s", "calls/s");
        }
        for (String method : new String[] {"eth_chainId", "eth_sendRawTransaction"}) {
          String params = method.equals("eth_chainId") ? "[]" : "[\"" + RAW_TX + "\"]";
          run(server.port(), method + " single", request(method, params, 1), 1, connections,
              report ? seconds : 2, report);
          run(server.port(), method + " batch of 100", request(method, params, 100), 100,
              connections, report ? seconds : 2, report);
        }
      }
    }
  }

  private static byte[] request(String method, String params, int batch) {
    StringBuilder body = new StringBuilder(batch > 1 ? "[" : "");
    for (int i = 0; i < batch; i++) {
      body.append(i == 0 ? "" : ",").append("{\"jsonrpc\":\"2.0\",\"id\":").append(i)
          .append(",\"method\":\"").append(method).append("\",\"params\":").append(params)
          .append('}');
    }
    if (batch > 1) {
      body.append(']');
    }
    byte[] payload = body.toString().getBytes(StandardCharsets.UTF_8);
    String head = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Content-Length: " + payload.length + "\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[headBytes.length + payload.length];
    System.arraycopy(headBytes, 0, out, 0, headBytes.length);
    System.arraycopy(payload, 0, out, headBytes.length, payload.length);
    return out;
  }

  private static void run(int port, String label, byte[] request, int callsPerRequest,
      int connections, int seconds, boolean report) throws InterruptedException {
    LongAdder done = new LongAdder();
    long warmupEnd = System.nanoTime() + 1_000_000_000L;
    long end = warmupEnd + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      threads.add(Thread.ofPlatform().start(() -> client(port, request, warmupEnd, end, done)));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double perSecond = done.sum() / (double) seconds;
    if (!report) {
      return;
    }
    System.out.printf("%-40s %12.0f %14.0f%n", label, perSecond, perSecond * callsPerRequest);
  }

  private static void client(int port, byte[] request, long warmupEnd, long end,
      LongAdder done) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
      while (true) {
        long now = System.nanoTime();
        if (now > end) {
          return;
        }
        out.write(request);
        out.flush();
        readResponse(in);
        if (now > warmupEnd) {
          done.increment();
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads one response: headers up to the blank line, then Content-Length bytes. */
  private static void readResponse(InputStream in) throws IOException {
    int length = -1;
    StringBuilder line = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c == '\n') {
        String header = line.toString().trim();
        line.setLength(0);
        if (header.isEmpty()) {
          break;
        }
        if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
          length = Integer.parseInt(header.substring(15).trim());
        }
      } else {
        line.append((char) c);
      }
    }
    if (length < 0 || in.readNBytes(length).length != length) {
      throw new IOException("bad response");
    }
  }
}
