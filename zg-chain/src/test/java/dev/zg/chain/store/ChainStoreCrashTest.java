package dev.zg.chain.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.chain.block.Block;
import dev.zg.chain.block.BlockHeader;
import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.common.UInt256;
import dev.zg.state.kv.Column;
import dev.zg.state.kv.RocksKeyValueStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM commits blocks in a loop and is killed with SIGKILL mid-stream; reopening finds
 * a head at least as far as the last block it reported, and every block up to the head whole.
 */
class ChainStoreCrashTest {
  @TempDir
  Path folder;

  @Test
  void aKilledWriterLeavesAConsistentChain() throws Exception {
    Path db = folder.resolve("chain");
    long reported = runAndKill(db, 25);
    long again = runAndKill(db, 10);
    try (RocksKeyValueStore kv = RocksKeyValueStore.open(db,
        ChainStore.COLUMNS.toArray(new Column[0]))) {
      ChainStore chain = ChainStore.open(kv, DevnetGenesis.create());
      BlockHeader head = chain.head();
      assertThat(head.number()).isGreaterThanOrEqualTo(Math.max(reported, again));
      for (long n = 1; n <= head.number(); n++) {
        Block block = chain.block(n).orElseThrow();
        assertThat(block.header().parentHash()).isEqualTo(chain.canonicalHash(n - 1).get());
        assertThat(chain.receipts(block.hash()).orElseThrow()).hasSize(2);
        assertThat(chain.transaction(block.transactions().get(1).hash())).isPresent();
      }
      // Two transfers of 1 neuron per block, so the sink's balance counts the blocks.
      assertThat(chain.worldState().view(head.stateRoot()).account(CrashingChainWriter.SINK)
          .balance()).isEqualTo(UInt256.valueOf(2 * head.number()));
    }
  }

  /** Starts a writer, waits for {@code blocks} reported commits, kills it; returns the last. */
  private static long runAndKill(Path db, int blocks) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CrashingChainWriter.class.getName(), db.toString()).redirectErrorStream(true).start();
    long last = -1;
    int seen = 0;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (seen < blocks && (line = out.readLine()) != null) {
        if (line.startsWith("committed ")) {
          last = Long.parseLong(line.substring("committed ".length()));
          seen++;
        }
      }
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(seen).as("blocks the child reported").isEqualTo(blocks);
    return last;
  }
}
