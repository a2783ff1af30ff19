package dev.zg.node;

import dev.zg.chain.block.Block;
import dev.zg.chain.block.BlockHeader;
import dev.zg.chain.block.Eip1559BaseFee;
import dev.zg.chain.block.Eip4844ExcessBlobGas;
import dev.zg.chain.exec.BlockExecutor;
import dev.zg.chain.pool.PoolConfig;
import dev.zg.chain.pool.TxPool;
import dev.zg.chain.pool.TxPoolException;
import dev.zg.chain.store.ChainStore;
import dev.zg.chain.tx.BlockContext;
import dev.zg.chain.tx.Transaction;
import dev.zg.common.Hash;
import dev.zg.evm.BlobGas;
import dev.zg.evm.TransactionProcessor;
import dev.zg.evm.interpreter.CodeCache;
import dev.zg.node.rpc.EthRpc;
import dev.zg.staking.Governance;
import dev.zg.staking.Staking;
import dev.zg.rpc.RpcOptions;
import dev.zg.rpc.RpcServer;
import dev.zg.state.kv.KeyValueStore;
import dev.zg.state.kv.MemoryKeyValueStore;
import dev.zg.state.kv.RocksKeyValueStore;
import dev.zg.node.validator.ConsensusStore;
import dev.zg.node.validator.ValidatorConfig;
import dev.zg.node.validator.ValidatorHost;
import dev.zg.state.kv.Column;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * One chain node: its store, pool, block producer and JSON-RPC server, wired here and
 * nowhere else. {@link #start} returns once the RPC port is bound and the producer runs;
 * {@link #close} stops RPC first, then production, then closes the store, so every block
 * reported as included is on disk.
 */
public final class ChainNode implements AutoCloseable {
  private final NodeConfig config;
  private final KeyValueStore kv;
  private final ChainStore store;
  private final TxPool pool;
  private final ChainEvents events = new ChainEvents();
  private final BlockProducer producer;
  private final ValidatorHost validator;
  private final TransactionProcessor simulator;
  private final RpcServer rpc;
  private final Clock clock;

  private ChainNode(NodeConfig config, ValidatorConfig validatorConfig, Clock clock) {
    this.config = config;
    this.clock = clock;
    List<Column> columns = new ArrayList<>(ChainStore.COLUMNS);
    if (validatorConfig != null) {
      columns.add(ConsensusStore.COLUMN);
    }
    this.kv = config.dataDir() == null
        ? new MemoryKeyValueStore()
        : RocksKeyValueStore.open(config.dataDir().resolve("chain"),
            columns.toArray(new Column[0]));
    try {
      this.store = ChainStore.open(kv, config.genesis());
      CodeCache codeCache = new CodeCache(64L << 20);
      TransactionProcessor processor = new TransactionProcessor(Staking.precompiles(), codeCache);
      this.simulator = processor;
      BlockExecutor executor = new BlockExecutor(config.chainId(), store.worldState(), processor,
          ForkJoinPool.commonPool(), Governance.CHAIN_END_BLOCK);
      this.pool = new TxPool(PoolConfig.defaults(config.chainId()),
          new HeadAccounts(store.worldState().view(store.head().stateRoot())), this::nextBlock);
      if (validatorConfig == null) {
        this.validator = null;
        this.producer = new BlockProducer(store, executor, pool, events, config, clock);
      } else {
        // Blocks come from consensus: no local producer.
        this.producer = null;
        this.validator = new ValidatorHost(validatorConfig, config.chainId(), store, executor,
            pool, events, new ConsensusStore(kv), clock);
      }
      pool.onPending(tx -> {
        events.publishPending(tx);
        if (producer != null && config.mineOnDemand()) {
          producer.requestBlock();
        }
      });
      RpcOptions options = RpcOptions.defaults().withHost(config.host()).withPort(config.port())
          .withCorsAllowedOrigins(config.corsOrigins());
      this.rpc = new RpcServer(options);
      EthRpc.register(rpc, this);
    } catch (RuntimeException e) {
      kv.close();
      throw e;
    }
  }

  /** Opens the chain, binds the RPC port and starts producing blocks. */
  public static ChainNode start(NodeConfig config) {
    return start(config, Clock.systemUTC());
  }

  public static ChainNode start(NodeConfig config, Clock clock) {
    return start(config, null, clock);
  }

  /**
   * Opens the chain, binds the RPC port and, without a validator config, produces blocks
   * alone; with one, takes part in consensus with the other validators instead.
   */
  public static ChainNode start(NodeConfig config, ValidatorConfig validator, Clock clock) {
    ChainNode node = new ChainNode(config, validator, clock);
    try {
      node.rpc.start();
      if (node.validator != null) {
        node.validator.start();
      } else {
        node.producer.start();
        if (config.mineOnDemand() && node.pool.pendingCount() > 0) {
          node.producer.requestBlock();
        }
      }
      return node;
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  /** The gas limit, base fee and blob base fee the next block will have. */
  BlockContext nextBlock() {
    BlockHeader head = store.head();
    long excess = Eip4844ExcessBlobGas.next(head);
    long gasLimit = Governance.nextBlockGasLimit(store.worldState().view(head.stateRoot()),
        head.gasLimit());
    return new BlockContext(gasLimit, Eip1559BaseFee.next(head),
        BlobGas.baseFee(excess).toBigInteger());
  }

  /**
   * The context a transaction sent now would run in: the block after {@code parent}, with the
   * number, timestamp, base fees and coinbase the producer gives it (the random value stays the
   * parent's, being unknowable). Contracts that store the block number or time pay for a
   * zero-to-nonzero write in that block even when the parent's value is zero (the genesis's
   * timestamp), so estimates must run here rather than in the parent's context.
   */
  public BlockHeader pendingContext(BlockHeader parent) {
    return parent.toBuilder()
        .parentHash(parent.hash())
        .coinbase(validator == null ? config.coinbase() : parent.coinbase())
        .number(parent.number() + 1)
        .gasLimit(Governance.nextBlockGasLimit(store.worldState().view(parent.stateRoot()),
            parent.gasLimit()))
        .timestamp(BlockProducer.nextTimestamp(clock, parent))
        .gasUsed(0)
        .baseFeePerGas(Eip1559BaseFee.next(parent))
        .excessBlobGas(Eip4844ExcessBlobGas.next(parent))
        .blobGasUsed(0)
        .build();
  }

  /** Admits a signed transaction to the pool (and, on a validator, sends it to the others). */
  public Hash submit(Transaction tx, int encodedSize) throws TxPoolException {
    Hash hash = pool.add(tx, encodedSize);
    if (validator != null) {
      validator.announce(tx);
    }
    return hash;
  }

  /** Produces a block now (evm_mine). */
  public Block mine() {
    if (producer == null) {
      throw new IllegalStateException("this node is a validator: blocks come from consensus");
    }
    return producer.mine();
  }

  /** The consensus side of a validator node; null for a single-node chain. */
  public ValidatorHost validator() {
    return validator;
  }

  public NodeConfig config() {
    return config;
  }

  public ChainStore store() {
    return store;
  }

  public TxPool pool() {
    return pool;
  }

  public ChainEvents events() {
    return events;
  }

  public TransactionProcessor simulator() {
    return simulator;
  }

  public int rpcPort() {
    return rpc.port();
  }

  public String rpcUrl() {
    return "http://" + hostForUrl() + ":" + rpc.port();
  }

  public String wsUrl() {
    return "ws://" + hostForUrl() + ":" + rpc.port();
  }

  private String hostForUrl() {
    String host = config.host();
    if (host.equals("0.0.0.0")) {
      return "127.0.0.1";
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }

  @Override
  public void close() {
    try {
      rpc.close();
    } finally {
      try {
        if (producer != null) {
          producer.close();
        }
        if (validator != null) {
          validator.close();
        }
      } finally {
        kv.close();
      }
    }
  }
}
