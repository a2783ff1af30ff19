package dev.zg.chain.bench;

import dev.zg.chain.block.BlockHeader;
import dev.zg.chain.exec.BlockExecution;
import dev.zg.chain.exec.BlockExecutor;
import dev.zg.chain.exec.ExecutionMode;
import dev.zg.chain.genesis.Genesis;
import dev.zg.chain.genesis.GenesisAccount;
import dev.zg.chain.store.ChainStore;
import dev.zg.chain.testkit.ChainFixtures;
import dev.zg.chain.tx.DynamicFeeTransaction;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.TransactionCodec;
import dev.zg.chain.tx.TransactionSigner;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Secp256k1;
import dev.zg.common.UInt256;
import dev.zg.state.kv.Column;
import dev.zg.state.kv.RocksKeyValueStore;
import dev.zg.state.kv.WriteBatch;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Measures one block of simple transfers end to end on RocksDB: sender recovery (parallel),
 * execution, state root, transactions and receipts roots, and the fsynced commit. Not a test;
 * timings never decide one. Run after {@code ./mvnw -o -q -pl zg-chain test-compile}:
 *
 * <pre>java -cp zg-chain/target/test-classes:zg-chain/target/classes:$(cat cp.txt) \
 *     dev.zg.chain.bench.TransferBlockBench [transfersPerBlock] [blocks] [accounts]</pre>
 */
public final class TransferBlockBench {
  private TransferBlockBench() {}

  public static void main(String[] args) throws Exception {
    int perBlock = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    int accounts = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    List<Secp256k1.KeyPair> keys = IntStream.range(0, accounts).parallel()
        .mapToObj(i -> Secp256k1.KeyPair.fromPrivateKey(BigInteger.valueOf(1_000_003L + i)))
        .toList();
    Map<Address, GenesisAccount> alloc = new LinkedHashMap<>();
    UInt256 balance = UInt256.fromBigInteger(BigInteger.TEN.pow(24));
    keys.forEach(k -> alloc.put(k.address(), GenesisAccount.funded(balance)));
    Genesis genesis = new Genesis(ChainFixtures.CHAIN_ID, 0, 2_000_000_000L,
        BigInteger.valueOf(1_000_000_000), new byte[0], Address.ZERO, Hash.ZERO,
        BigInteger.ZERO, alloc);
    Path folder = Files.createTempDirectory("zg-bench");
    try (RocksKeyValueStore kv = RocksKeyValueStore.open(folder,
        ChainStore.COLUMNS.toArray(new Column[0]))) {
      ChainStore chain = ChainStore.open(kv, genesis);
      BlockExecutor executor = new BlockExecutor(ChainFixtures.CHAIN_ID, chain.worldState());
      System.out.printf("%d accounts, %d transfers per block, %d cores%n", accounts, perBlock,
          Runtime.getRuntime().availableProcessors());
      System.out.println("block  recover_ms  execute_ms  state_root_ms  roots_ms  commit_ms"
          + "  total_ms  tx_per_s");
      for (int b = 0; b < blocks; b++) {
        List<Transaction> txs = signedTransfers(keys, b, perBlock);
        runBlock(chain, executor, txs, b + 1);
      }
    }
  }

  /** Fresh, decoded transactions, so no sender is cached yet. */
  private static List<Transaction> signedTransfers(List<Secp256k1.KeyPair> keys, int round,
      int count) {
    return IntStream.range(0, count).parallel().mapToObj(i -> {
      int sender = (round * count + i) % keys.size();
      long nonce = (round * (long) count + i) / keys.size();
      Address to = Address.fromHex(String.format("0x%040x", 0x5000_0000L + round * count + i));
      DynamicFeeTransaction tx = new DynamicFeeTransaction(ChainFixtures.CHAIN_ID, nonce,
          BigInteger.ONE, BigInteger.valueOf(100_000_000_000L), 21_000, to, BigInteger.ONE,
          new byte[0], List.of(), Transaction.UNSIGNED);
      byte[] raw = TransactionSigner.sign(tx, keys.get(sender).privateKey()).encode();
      return TransactionCodec.decode(raw);
    }).toList();
  }

  private static void runBlock(ChainStore chain, BlockExecutor executor, List<Transaction> txs,
      int number) {
    BlockHeader parent = chain.head();
    long start = System.nanoTime();
    try (WriteBatch batch = chain.newBatch()) {
      BlockExecution result = executor.execute(parent.stateRoot(),
          ChainFixtures.child(parent, parent.gasLimit()), txs, ExecutionMode.BUILD,
          chain.blockHashes(), batch);
      long executed = System.nanoTime();
      if (!result.skipped().isEmpty()) {
        throw new IllegalStateException("skipped: " + result.skipped().get(0));
      }
      chain.commitBlock(result.block(), result.receipts(), batch);
      long end = System.nanoTime();
      BlockExecution.Timings t = result.timings();
      System.out.printf("%5d  %10.1f  %10.1f  %13.1f  %8.1f  %9.1f  %8.1f  %8.0f%n", number,
          t.senderRecoveryNanos() / 1e6, t.executionNanos() / 1e6, t.stateRootNanos() / 1e6,
          t.blockRootsNanos() / 1e6, (end - executed) / 1e6, (end - start) / 1e6,
          txs.size() / ((end - start) / 1e9));
    }
  }
}
