package dev.zg.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.storage.client.FlowSubmitter;
import dev.zg.storage.client.StorageClient;
import dev.zg.storage.client.StorageNodes;
import dev.zg.storage.indexer.Indexer;
import dev.zg.storage.rpc.JsonRpcClient;
import dev.zg.storage.rpc.SegmentWithProof;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replication acceptance test at process level: a {@code zg devnet} process (chain, Flow
 * contract), three {@code zg storage-node} processes (shards 0/2, 1/2 and 0/1, so every
 * segment is on two nodes) syncing from each other, and an indexer over them. zg's client
 * uploads a multi-segment file with 2 replicas (every node's flow context equals the Flow
 * contract's flowRoot()/flowLength() and its sector proofs verify to that root); one node is
 * killed with SIGKILL; the download
 * through the indexer still succeeds byte-identical; a second file is uploaded while the node
 * is down; restarted, the node has the first file finalized, catches up on the second from its
 * peers and serves its segments.
 */
class StorageReplicationProcessTest {
  private static final Duration GUARD = Duration.ofSeconds(120);
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> RUNNING.forEach(Process::destroyForcibly), "storage-node-reaper"));
  }

  @TempDir
  Path dir;

  @Test
  void killingOneOfThreeReplicatedNodesLosesNothingAndItCatchesUp() throws Exception {
    try (DevnetProcess devnet = DevnetProcess.start(dir.resolve("devnet"))) {
      JsonNode json = new ObjectMapper().readTree(
          dir.resolve("devnet").resolve("devnet.json").toFile());
      Address flow = Address.fromHex(json.at("/contracts/flow").asText());
      int[] ports = {freePort(), freePort(), freePort()};
      String[] shards = {"0/2", "1/2", "0/1"};
      List<String> urls = new ArrayList<>();
      for (int port : ports) {
        urls.add("http://127.0.0.1:" + port);
      }
      List<Path> configs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        List<String> peers = new ArrayList<>(urls);
        peers.remove(i);
        Path config = dir.resolve("node" + i + ".json");
        Files.writeString(config, new ObjectMapper().writeValueAsString(java.util.Map.of(
            "chainRpc", devnet.rpc.toString(), "flowAddress", flow.toHex(),
            "dataDir", "data" + i, "rpcHost", "127.0.0.1", "rpcPort", ports[i],
            "shard", shards[i], "peers", peers, "confirmations", 0,
            "pollIntervalMs", 100)));
        configs.add(config);
      }
      List<Process> nodes = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        nodes.add(startNode(configs.get(i), dir.resolve("node" + i + ".log")));
      }
      for (String url : urls) {
        awaitRpc(url);
      }
      try (Indexer indexer = Indexer.start(urls, "127.0.0.1", 0, Duration.ofMillis(100))) {
        String indexerUrl = "http://127.0.0.1:" + indexer.rpcPort();
        Poll.until(() -> indexer.liveNodes().size() == 3, GUARD);
        Secp256k1.KeyPair payer = Secp256k1.KeyPair.fromPrivateKey(
            new BigInteger(1, Hex.decode(devnet.privateKeys.get(5))));
        FlowSubmitter submitter = new FlowSubmitter(devnet.rpc.toString(), flow, payer);
        StorageClient client = new StorageClient();

        // 5 segments and a bit: segments of both classes, each on two nodes.
        Path first = randomFile(dir.resolve("first.bin"), 5 * 262_144 + 1234, 1);
        StorageClient.Uploaded up = client.upload(first, submitter,
            StorageNodes.fromIndexer(indexerUrl), 2, b -> {});
        for (String url : urls) {
          Poll.until(() -> finalized(url, up.root()), GUARD);
        }
        // Every node's flow is the Flow contract's, and its sector proofs lead to that root.
        JsonRpcClient chain = new JsonRpcClient(devnet.rpc.toString(), Duration.ofSeconds(30));
        Hash onChainRoot = Hash.fromHex(ethCall(chain, flow, "flowRoot()"));
        long onChainLength = new BigInteger(1,
            Hex.decode(ethCall(chain, flow, "flowLength()"))).longValueExact();
        for (String url : urls) {
          JsonNode context = new JsonRpcClient(url, Duration.ofSeconds(30))
              .call("zgs_getFlowContext");
          assertThat(context.get(0).asText()).isEqualTo(onChainRoot.toHex());
          assertThat(context.get(1).asLong()).isEqualTo(onChainLength);
        }
        long firstSector = new JsonRpcClient(urls.get(2), Duration.ofSeconds(30))
            .call("zgs_getFileInfo", up.root().toHex(), true).at("/tx/startEntryIndex").asLong();
        byte[] firstBytes = Files.readAllBytes(first);
        for (long c : new long[] {0, 1500, (firstBytes.length - 1) / 256}) {
          JsonNode proof = new JsonRpcClient(urls.get(2), Duration.ofSeconds(30))
              .call("zgs_getSectorProof", firstSector + c, onChainRoot.toHex());
          List<Hash> lemma = new ArrayList<>();
          proof.get("lemma").forEach(h -> lemma.add(Hash.fromHex(h.asText())));
          List<Boolean> path = new ArrayList<>();
          proof.get("path").forEach(b -> path.add(b.asBoolean()));
          byte[] chunk = Arrays.copyOf(Arrays.copyOfRange(firstBytes, (int) (c * 256),
              (int) Math.min(firstBytes.length, c * 256 + 256)), 256);
          assertThat(new dev.zg.storage.merkle.MerkleProof(lemma, path).verify(onChainRoot,
              Hash.keccak(chunk), firstSector + c, Long.highestOneBit(onChainLength - 1) << 1))
              .isEqualTo(dev.zg.storage.merkle.ProofCheck.VALID);
        }

        // SIGKILL the 1/2 node: its segments are still on the 0/1 node.
        Process victim = nodes.get(1);
        victim.destroyForcibly();
        assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Poll.until(() -> indexer.liveNodes().size() == 2, GUARD);
        Path copy = dir.resolve("copy.bin");
        client.download(up.root(), copy, StorageNodes.fromIndexer(indexerUrl), b -> {});
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(first));

        // A second file while it is down (one replica: the survivors cover every segment).
        Path second = randomFile(dir.resolve("second.bin"), 3 * 262_144 + 77, 2);
        StorageClient.Uploaded up2 = client.upload(second, submitter,
            StorageNodes.fromIndexer(indexerUrl), 1, b -> {});
        Poll.until(() -> finalized(urls.get(2), up2.root()), GUARD);

        nodes.set(1, startNode(configs.get(1), dir.resolve("node1.log")));
        awaitRpc(urls.get(1));
        assertThat(finalized(urls.get(1), up.root())).isTrue();
        Poll.until(() -> finalized(urls.get(1), up2.root()), GUARD);
        JsonRpcClient restarted = new JsonRpcClient(urls.get(1), Duration.ofSeconds(30));
        JsonNode info = restarted.call("zgs_getFileInfo", up2.root().toHex(), true);
        long startSeg = info.at("/tx/startEntryIndex").asLong() / 1024;
        byte[] bytes = Files.readAllBytes(second);
        int served = 0;
        for (long i = 0; i < 4; i++) {
          JsonNode seg = restarted.call("zgs_downloadSegmentWithProof", up2.root().toHex(), i);
          if ((startSeg + i) % 2 == 1) {
            byte[] data = SegmentWithProof.parse(seg).data();
            int from = (int) (i * 262_144);
            assertThat(Arrays.copyOf(data, Math.min(data.length, bytes.length - from)))
                .isEqualTo(Arrays.copyOfRange(bytes, from, Math.min(bytes.length,
                    from + data.length)));
            served++;
          } else {
            assertThat(seg.isNull()).isTrue();
          }
        }
        assertThat(served).isEqualTo(2);
      } finally {
        for (Process p : nodes) {
          p.destroy();
          if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        }
      }
    }
  }

  private static String ethCall(JsonRpcClient chain, Address to, String signature)
      throws IOException {
    String data = Hex.prefixed(Arrays.copyOf(dev.zg.common.Keccak256.hash(
        signature.getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 4));
    return chain.call("eth_call", java.util.Map.of("to", to.toHex(), "data", data), "latest")
        .asText();
  }

  private static Process startNode(Path config, Path log) throws IOException {
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"),
        "dev.zg.cli.Main", "storage-node", "--config", config.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    RUNNING.add(p);
    p.onExit().thenRun(() -> RUNNING.remove(p));
    return p;
  }

  private static void awaitRpc(String url) {
    JsonRpcClient rpc = new JsonRpcClient(url, Duration.ofSeconds(5));
    Poll.until(() -> {
      try {
        rpc.call("zgs_getStatus");
        return true;
      } catch (IOException e) {
        return false;
      }
    }, GUARD);
  }

  private static boolean finalized(String url, Hash root) {
    try {
      JsonNode info = new JsonRpcClient(url, Duration.ofSeconds(30))
          .call("zgs_getFileInfo", root.toHex(), true);
      return info != null && !info.isNull() && info.get("finalized").asBoolean();
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Path randomFile(Path path, long size, long seed) {
    byte[] data = new byte[(int) size];
    new Random(seed).nextBytes(data);
    try {
      Files.write(path, data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return path;
  }
}
