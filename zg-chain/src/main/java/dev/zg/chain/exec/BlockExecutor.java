package dev.zg.chain.exec;

import dev.zg.chain.block.Block;
import dev.zg.chain.block.BlockHeader;
import dev.zg.chain.block.BlockRoots;
import dev.zg.chain.block.InvalidBlockException;
import dev.zg.chain.block.Receipt;
import dev.zg.chain.state.WorldStateStore;
import dev.zg.chain.tx.CancunTransactionValidator;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.ValidationResult;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import dev.zg.evm.BlockEnv;
import dev.zg.evm.TransactionProcessor;
import dev.zg.evm.interpreter.CodeCache;
import dev.zg.evm.precompile.Precompiles;
import dev.zg.evm.state.StateChanges;
import dev.zg.state.kv.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.stream.IntStream;

/**
 * Executes a block's transactions on its parent state, in two phases:
 *
 * <ol>
 *   <li>In parallel: the stateless checks of every transaction, including sender recovery,
 *       the dominant cost of simple transfers (the sender is cached in the transaction, so a
 *       pool that already recovered it pays nothing here).
 *   <li>In order, on one thread: the EVM state transition of each transaction over the state
 *       left by the ones before it, then the block's state changes applied to the state trie
 *       (nodes into the caller's batch) and the transactions and receipts roots.
 * </ol>
 *
 * <p>{@link ExecutionMode#BUILD} leaves out what cannot be included and says why; {@link
 * ExecutionMode#IMPORT} rejects the block on the first such transaction, and also when a
 * derived header field (roots, bloom, gas used) differs from the header's. The beacon root
 * contract of EIP-4788 is not called: zg has no beacon chain.
 */
public final class BlockExecutor {
  /** Transactions per parallel task in the sender recovery phase. */
  private static final int RECOVERY_CHUNK = 64;

  private final long chainId;
  private final WorldStateStore state;
  private final TransactionProcessor processor;
  private final CancunTransactionValidator validator;
  private final ForkJoinPool pool;
  private final BlockEndHook endHook;

  /** Cancun precompiles, a 64 MiB code analysis cache, the common fork-join pool. */
  public BlockExecutor(long chainId, WorldStateStore state) {
    this(chainId, state, new TransactionProcessor(Precompiles.cancun().asMap(),
        new CodeCache(64L << 20)), ForkJoinPool.commonPool());
  }

  public BlockExecutor(long chainId, WorldStateStore state, TransactionProcessor processor,
      ForkJoinPool pool) {
    this(chainId, state, processor, pool, BlockEndHook.NONE);
  }

  public BlockExecutor(long chainId, WorldStateStore state, TransactionProcessor processor,
      ForkJoinPool pool, BlockEndHook endHook) {
    this.endHook = Objects.requireNonNull(endHook, "endHook");
    this.chainId = chainId;
    this.state = Objects.requireNonNull(state, "state");
    this.processor = Objects.requireNonNull(processor, "processor");
    this.validator = CancunTransactionValidator.forChain(chainId);
    this.pool = Objects.requireNonNull(pool, "pool");
  }

  /**
   * The stateless verdict on each transaction (chain id, signature, fees, intrinsic gas, blob
   * rules), recovering senders on the pool's threads. Senders stay cached in the transactions.
   */
  public List<ValidationResult> prevalidate(List<Transaction> transactions) {
    ValidationResult[] results = new ValidationResult[transactions.size()];
    int chunks = (transactions.size() + RECOVERY_CHUNK - 1) / RECOVERY_CHUNK;
    pool.submit(() -> IntStream.range(0, chunks).parallel().forEach(c -> {
      int end = Math.min(transactions.size(), (c + 1) * RECOVERY_CHUNK);
      for (int i = c * RECOVERY_CHUNK; i < end; i++) {
        results[i] = validator.validate(transactions.get(i));
      }
    })).join();
    return Arrays.asList(results);
  }

  /**
   * Executes {@code transactions} on the state at {@code parentStateRoot} in the block that
   * {@code header} describes. In BUILD mode the header is a template: its execution-derived
   * fields are ignored and filled in. BLOCKHASH reads {@code blockHashes}.
   *
   * @throws InvalidBlockException in IMPORT mode, when the block is invalid
   */
  public BlockExecution execute(Hash parentStateRoot, BlockHeader header,
      List<Transaction> transactions, ExecutionMode mode, BlockEnv.BlockHashes blockHashes,
      WriteBatch batch) {
    long start = System.nanoTime();
    List<ValidationResult> validity = prevalidate(transactions);
    long recovered = System.nanoTime();
    BlockEnv env = new BlockEnv(header.number(), header.coinbase(), header.timestamp(),
        header.gasLimit(), UInt256.fromBigInteger(header.baseFeePerGas()), header.mixHash(),
        header.excessBlobGas(), chainId, blockHashes);
    BlockRun run = new BlockRun(processor, env, mode, state.view(parentStateRoot));
    run.run(transactions, validity);
    run.end(endHook, header.extraData());
    long executed = System.nanoTime();
    StateChanges changes = run.overlay.changes();
    // The transactions and receipts tries are independent of the state trie: build them on
    // the pool while this thread updates the state.
    ForkJoinTask<BlockHeader.Builder> roots = pool.submit(() -> blockRoots(header, run));
    Hash stateRoot = state.apply(parentStateRoot, changes, batch);
    long rooted = System.nanoTime();
    BlockHeader sealed = roots.join().stateRoot(stateRoot).build();
    long sealedAt = System.nanoTime();
    if (mode == ExecutionMode.IMPORT) {
      checkDerivedFields(header, sealed);
    }
    BlockExecution.Timings timings = new BlockExecution.Timings(recovered - start,
        executed - recovered, rooted - executed, sealedAt - rooted);
    return new BlockExecution(new Block(mode == ExecutionMode.IMPORT ? header : sealed,
        run.included), run.executed, run.skipped, changes, timings);
  }

  private static BlockHeader.Builder blockRoots(BlockHeader template, BlockRun run) {
    List<Receipt> receipts = new ArrayList<>(run.executed.size());
    for (ExecutedTransaction tx : run.executed) {
      receipts.add(tx.receipt().receipt());
    }
    return template.toBuilder()
        .transactionsRoot(BlockRoots.transactionsRoot(run.included))
        .receiptsRoot(BlockRoots.receiptsRoot(receipts))
        .logsBloom(run.bloom.build())
        .gasUsed(run.gasUsed)
        .blobGasUsed(run.blobGasUsed);
  }

  private static void checkDerivedFields(BlockHeader header, BlockHeader computed) {
    same("stateRoot", header.stateRoot(), computed.stateRoot());
    same("transactionsRoot", header.transactionsRoot(), computed.transactionsRoot());
    same("receiptsRoot", header.receiptsRoot(), computed.receiptsRoot());
    same("logsBloom", header.logsBloom(), computed.logsBloom());
    same("gasUsed", header.gasUsed(), computed.gasUsed());
    same("blobGasUsed", header.blobGasUsed(), computed.blobGasUsed());
  }

  private static void same(String field, Object declared, Object computed) {
    if (!declared.equals(computed)) {
      throw new InvalidBlockException("block " + field + " is " + declared
          + " but executing the block gives " + computed);
    }
  }
}
