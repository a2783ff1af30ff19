package dev.zg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "testnet", mixinStandardHelpOptions = true,
    description = {
      "Run N validators as N separate processes on loopback (zg node --config",
      "DIR/nodeI/config.json each), with the devnet's 20 funded accounts. Makes the keys,",
      "configs and DIR/validators.json on the first run and reuses them afterwards. Writes",
      "DIR/testnet.json ({\"nodes\": [{\"name\", \"rpc\", \"pid\"}, ...]}) once every node",
      "answers JSON-RPC. Stays in the foreground; Ctrl-C stops the validators."})
final class TestnetCommand implements Runnable {
  private static final int VALIDATORS_MAX = 32;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  @Option(names = "--validators", paramLabel = "N", description = "How many validators (default: ${DEFAULT-VALUE}).")
  int validators = 4;

  @Option(names = "--dir", paramLabel = "DIR", required = true, description = "The testnet's folder.")
  Path dir;

  @Option(names = "--base-port", paramLabel = "P",
      description = "Node i listens for JSON-RPC on P+2i and for peers on P+2i+1; 0 picks free ports (default: ${DEFAULT-VALUE}).")
  int basePort = 26650;

  @Option(names = "--chain-id", paramLabel = "ID", description = "Chain id (default: ${DEFAULT-VALUE}).")
  long chainId = DevnetGenesis.DEFAULT_CHAIN_ID;

  @Option(names = "--block-interval", paramLabel = "S", description = "Least seconds between blocks (default: ${DEFAULT-VALUE}).")
  double blockInterval = 0.2;

  @Option(names = "--timeout-propose", paramLabel = "S", description = "Propose timeout in seconds; the vote timeouts are half of it (default: ${DEFAULT-VALUE}).")
  double timeoutPropose = 1.0;

  @Option(names = "--reset", description = "Delete DIR first and make a new testnet.")
  boolean reset;

  /** Test-only, hidden from --help: starts validator I with zg node --byzantine-double-sign. */
  @Option(names = "--byzantine-double-sign", paramLabel = "I", hidden = true,
      description = "TEST ONLY: validator I double-signs (and is slashed and jailed).")
  Integer byzantine;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    if (validators < 1 || validators > VALIDATORS_MAX) {
      throw new UserError("--validators must be 1.." + VALIDATORS_MAX);
    }
    if (basePort != 0 && (basePort < 1024 || basePort + 2 * validators > 65535)) {
      throw new UserError("--base-port must be 0 or leave room for 2 ports per validator");
    }
    if (blockInterval < 0 || blockInterval > 60 || timeoutPropose <= 0 || timeoutPropose > 600) {
      throw new UserError("--block-interval must be 0..60 s and --timeout-propose 0..600 s");
    }
    if (byzantine != null && (byzantine < 0 || byzantine >= validators)) {
      throw new UserError("--byzantine-double-sign must be a validator index 0.." + (validators - 1));
    }
    if (reset) {
      Folders.deleteRecursively(dir);
    }
    Folders.create(dir);
    if (!Files.exists(config(validators - 1))) {
      generate();
    } else if (Files.exists(config(validators))) {
      throw new UserError(dir + " holds a testnet of more than " + validators
          + " validators; use the same --validators or --reset");
    }
    List<Process> children = new ArrayList<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop(children);
      stopped.countDown();
    }, "zg-testnet-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    List<String> rpcs = new ArrayList<>();
    for (int i = 0; i < validators; i++) {
      rpcs.add(rpcUrl(i));
      synchronized (children) {
        children.add(launch(i));
      }
    }
    awaitRpc(rpcs, children);
    writeTestnetJson(rpcs, children);
    out.println("zg testnet: " + validators + " validators, chain id " + chainId);
    for (int i = 0; i < validators; i++) {
      out.println("  node" + i + "  JSON-RPC " + rpcs.get(i) + "  pid " + children.get(i).pid()
          + "  log " + dir.resolve("node" + i).resolve("node.log"));
    }
    out.println("Described in " + dir.resolve("testnet.json") + ". Press Ctrl-C to stop.");
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Path config(int i) {
    return dir.resolve("node" + i).resolve("config.json");
  }

  /** Keys, the validator set and one config per node. */
  private void generate() {
    SecureRandom random = new SecureRandom();
    List<Secp256k1.KeyPair> keys = new ArrayList<>();
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < validators; i++) {
      byte[] secret = new byte[32];
      Secp256k1.KeyPair key;
      do {
        random.nextBytes(secret);
        try {
          key = Secp256k1.KeyPair.fromPrivateKey(secret);
        } catch (IllegalArgumentException e) {
          key = null; // zero or above the group order: draw again
        }
      } while (key == null);
      keys.add(key);
      ports.add(basePort == 0 ? freePort() : basePort + 2 * i);
      ports.add(basePort == 0 ? freePort() : basePort + 2 * i + 1);
    }
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode set = json.createObjectNode();
    ArrayNode list = set.putArray("validators");
    for (Secp256k1.KeyPair key : keys) {
      list.addObject().put("address", key.address().toChecksumHex()).put("power", 100);
    }
    write(json, dir.resolve("validators.json"), set);
    for (int i = 0; i < validators; i++) {
      Path node = dir.resolve("node" + i);
      Folders.create(node);
      try {
        Files.writeString(node.resolve("validator.key"),
            Hex.prefixed(keys.get(i).privateKeyBytes()) + "\n", StandardCharsets.US_ASCII);
      } catch (IOException e) {
        throw new UserError("cannot write a key in " + node + ": " + e.getMessage(), e);
      }
      ObjectNode c = json.createObjectNode();
      c.put("genesis", "devnet");
      c.put("chainId", chainId);
      c.put("dataDir", "data");
      c.put("host", "127.0.0.1");
      c.put("port", ports.get(2 * i));
      c.put("coinbase", keys.get(i).address().toChecksumHex());
      c.put("devAccounts", true);
      ObjectNode v = c.putObject("validator");
      v.put("keyFile", "validator.key");
      v.put("listen", "127.0.0.1:" + ports.get(2 * i + 1));
      ArrayNode peers = v.putArray("peers");
      for (int j = 0; j < validators; j++) {
        if (j != i) {
          peers.add(keys.get(j).address().toChecksumHex() + "@127.0.0.1:" + ports.get(2 * j + 1));
        }
      }
      v.put("validators", "../validators.json");
      v.put("blockInterval", blockInterval);
      ObjectNode t = v.putObject("timeouts");
      double vote = timeoutPropose / 2;
      t.put("propose", timeoutPropose).put("proposeDelta", vote / 2).put("prevote", vote)
          .put("prevoteDelta", vote / 2).put("precommit", vote).put("precommitDelta", vote / 2)
          .put("rebroadcast", vote);
      write(json, config(i), c);
    }
  }

  private String rpcUrl(int i) {
    try {
      JsonNode c = new ObjectMapper().readTree(config(i).toFile());
      return "http://127.0.0.1:" + c.path("port").asInt();
    } catch (IOException e) {
      throw new UserError("cannot read " + config(i) + ": " + e.getMessage(), e);
    }
  }

  private Process launch(int i) {
    Path node = dir.resolve("node" + i);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-Xmx768m", "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"),
        "dev.zg.cli.Main", "node", "--config", config(i).toAbsolutePath().toString()));
    if (byzantine != null && byzantine == i) {
      command.add("--byzantine-double-sign");
    }
    try {
      return new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(node.resolve("node.log").toFile()))
          .start();
    } catch (IOException e) {
      throw new UserError("cannot start node" + i + ": " + e.getMessage(), e);
    }
  }

  /** Waits until every node answers eth_blockNumber; fails if one exits first. */
  private void awaitRpc(List<String> rpcs, List<Process> children) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    for (int i = 0; i < rpcs.size(); i++) {
      while (true) {
        if (!children.get(i).isAlive()) {
          throw new UserError("node" + i + " exited; see " + dir.resolve("node" + i)
              .resolve("node.log"));
        }
        try {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(rpcs.get(i)))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(
                  "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\"}"))
              .build(), HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            break;
          }
        } catch (IOException e) {
          // not listening yet
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UserError("interrupted");
        }
        if (System.nanoTime() > deadline) {
          throw new UserError("node" + i + " did not answer JSON-RPC within " + START_TIMEOUT);
        }
        sleep(100);
      }
    }
  }

  private void writeTestnetJson(List<String> rpcs, List<Process> children) {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("chainId", chainId);
    ArrayNode nodes = root.putArray("nodes");
    for (int i = 0; i < rpcs.size(); i++) {
      nodes.addObject().put("name", "node" + i).put("rpc", rpcs.get(i))
          .put("pid", children.get(i).pid());
    }
    write(json, dir.resolve("testnet.json"), root);
  }

  private static void write(ObjectMapper json, Path target, ObjectNode value) {
    Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
    try {
      json.writeValue(temporary.toFile(), value);
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UserError("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /** SIGTERM to every child (each closes its node), SIGKILL to any still up after 20 s. */
  private static void stop(List<Process> children) {
    List<Process> all;
    synchronized (children) {
      all = List.copyOf(children);
    }
    all.forEach(Process::destroy);
    for (Process p : all) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
      }
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UserError("cannot find a free port: " + e.getMessage(), e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
