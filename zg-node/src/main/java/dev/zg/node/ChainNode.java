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
import dev.zg.evm.precompile.Precompiles;
import dev.zg.node.rpc.EthRpc;
import dev.zg.rpc.RpcOptions;
import dev.zg.rpc.RpcServer;
import dev.zg.state.kv.KeyValueStore;
import dev.zg.state.kv.MemoryKeyValueStore;
import dev.zg.state.kv.RocksKeyValueStore;
import java.time.Clock;
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
  private final TransactionProcessor simulator;
  private final RpcServer rpc;

  private ChainNode(NodeConfig config, Clock clock) {
    this.config = config;
    this.kv = config.dataDir() == null
        ? new MemoryKeyValueStore()
        : RocksKeyValueStore.open(config.dataDir().resolve("chain"),
            ChainStore.COLUMNS.toArray(new dev.zg.state.kv.Column[0]));
    try {
      this.store = ChainStore.open(kv, config.genesis());
      CodeCache codeCache = new CodeCache(64L << 20);
      TransactionProcessor processor = new TransactionProcessor(Precompiles.cancun().asMap(),
          codeCache);
      this.simulator = processor;
      BlockExecutor executor = new BlockExecutor(config.chainId(), store.worldState(), processor,
          ForkJoinPool.commonPool());
      this.pool = new TxPool(PoolConfig.defaults(config.chainId()),
          new HeadAccounts(store.worldState().view(store.head().stateRoot())), this::nextBlock);
      this.producer = new BlockProducer(store, executor, pool, events, config, clock);
      pool.onPending(tx -> {
        events.publishPending(tx);
        if (config.mineOnDemand()) {
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
    ChainNode node = new ChainNode(config, clock);
    try {
      node.rpc.start();
      node.producer.start();
      if (config.mineOnDemand() && node.pool.pendingCount() > 0) {
        node.producer.requestBlock();
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
    return new BlockContext(head.gasLimit(), Eip1559BaseFee.next(head),
        BlobGas.baseFee(excess).toBigInteger());
  }

  /** Admits a signed transaction to the pool. */
  public Hash submit(Transaction tx, int encodedSize) throws TxPoolException {
    return pool.add(tx, encodedSize);
  }

  /** Produces a block now (evm_mine). */
  public Block mine() {
    return producer.mine();
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
        producer.close();
      } finally {
        kv.close();
      }
    }
  }
}
