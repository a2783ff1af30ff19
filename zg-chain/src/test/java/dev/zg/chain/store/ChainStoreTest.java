package dev.zg.chain.store;

import static dev.zg.chain.testkit.ChainFixtures.child;
import static dev.zg.chain.testkit.ChainFixtures.key;
import static dev.zg.chain.testkit.ChainFixtures.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.chain.block.Block;
import dev.zg.chain.block.BlockHeader;
import dev.zg.chain.block.IndexedLog;
import dev.zg.chain.exec.BlockExecution;
import dev.zg.chain.exec.BlockExecutor;
import dev.zg.chain.exec.ExecutionMode;
import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.chain.testkit.ChainFixtures;
import dev.zg.chain.tx.Transaction;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import dev.zg.state.kv.Column;
import dev.zg.state.kv.KeyValueStore;
import dev.zg.state.kv.MemoryKeyValueStore;
import dev.zg.state.kv.RocksKeyValueStore;
import dev.zg.state.kv.WriteBatch;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainStoreTest {
  private static final Address BOB = Address.fromHex("0x00000000000000000000000000000000000b0b00");

  @TempDir
  Path folder;

  static BlockExecution addBlock(ChainStore chain, List<Transaction> txs) {
    BlockExecutor executor = new BlockExecutor(ChainFixtures.CHAIN_ID, chain.worldState());
    BlockHeader parent = chain.head();
    try (WriteBatch batch = chain.newBatch()) {
      BlockExecution result = executor.execute(parent.stateRoot(), child(parent, 30_000_000),
          txs, ExecutionMode.BUILD, chain.blockHashes(), batch);
      chain.commitBlock(result.block(), result.receipts(), batch);
      return result;
    }
  }

  @Test
  void storesAndReadsBlocksReceiptsAndTransactions() {
    ChainStore chain = ChainStore.open(new MemoryKeyValueStore(), DevnetGenesis.create());
    BlockHeader genesis = chain.head();
    assertThat(genesis.number()).isZero();
    assertThat(chain.genesisHash()).isEqualTo(genesis.hash());
    Transaction t1 = transfer(0, 0, BOB, 10);
    Transaction t2 = transfer(1, 0, BOB, 20);
    BlockExecution one = addBlock(chain, List.of(t1, t2));
    Block block = one.block();
    assertThat(chain.head()).isEqualTo(block.header());
    assertThat(chain.canonicalHash(1)).contains(block.hash());
    assertThat(chain.header(1)).contains(block.header());
    assertThat(chain.block(block.hash()).orElseThrow().encode()).isEqualTo(block.encode());
    assertThat(chain.receipts(block.hash())).contains(one.receipts());
    IndexedTransaction found = chain.transaction(t2.hash()).orElseThrow();
    assertThat(found.transaction()).isEqualTo(t2);
    assertThat(found.index()).isEqualTo(1);
    assertThat(found.blockNumber()).isEqualTo(1);
    assertThat(found.receipt().from()).isEqualTo(key(1).address());
    assertThat(chain.transaction(Hash.ZERO)).isEmpty();
    assertThat(chain.canonicalHash(2)).isEmpty();
    assertThat(chain.blockHashes().hash(0)).isEqualTo(genesis.hash());
  }

  @Test
  void rejectsBlocksThatDoNotExtendTheHead() {
    ChainStore chain = ChainStore.open(new MemoryKeyValueStore(), DevnetGenesis.create());
    BlockExecution one = addBlock(chain, List.of(transfer(0, 0, BOB, 1)));
    try (WriteBatch batch = chain.newBatch()) {
      assertThatThrownBy(() -> chain.commitBlock(one.block(), one.receipts(), batch))
          .hasMessageContaining("does not extend the head");
    }
  }

  @Test
  void logQueriesUseBloomsAndLimits() {
    ChainStore chain = ChainStore.open(new MemoryKeyValueStore(), DevnetGenesis.create());
    addBlock(chain, List.of(ChainFixtures.dynamic(key(2), 0, null, BigInteger.ZERO,
        ChainFixtures.STORE_AND_LOG_INIT, 200_000)));
    Address contract = ChainFixtures.createAddress(key(2).address(), 0);
    for (int b = 0; b < 3; b++) {
      addBlock(chain, List.of(
          ChainFixtures.dynamic(key(2), 1 + b, contract, BigInteger.ZERO, new byte[32], 100_000),
          transfer(3, b, BOB, 1)));
    }
    List<IndexedLog> all = chain.logs(LogFilter.range(0, 10));
    assertThat(all).hasSize(3);
    assertThat(all).extracting(IndexedLog::blockNumber).containsExactly(2L, 3L, 4L);
    Hash seven = Hash.wrap(UInt256.valueOf(7).toBytes32());
    LogFilter byTopic = new LogFilter(0, 4, Set.of(contract), List.of(Set.of(seven)));
    assertThat(chain.logs(byTopic)).hasSize(3);
    LogFilter other = new LogFilter(0, 4, Set.of(BOB), List.of());
    assertThat(chain.logs(other)).isEmpty();
    LogFilter wrongTopic = new LogFilter(0, 4, Set.of(), List.of(Set.of(), Set.of(seven)));
    assertThat(chain.logs(wrongTopic)).isEmpty();
    assertThatThrownBy(() -> chain.logs(LogFilter.range(0, 4), 2, 100))
        .isInstanceOf(LogQueryException.class).hasMessageContaining("more than 2 blocks");
    assertThatThrownBy(() -> chain.logs(LogFilter.range(0, 4), 100, 2))
        .isInstanceOf(LogQueryException.class).hasMessageContaining("more than 2 logs");
  }

  @Test
  void reopeningResumesFromTheHeadAndRefusesAnotherGenesis() {
    Hash head;
    Hash stateRoot;
    try (KeyValueStore kv = open()) {
      ChainStore chain = ChainStore.open(kv, DevnetGenesis.create());
      addBlock(chain, List.of(transfer(0, 0, BOB, 5)));
      addBlock(chain, List.of(transfer(0, 1, BOB, 6)));
      head = chain.head().hash();
      stateRoot = chain.head().stateRoot();
    }
    try (KeyValueStore kv = open()) {
      ChainStore chain = ChainStore.open(kv, DevnetGenesis.create());
      assertThat(chain.head().hash()).isEqualTo(head);
      assertThat(chain.head().number()).isEqualTo(2);
      assertThat(chain.worldState().view(stateRoot).account(BOB).balance())
          .isEqualTo(UInt256.valueOf(11));
      addBlock(chain, List.of(transfer(0, 2, BOB, 7)));
      assertThat(chain.head().number()).isEqualTo(3);
    }
    try (KeyValueStore kv = open()) {
      assertThatThrownBy(() -> ChainStore.open(kv, DevnetGenesis.create(16600)))
          .isInstanceOf(ChainMismatchException.class)
          .hasMessageContaining("chain id 16600").hasMessageContaining("another folder");
      var otherAlloc = new dev.zg.chain.genesis.Genesis(31337, 0, 30_000_000,
          BigInteger.ONE, new byte[0], Address.ZERO, Hash.ZERO, BigInteger.ZERO,
          java.util.Map.of());
      assertThatThrownBy(() -> ChainStore.open(kv, otherAlloc))
          .isInstanceOf(ChainMismatchException.class).hasMessageContaining("genesis block");
    }
  }

  private RocksKeyValueStore open() {
    return RocksKeyValueStore.open(folder, ChainStore.COLUMNS.toArray(new Column[0]));
  }
}
