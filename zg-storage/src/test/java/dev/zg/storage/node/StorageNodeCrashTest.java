package dev.zg.storage.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.storage.log.ShardConfig;
import dev.zg.storage.rpc.JsonRpcClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A storage node in its own JVM is killed with SIGKILL right after acknowledging uploads;
 * reopened, it has every acknowledged segment and the chain position it had reached.
 */
class StorageNodeCrashTest {
  @TempDir
  Path dir;

  @Test
  void everyAcknowledgedSegmentSurvivesKillMinus9() throws Exception {
    try (TestChain chain = new TestChain()) {
      byte[] data = new byte[1_000_000];
      new Random(21).nextBytes(data);
      TestChain.Submitted file = chain.submit(data);
      chain.mine(2);
      Path folder = dir.resolve("node");
      Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin",
          "java").toString(), "-cp", System.getProperty("java.class.path"),
          StorageNodeProcessMain.class.getName(), chain.rpcUrl(), chain.flowAddress().toHex(),
          folder.toString()).redirectErrorStream(true).start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8));
        String url = null;
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith("READY ")) {
            url = line.substring(6);
            break;
          }
        }
        assertThat(url).as("the node process started").isNotNull();
        Thread.ofPlatform().daemon().start(() -> out.lines().forEach(l -> { }));
        JsonRpcClient rpc = new JsonRpcClient(url, Duration.ofSeconds(30));
        Await.until("the node to index the file", () -> {
          try {
            return !rpc.call("zgs_getFileInfoByTxSeq", file.txSeq()).isNull();
          } catch (IOException e) {
            return false;
          }
        });
        for (long i = 0; i < 3; i++) {
          rpc.call("zgs_uploadSegmentsByTxSeq", Segments.array(Segments.json(file, i)),
              file.txSeq());
        }
      } finally {
        process.destroyForcibly().waitFor();
      }

      StorageNode node = StorageNode.start(StorageNodeConfig.defaults(chain.rpcUrl(),
          chain.flowAddress(), folder).withRpcPort(0).withShard(ShardConfig.ALL)
          .withConfirmations(1).withPollInterval(Duration.ofMillis(50)));
      try (node) {
        JsonRpcClient rpc = new JsonRpcClient(node.rpcUrl(), Duration.ofSeconds(30));
        JsonNode info = rpc.call("zgs_getFileInfoByTxSeq", file.txSeq());
        assertThat(info.get("uploadedSegNum").asLong()).isEqualTo(3);
        assertThat(info.get("finalized").asBoolean()).isFalse();
        byte[] back = Base64.getDecoder().decode(
            rpc.call("zgs_downloadSegmentByTxSeq", file.txSeq(), 1024, 2048).asText());
        assertThat(back).isEqualTo(Arrays.copyOfRange(data, 262_144, 524_288));
        rpc.call("zgs_uploadSegmentsByTxSeq", Segments.array(Segments.json(file, 3)),
            file.txSeq());
        assertThat(rpc.call("zgs_getFileInfoByTxSeq", file.txSeq()).get("finalized")
            .asBoolean()).isTrue();
        assertThat(node.store().nextTxSeq()).isEqualTo(1);
        assertThat(node.store().txSeqsByRoot(file.tree().root())).isEqualTo(List.of(0L));
      }
    }
  }
}
