package dev.zg.storage.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.storage.log.LogStore;
import dev.zg.storage.log.ShardConfig;
import dev.zg.storage.merkle.FileHasher;
import dev.zg.storage.merkle.Submission;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reorganizations, which a single zg node never produces: a chain in memory whose blocks can
 * be replaced (the follower's happy path runs against a real zg chain in StorageNodeTest).
 */
class LogSyncTest {
  private static final Address FLOW = Address.fromHex("0x" + "0f".repeat(20));

  @TempDir
  Path dir;

  @Test
  void entriesOfReorganizedBlocksAreRolledBackAndReplacedByTheNewBranch() throws IOException {
    ForkableChain chain = new ForkableChain();
    chain.mine(List.of());                                // block 1
    chain.mine(List.of(submit(0, 1)));                    // block 2: tx 0
    chain.mine(List.of(submit(1, 2)));                    // block 3: tx 1
    chain.mine(List.of());                                // block 4
    try (LogStore store = LogStore.open(dir, ShardConfig.ALL, 1L << 30)) {
      LogSync sync = new LogSync(chain, FLOW, store, 1, 0, Duration.ofMillis(10));
      while (sync.pollOnce()) {
        // reads until caught up
      }
      assertThat(store.nextTxSeq()).isEqualTo(2);
      assertThat(store.nextBlock()).isEqualTo(4);         // block 4 is 0 confirmations deep

      // Blocks 3.. are replaced: tx 1 is now a different file, one block later.
      chain.rewindTo(2);
      chain.mine(List.of());                              // block 3'
      chain.mine(List.of(submit(1, 3)));                  // block 4': tx 1'
      chain.mine(List.of());                              // block 5'
      chain.mine(List.of());                              // block 6'
      while (sync.pollOnce()) {
        // reads until caught up
      }
      assertThat(store.nextTxSeq()).isEqualTo(2);
      assertThat(store.entry(0).orElseThrow().blockNumber()).isEqualTo(2);
      assertThat(store.entry(1).orElseThrow().blockNumber()).isEqualTo(4);
      assertThat(store.entry(1).orElseThrow().root()).isEqualTo(root(3));
      assertThat(store.txSeqsByRoot(root(2))).isEmpty();
      assertThat(store.blockHash(5)).contains(chain.blockHash(5).orElseThrow());
    }
  }

  // ---- an EVM chain reduced to what the follower reads ----

  private static Hash root(int seed) {
    return FileHasher.usingAllCores().root(file(seed));
  }

  private static byte[] file(int seed) {
    byte[] data = new byte[1000 * seed];
    java.util.Arrays.fill(data, (byte) seed);
    return data;
  }

  private static ChainLog submit(long seq, int seed) {
    Submission s = FileHasher.usingAllCores().submission(file(seed));
    byte[] data = SubmitEvent.encodeData(seq, seq * 1024, s.sectors().longValueExact(), s,
        new byte[0]);
    return new ChainLog(0, Hash.ZERO, 0, List.of(SubmitEvent.TOPIC, Hash.ZERO,
        SubmitEvent.identityOf(s)), data, false);
  }

  private static final class ForkableChain implements ChainSource {
    private final List<Hash> hashes = new ArrayList<>(List.of(Hash.keccak(new byte[] {0})));
    private final List<List<ChainLog>> logs = new ArrayList<>(List.of(List.of()));
    private int forks;

    void mine(List<ChainLog> blockLogs) {
      long number = hashes.size();
      Hash hash = Hash.keccak(("block " + number + " fork " + forks).getBytes());
      hashes.add(hash);
      List<ChainLog> placed = new ArrayList<>();
      for (ChainLog log : blockLogs) {
        placed.add(new ChainLog(number, hash, placed.size(), log.topics(), log.data(), false));
      }
      logs.add(placed);
    }

    void rewindTo(int keep) {
      forks++;
      while (hashes.size() > keep + 1) {
        hashes.remove(hashes.size() - 1);
        logs.remove(logs.size() - 1);
      }
    }

    @Override
    public long chainId() {
      return 1;
    }

    @Override
    public long blockNumber() {
      return hashes.size() - 1;
    }

    @Override
    public Optional<Hash> blockHash(long number) {
      return number < hashes.size() ? Optional.of(hashes.get((int) number)) : Optional.empty();
    }

    @Override
    public List<ChainLog> logs(Address address, Hash topic, long from, long to) {
      List<ChainLog> out = new ArrayList<>();
      for (long n = from; n <= to && n < logs.size(); n++) {
        out.addAll(logs.get((int) n));
      }
      return out;
    }
  }
}
