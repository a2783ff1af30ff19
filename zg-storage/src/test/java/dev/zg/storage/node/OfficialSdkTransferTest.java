package dev.zg.storage.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.storage.indexer.Indexer;
import dev.zg.storage.log.ShardConfig;
import dev.zg.storage.merkle.StorageSpec;
import dev.zg.storage.rpc.JsonRpcClient;
import dev.zg.storage.testing.OfficialSdk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official SDK, unchanged, against two zg storage nodes (numShard 2) behind a zg indexer:
 * it uploads a file whose Flow entry exists (skipTx, since the test chain's stand-in for Flow
 * has no submit) and downloads it back with proofs; it also downloads a file zg's own RPC
 * calls uploaded.
 */
class OfficialSdkTransferTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @Test
  void theSdkUploadsAndDownloadsThroughTheIndexer() throws IOException {
    TestChain chain = new TestChain();
    open.add(chain);
    StorageNode even = node(chain, "even", new ShardConfig(0, 2));
    StorageNode odd = node(chain, "odd", new ShardConfig(1, 2));
    Indexer indexer = Indexer.start(List.of(even.rpcUrl(), odd.rpcUrl()), "127.0.0.1", 0,
        Duration.ofMillis(100));
    open.add(indexer);
    String indexerUrl = "http://127.0.0.1:" + indexer.rpcPort();

    // Four data segments, two per shard: SDK 1.2.8 interleaves the nodes' tasks up to the
    // shortest list and drops the rest, so unequal shares would never finalize.
    byte[] data = new byte[1_000_000];
    new Random(11).nextBytes(data);
    TestChain.Submitted bySdk = chain.submit(data);
    byte[] other = new byte[500_001];
    new Random(12).nextBytes(other);
    TestChain.Submitted byZg = chain.submit(other);
    chain.mine(2);
    for (StorageNode n : List.of(even, odd)) {
      awaitIndexed(n, bySdk);
      awaitIndexed(n, byZg);
    }

    Path file = Files.write(dir.resolve("upload.bin"), data);
    String key = "0x" + String.format("%064x", DevnetGenesis.accounts().get(2).privateKey());
    JsonNode up = result(OfficialSdk.runScript("sdk-transfer.mjs",
        List.of("upload", indexerUrl, chain.rpcUrl(), key, file.toString())));
    assertThat(up.path("error").asText(null)).isNull();
    assertThat(up.get("rootHash").asText()).isEqualTo(bySdk.tree().root().toHex());
    assertThat(up.get("txSeq").asLong()).isEqualTo(bySdk.txSeq());

    long startSeg = byZg.startPos() / StorageSpec.SEGMENT_CHUNKS;
    for (long i = 0; i < byZg.tree().layout().dataSegments(); i++) {
      StorageNode owner = (startSeg + i) % 2 == 0 ? even : odd;
      new JsonRpcClient(owner.rpcUrl(), Duration.ofSeconds(30)).call(
          "zgs_uploadSegmentsByTxSeq", Segments.array(Segments.json(byZg, i)), byZg.txSeq());
    }

    for (TestChain.Submitted s : List.of(bySdk, byZg)) {
      Path out = dir.resolve("download-" + s.txSeq() + ".bin");
      JsonNode down = result(OfficialSdk.runScript("sdk-transfer.mjs",
          List.of("download", indexerUrl, s.tree().root().toHex(), out.toString())));
      assertThat(down.path("error").asText(null)).isNull();
      assertThat(Files.readAllBytes(out)).isEqualTo(s.data());
    }
  }

  private StorageNode node(TestChain chain, String name, ShardConfig shard) {
    StorageNode node = StorageNode.start(StorageNodeConfig.defaults(chain.rpcUrl(),
        chain.flowAddress(), dir.resolve(name)).withRpcPort(0).withShard(shard)
        .withConfirmations(1).withPollInterval(Duration.ofMillis(50)));
    open.add(node);
    return node;
  }

  private static void awaitIndexed(StorageNode node, TestChain.Submitted file) {
    Await.until("tx " + file.txSeq() + " on " + node.rpcUrl(),
        () -> node.store().entry(file.txSeq()).isPresent());
  }

  private static JsonNode result(String stdout) throws IOException {
    List<String> lines = stdout.lines().filter(l -> l.startsWith("{")).toList();
    assertThat(lines).as("SDK output:\n" + stdout).isNotEmpty();
    return JSON.readTree(lines.get(lines.size() - 1));
  }
}
