package dev.zg.chain.exec;

import static dev.zg.chain.testkit.ChainFixtures.COINBASE;
import static dev.zg.chain.testkit.ChainFixtures.GWEI;
import static dev.zg.chain.testkit.ChainFixtures.child;
import static dev.zg.chain.testkit.ChainFixtures.key;
import static dev.zg.chain.testkit.ChainFixtures.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.chain.block.Block;
import dev.zg.chain.block.BlockHeader;
import dev.zg.chain.block.InvalidBlockException;
import dev.zg.chain.block.LogsBloom;
import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.chain.state.StateView;
import dev.zg.chain.store.ChainStore;
import dev.zg.chain.testkit.ChainFixtures;
import dev.zg.chain.tx.Transaction;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import dev.zg.evm.interpreter.Halt;
import dev.zg.evm.state.MemoryWorld;
import dev.zg.state.kv.MemoryKeyValueStore;
import dev.zg.state.kv.WriteBatch;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlockExecutorTest {
  private static final Address BOB = Address.fromHex("0x00000000000000000000000000000000000b0b00");

  private ChainStore chain;
  private BlockExecutor executor;

  @BeforeEach
  void setUp() {
    chain = ChainStore.open(new MemoryKeyValueStore(), DevnetGenesis.create());
    executor = new BlockExecutor(ChainFixtures.CHAIN_ID, chain.worldState());
  }

  private BlockExecution build(List<Transaction> txs) {
    return run(txs, ExecutionMode.BUILD, 30_000_000);
  }

  private BlockExecution run(List<Transaction> txs, ExecutionMode mode, long gasLimit) {
    BlockHeader parent = chain.head();
    try (WriteBatch batch = chain.newBatch()) {
      BlockExecution result = executor.execute(parent.stateRoot(), child(parent, gasLimit), txs,
          mode, chain.blockHashes(), batch);
      chain.commitBlock(result.block(), result.receipts(), batch);
      return result;
    }
  }

  @Test
  void transfersMoveValueAndPayTheCoinbaseItsTip() {
    Address alice = key(0).address();
    BlockExecution result = build(List.of(transfer(0, 0, BOB, 1000), transfer(0, 1, BOB, 500),
        ChainFixtures.legacy(key(1), 0, BOB, 7)));
    assertThat(result.skipped()).isEmpty();
    assertThat(result.executed()).hasSize(3).allMatch(ExecutedTransaction::success);
    assertThat(result.gasUsed()).isEqualTo(63_000);
    assertThat(result.block().header().transactionsRoot()).isNotEqualTo(Hash.EMPTY_TRIE_ROOT);
    assertThat(result.block().header().logsBloom()).isEqualTo(LogsBloom.EMPTY);
    assertThat(result.receipts().get(2).receipt().cumulativeGasUsed()).isEqualTo(63_000);

    StateView state = chain.worldState().view(chain.head().stateRoot());
    assertThat(state.account(BOB).balance()).isEqualTo(UInt256.valueOf(1507));
    BigInteger baseFee = result.block().header().baseFeePerGas();
    BigInteger spent = BigInteger.valueOf(42_000).multiply(baseFee.add(GWEI))
        .add(BigInteger.valueOf(1500));
    assertThat(state.account(alice).balance().toBigInteger())
        .isEqualTo(DevnetGenesis.ACCOUNT_BALANCE.toBigInteger().subtract(spent));
    assertThat(state.account(alice).nonce()).isEqualTo(2);
    // Tips: 1 gwei for the two EIP-1559 transfers; the legacy one pays 10 gwei - base fee.
    BigInteger legacyTip = GWEI.multiply(BigInteger.TEN).subtract(baseFee);
    assertThat(state.account(COINBASE).balance().toBigInteger()).isEqualTo(
        GWEI.multiply(BigInteger.valueOf(42_000))
            .add(legacyTip.multiply(BigInteger.valueOf(21_000))));
  }

  @Test
  void theEndOfBlockHookSeesTheExtraDataAndThePriorityFees() {
    List<BlockEndHook.BlockEnd> seen = new ArrayList<>();
    BlockEndHook hook = new BlockEndHook() {
      @Override
      public void endBlock(dev.zg.evm.state.EvmState state, dev.zg.evm.BlockEnv block) {
        throw new AssertionError("the executor calls the three-argument form");
      }

      @Override
      public void endBlock(dev.zg.evm.state.EvmState state, dev.zg.evm.BlockEnv block,
          BlockEnd end) {
        seen.add(end);
      }
    };
    BlockExecutor hooked = new BlockExecutor(ChainFixtures.CHAIN_ID, chain.worldState(),
        new dev.zg.evm.TransactionProcessor(dev.zg.evm.precompile.Precompiles.cancun().asMap(),
            new dev.zg.evm.interpreter.CodeCache(1 << 20)),
        java.util.concurrent.ForkJoinPool.commonPool(), hook);
    BlockHeader parent = chain.head();
    BlockHeader header = child(parent, 30_000_000).toBuilder()
        .extraData(new byte[] {'z', 'g', 7}).build();
    List<Transaction> txs = List.of(transfer(0, 0, BOB, 1000),
        ChainFixtures.legacy(key(1), 0, BOB, 7));
    try (WriteBatch batch = chain.newBatch()) {
      BlockExecution result = hooked.execute(parent.stateRoot(), header, txs,
          ExecutionMode.BUILD, chain.blockHashes(), batch);
      BigInteger baseFee = result.block().header().baseFeePerGas();
      // What the coinbase received: 1 gwei a gas for the EIP-1559 transfer, 10 gwei - base
      // fee for the legacy one.
      BigInteger tips = GWEI.multiply(BigInteger.valueOf(21_000)).add(GWEI.multiply(
          BigInteger.TEN).subtract(baseFee).multiply(BigInteger.valueOf(21_000)));
      assertThat(seen).hasSize(1);
      assertThat(seen.get(0).priorityFees()).isEqualTo(tips);
      assertThat(seen.get(0).extraData()).containsExactly('z', 'g', 7);
    }
  }

  @Test
  void stateRootMatchesTheReferenceWorld() {
    MemoryWorld reference = new MemoryWorld();
    DevnetGenesis.create().alloc().forEach((address, account) -> reference.put(address,
        account.nonce(), account.balance(), account.code(), account.storage()));
    for (int block = 0; block < 3; block++) {
      List<Transaction> txs = new ArrayList<>();
      for (int sender = 0; sender < 5; sender++) {
        Address to = Address.fromHex(String.format("0x%040x", 0x1000 + sender * 7 + block));
        txs.add(transfer(sender, block, sender == 0 ? COINBASE : to, 1 + block));
      }
      BlockExecution result = build(txs);
      reference.apply(result.stateChanges());
      assertThat(result.stateRoot()).isEqualTo(reference.stateRoot());
    }
  }

  @Test
  void deploysAContractThatStoresAndLogs() {
    Transaction deploy = ChainFixtures.dynamic(key(2), 0, null, BigInteger.ZERO,
        ChainFixtures.STORE_AND_LOG_INIT, 200_000);
    Address contract = ChainFixtures.createAddress(key(2).address(), 0);
    BlockExecution first = build(List.of(deploy));
    ExecutedTransaction created = first.executed().get(0);
    assertThat(created.success()).isTrue();
    assertThat(created.contractAddress()).isEqualTo(contract);
    assertThat(created.receipt().contractAddress()).isEqualTo(contract);
    StateView state = chain.worldState().view(chain.head().stateRoot());
    assertThat(state.code(contract)).isEqualTo(ChainFixtures.STORE_AND_LOG_RUNTIME);

    byte[] word = UInt256.valueOf(0xabcdef).toBytes32();
    Transaction call = ChainFixtures.dynamic(key(2), 1, contract, BigInteger.ZERO, word, 100_000);
    Transaction call2 = ChainFixtures.dynamic(key(3), 0, contract, BigInteger.ZERO, word, 100_000);
    BlockExecution second = build(List.of(call, call2));
    assertThat(second.executed()).allMatch(ExecutedTransaction::success);
    assertThat(second.logs()).hasSize(2);
    assertThat(second.logs().get(1).logIndex()).isEqualTo(1);
    assertThat(second.logs().get(1).transactionIndex()).isEqualTo(1);
    assertThat(second.logs().get(0).log().topics()).containsExactly(Hash.wrap(
        UInt256.valueOf(7).toBytes32()));
    assertThat(second.block().header().logsBloom().mayContain(contract)).isTrue();
    StateView after = chain.worldState().view(chain.head().stateRoot());
    assertThat(after.storage(contract, UInt256.ZERO)).isEqualTo(UInt256.valueOf(0xabcdef));
    assertThat(after.hasStorage(contract)).isTrue();
  }

  @Test
  void aRevertIsIncludedWithItsOutputAndNoLogs() {
    build(List.of(ChainFixtures.dynamic(key(4), 0, null, BigInteger.ZERO,
        ChainFixtures.REVERTER_INIT, 200_000)));
    Address reverter = ChainFixtures.createAddress(key(4).address(), 0);
    BlockExecution result = build(List.of(
        ChainFixtures.dynamic(key(4), 1, reverter, BigInteger.ONE, new byte[0], 50_000)));
    ExecutedTransaction reverted = result.executed().get(0);
    assertThat(reverted.success()).isFalse();
    assertThat(reverted.result().halt()).isEqualTo(Halt.REVERT);
    assertThat(reverted.revertOutput()).isEqualTo(UInt256.valueOf(42).toBytes32());
    assertThat(reverted.receipt().receipt().success()).isFalse();
    assertThat(reverted.receipt().receipt().logs()).isEmpty();
    StateView state = chain.worldState().view(chain.head().stateRoot());
    assertThat(state.account(reverter).balance()).isEqualTo(UInt256.ZERO);
    assertThat(state.account(key(4).address()).nonce()).isEqualTo(2);
  }

  @Test
  void buildingSkipsANonceGapAndWhatDoesNotFitTheGasBudget() {
    Transaction gap = transfer(5, 3, BOB, 1);
    Transaction ok = transfer(5, 0, BOB, 1);
    Transaction big = ChainFixtures.dynamic(key(6), 0, BOB, BigInteger.ONE, new byte[0], 90_000);
    Transaction fits = transfer(7, 0, BOB, 1);
    BlockExecution result = run(List.of(gap, ok, big, fits), ExecutionMode.BUILD, 100_000);
    assertThat(result.block().transactions()).containsExactly(ok, fits);
    assertThat(result.skipped()).extracting(SkippedTransaction::index).containsExactly(0, 2);
    assertThat(result.skipped().get(0).reason())
        .isEqualTo(SkippedTransaction.Reason.INVALID_FOR_STATE);
    assertThat(result.skipped().get(0).error()).isEqualTo("NONCE_TOO_HIGH");
    assertThat(result.skipped().get(1).reason())
        .isEqualTo(SkippedTransaction.Reason.BLOCK_GAS_EXHAUSTED);
    assertThat(result.skipped().get(1).message()).contains("79000 gas left");
  }

  @Test
  void buildingSkipsAWrongChainIdAndABadSignature() {
    Transaction wrongChain = dev.zg.chain.tx.TransactionSigner.sign(
        ((dev.zg.chain.tx.DynamicFeeTransaction) transfer(8, 0, BOB, 1)).withChainId(1),
        key(8).privateKey());
    BlockExecution result = build(List.of(wrongChain));
    assertThat(result.skipped()).singleElement().satisfies(s -> {
      assertThat(s.reason()).isEqualTo(SkippedTransaction.Reason.INVALID);
      assertThat(s.error()).isEqualTo("INVALID_CHAINID");
    });
  }

  @Test
  void importingReplaysABuiltBlockAndRejectsTamperedOnes() {
    BlockHeader parent = chain.head();
    List<Transaction> txs = List.of(transfer(9, 0, BOB, 5), transfer(9, 1, BOB, 6));
    BlockExecution built;
    try (WriteBatch scratch = new MemoryKeyValueStore().newBatch()) {
      built = executor.execute(parent.stateRoot(), child(parent, 30_000_000), txs,
          ExecutionMode.BUILD, chain.blockHashes(), scratch);
    }
    Block block = built.block();
    try (WriteBatch batch = chain.newBatch()) {
      BlockExecution imported = executor.execute(parent.stateRoot(), block.header(),
          block.transactions(), ExecutionMode.IMPORT, chain.blockHashes(), batch);
      assertThat(imported.stateRoot()).isEqualTo(built.stateRoot());
      assertThat(imported.block().hash()).isEqualTo(block.hash());
    }
    BlockHeader badRoot = block.header().toBuilder().stateRoot(Hash.ZERO).build();
    assertThatThrownBy(() -> importInto(parent, badRoot, block.transactions()))
        .isInstanceOf(InvalidBlockException.class).hasMessageContaining("stateRoot");
    assertThatThrownBy(() -> importInto(parent, block.header(), List.of(txs.get(1))))
        .isInstanceOf(InvalidBlockException.class).hasMessageContaining("NONCE_TOO_HIGH");
  }

  private void importInto(BlockHeader parent, BlockHeader header, List<Transaction> txs) {
    try (WriteBatch batch = chain.newBatch()) {
      executor.execute(parent.stateRoot(), header, txs, ExecutionMode.IMPORT,
          chain.blockHashes(), batch);
    }
  }

  @Test
  void sendersAreRecoveredInParallelAndCached() {
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      txs.add(transfer(10 + i % 10, i / 10, BOB, 1));
    }
    assertThat(executor.prevalidate(txs)).allMatch(v -> v.isValid());
    assertThat(txs.get(0).sender()).contains(key(10).address());
    BlockExecution result = build(txs);
    assertThat(result.executed()).hasSize(200);
    assertThat(Map.of("gas", result.gasUsed())).containsEntry("gas", 200 * 21_000L);
  }
}
