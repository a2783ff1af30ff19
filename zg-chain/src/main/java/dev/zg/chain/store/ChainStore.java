package dev.zg.chain.store;

import dev.zg.chain.block.Block;
import dev.zg.chain.block.BlockHeader;
import dev.zg.chain.block.IndexedLog;
import dev.zg.chain.block.StoredReceipt;
import dev.zg.chain.genesis.Genesis;
import dev.zg.chain.state.WorldStateStore;
import dev.zg.chain.tx.Transaction;
import dev.zg.common.Bytes;
import dev.zg.common.Hash;
import dev.zg.evm.BlockEnv;
import dev.zg.state.kv.Column;
import dev.zg.state.kv.Durability;
import dev.zg.state.kv.KeyValueStore;
import dev.zg.state.kv.MemoryKeyValueStore;
import dev.zg.state.kv.WriteBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chain on disk: headers, bodies and receipts by block hash, the canonical number-to-hash
 * index, a transaction index, the head, and the world state, all in one {@link KeyValueStore}.
 *
 * <p>Durability: {@link #commitBlock} writes a block, its receipts and indexes, its state
 * nodes (already in the caller's batch) and the new head in one atomic batch with
 * {@link Durability#FSYNC}, so a block reported as included survives kill -9 and power loss,
 * and a crash leaves either the whole block or none of it. In-memory state (head, caches, the
 * world state's working copy) moves only after the batch is on disk.
 *
 * <p>The chain only grows: instant finality (BFT) means no reorganizations, so a block must
 * extend the head. Reads are thread-safe; commits are serialized.
 */
public final class ChainStore {
  /** Every column a chain folder has, for opening RocksDB. */
  public static final List<Column> COLUMNS = List.of(ChainKeys.HEADERS, ChainKeys.BODIES,
      ChainKeys.RECEIPTS, ChainKeys.CANONICAL, ChainKeys.TX_INDEX, ChainKeys.META,
      WorldStateStore.COLUMNS.get(0), WorldStateStore.COLUMNS.get(1));
  /** Default limits of one {@link #logs} query. */
  public static final long LOG_QUERY_BLOCKS_MAX = 10_000;
  public static final int LOG_QUERY_RESULTS_MAX = 10_000;
  private static final int HEADER_CACHE_SIZE = 4096;
  private static final int BODY_CACHE_SIZE = 32;

  private final KeyValueStore store;
  private final WorldStateStore worldState;
  private final Hash genesisHash;
  private final Object commitLock = new Object();
  private final Map<Hash, BlockHeader> headers = lru(HEADER_CACHE_SIZE);
  private final Map<Hash, Block> bodies = lru(BODY_CACHE_SIZE);
  private volatile BlockHeader head;

  private ChainStore(KeyValueStore store, WorldStateStore worldState, Hash genesisHash,
      BlockHeader head) {
    this.store = store;
    this.worldState = worldState;
    this.genesisHash = genesisHash;
    this.head = head;
  }

  /**
   * Opens the chain in {@code store}: writes the genesis block and state into an empty store,
   * or resumes from the stored head.
   *
   * @throws ChainMismatchException when the store holds a chain with another genesis
   */
  public static ChainStore open(KeyValueStore store, Genesis genesis) {
    WorldStateStore worldState = new WorldStateStore(store);
    BlockHeader expected = genesisHeader(genesis);
    Optional<byte[]> storedGenesis = store.get(ChainKeys.META, ChainKeys.GENESIS);
    if (storedGenesis.isEmpty()) {
      return initialize(store, worldState, genesis, expected);
    }
    Hash stored = Hash.wrap(storedGenesis.get());
    if (!stored.equals(expected.hash())) {
      throw new ChainMismatchException("this data folder holds the chain with genesis block "
          + stored + ", but the configured genesis (chain id " + genesis.chainId()
          + ") has hash " + expected.hash() + "; use another folder or the genesis it was "
          + "created with");
    }
    long storedChainId = store.get(ChainKeys.META, ChainKeys.CHAIN_ID)
        .map(b -> Bytes.getLong(b, 0, 8)).orElse(-1L);
    if (storedChainId != genesis.chainId()) {
      throw new ChainMismatchException("this data folder holds the chain with chain id "
          + storedChainId + ", but the configured genesis has chain id " + genesis.chainId()
          + "; use another folder or the genesis it was created with");
    }
    Hash headHash = Hash.wrap(store.get(ChainKeys.META, ChainKeys.HEAD).orElseThrow(() ->
        new IllegalStateException("the chain folder has a genesis but no head")));
    ChainStore chain = new ChainStore(store, worldState, stored, null);
    BlockHeader head = chain.header(headHash).orElseThrow(() ->
        new IllegalStateException("the chain's head block " + headHash + " is missing"));
    if (!worldState.contains(head.stateRoot())) {
      throw new IllegalStateException("the state of head block " + head.number() + " ("
          + head.stateRoot() + ") is missing from the store");
    }
    chain.head = head;
    worldState.committed(head.stateRoot());
    return chain;
  }

  /** The genesis block's header, computing its state root in memory. */
  public static BlockHeader genesisHeader(Genesis genesis) {
    WorldStateStore scratch = new WorldStateStore(new MemoryKeyValueStore());
    try (WriteBatch batch = new MemoryKeyValueStore().newBatch()) {
      return genesis.header(scratch.apply(Hash.EMPTY_TRIE_ROOT, genesis.stateChanges(), batch));
    }
  }

  private static ChainStore initialize(KeyValueStore store, WorldStateStore worldState,
      Genesis genesis, BlockHeader expected) {
    try (WriteBatch batch = store.newBatch()) {
      Hash root = worldState.apply(Hash.EMPTY_TRIE_ROOT, genesis.stateChanges(), batch);
      if (!root.equals(expected.stateRoot())) {
        throw new IllegalStateException("genesis state root differs between computations");
      }
      Block block = new Block(expected, List.of());
      writeBlock(batch, block, List.of());
      batch.put(ChainKeys.META, ChainKeys.GENESIS, expected.hash().toArray());
      batch.put(ChainKeys.META, ChainKeys.CHAIN_ID, ChainKeys.number(genesis.chainId()));
      batch.commit(Durability.FSYNC);
    }
    worldState.committed(expected.stateRoot());
    return new ChainStore(store, worldState, expected.hash(), expected);
  }

  public WorldStateStore worldState() {
    return worldState;
  }

  /** A batch of this chain's store, for a block's state nodes (see {@link #commitBlock}). */
  public WriteBatch newBatch() {
    return store.newBatch();
  }

  public Hash genesisHash() {
    return genesisHash;
  }

  public BlockHeader head() {
    return head;
  }

  /**
   * Stores {@code block} as the new head with its receipts, indexes and the state nodes the
   * executor put in {@code stateBatch}, in one atomic, fsynced write. Commits {@code
   * stateBatch}; the caller still closes it.
   *
   * @throws IllegalArgumentException when the block does not extend the head or the receipts
   *     do not match its transactions
   */
  public void commitBlock(Block block, List<StoredReceipt> receipts, WriteBatch stateBatch) {
    synchronized (commitLock) {
      BlockHeader current = head;
      BlockHeader header = block.header();
      if (!header.parentHash().equals(current.hash()) || header.number() != current.number() + 1) {
        throw new IllegalArgumentException("block " + header.number() + " (" + header.hash()
            + ") does not extend the head, block " + current.number() + " (" + current.hash()
            + ")");
      }
      if (receipts.size() != block.transactions().size()) {
        throw new IllegalArgumentException(receipts.size() + " receipts for "
            + block.transactions().size() + " transactions");
      }
      writeBlock(stateBatch, block, receipts);
      stateBatch.commit(Durability.FSYNC);
      synchronized (headers) {
        headers.put(header.hash(), header);
      }
      synchronized (bodies) {
        bodies.put(header.hash(), block);
      }
      head = header;
      worldState.committed(header.stateRoot());
    }
  }

  private static void writeBlock(WriteBatch batch, Block block, List<StoredReceipt> receipts) {
    BlockHeader header = block.header();
    byte[] hash = header.hash().toArray();
    batch.put(ChainKeys.HEADERS, hash, header.encode());
    batch.put(ChainKeys.BODIES, hash, block.encodeBody());
    batch.put(ChainKeys.RECEIPTS, hash, StoredReceipt.encodeAll(receipts));
    batch.put(ChainKeys.CANONICAL, ChainKeys.number(header.number()), hash);
    List<Transaction> txs = block.transactions();
    for (int i = 0; i < txs.size(); i++) {
      batch.put(ChainKeys.TX_INDEX, txs.get(i).hash().toArray(),
          ChainKeys.encodeLocation(header.hash(), header.number(), i));
    }
    batch.put(ChainKeys.META, ChainKeys.HEAD, hash);
  }

  public Optional<Hash> canonicalHash(long number) {
    if (number < 0 || number > head.number()) {
      return Optional.empty();
    }
    return store.get(ChainKeys.CANONICAL, ChainKeys.number(number)).map(Hash::wrap);
  }

  public Optional<BlockHeader> header(Hash hash) {
    synchronized (headers) {
      BlockHeader cached = headers.get(hash);
      if (cached != null) {
        return Optional.of(cached);
      }
    }
    Optional<BlockHeader> header =
        store.get(ChainKeys.HEADERS, hash.bytesUnsafe()).map(BlockHeader::decode);
    header.ifPresent(h -> {
      checkHash(hash, h.hash(), "header");
      synchronized (headers) {
        headers.put(hash, h);
      }
    });
    return header;
  }

  public Optional<BlockHeader> header(long number) {
    return canonicalHash(number).flatMap(this::header);
  }

  public Optional<Block> block(Hash hash) {
    synchronized (bodies) {
      Block cached = bodies.get(hash);
      if (cached != null) {
        return Optional.of(cached);
      }
    }
    Optional<BlockHeader> header = header(hash);
    if (header.isEmpty()) {
      return Optional.empty();
    }
    byte[] body = store.get(ChainKeys.BODIES, hash.bytesUnsafe()).orElseThrow(() ->
        new IllegalStateException("block " + hash + " has a header but no body"));
    Block block = Block.fromBody(header.get(), body);
    synchronized (bodies) {
      bodies.put(hash, block);
    }
    return Optional.of(block);
  }

  public Optional<Block> block(long number) {
    return canonicalHash(number).flatMap(this::block);
  }

  /** The receipts of a stored block, in transaction order. */
  public Optional<List<StoredReceipt>> receipts(Hash blockHash) {
    return store.get(ChainKeys.RECEIPTS, blockHash.bytesUnsafe()).map(StoredReceipt::decodeAll);
  }

  /** An included transaction with its location and receipt. */
  public Optional<IndexedTransaction> transaction(Hash transactionHash) {
    Optional<byte[]> location = store.get(ChainKeys.TX_INDEX, transactionHash.bytesUnsafe());
    if (location.isEmpty()) {
      return Optional.empty();
    }
    ChainKeys.TxLocation at = ChainKeys.decodeLocation(location.get());
    Block block = block(at.blockHash()).orElseThrow(() -> new IllegalStateException(
        "transaction " + transactionHash + " points at missing block " + at.blockHash()));
    StoredReceipt receipt = receipts(at.blockHash()).orElseThrow().get(at.index());
    return Optional.of(new IndexedTransaction(block.transactions().get(at.index()),
        at.blockHash(), at.number(), at.index(), receipt));
  }

  /** BLOCKHASH's view of this chain: canonical hashes by number. */
  public BlockEnv.BlockHashes blockHashes() {
    return number -> canonicalHash(number).orElse(null);
  }

  /** {@link #logs(LogFilter, long, int)} with the default limits. */
  public List<IndexedLog> logs(LogFilter filter) {
    return logs(filter, LOG_QUERY_BLOCKS_MAX, LOG_QUERY_RESULTS_MAX);
  }

  /**
   * The logs matching {@code filter}, in chain order. Blocks whose header bloom rules the
   * filter out are skipped without reading their receipts.
   *
   * @throws LogQueryException when the range spans more than {@code blocksMax} blocks or more
   *     than {@code resultsMax} logs match
   */
  public List<IndexedLog> logs(LogFilter filter, long blocksMax, int resultsMax) {
    long to = Math.min(filter.toBlock(), head.number());
    if (filter.toBlock() - filter.fromBlock() + 1 > blocksMax) {
      throw new LogQueryException("the block range " + filter.fromBlock() + ".."
          + filter.toBlock() + " spans more than " + blocksMax + " blocks; query a smaller range");
    }
    List<IndexedLog> out = new ArrayList<>();
    for (long n = filter.fromBlock(); n <= to; n++) {
      BlockHeader header = header(n).orElseThrow();
      if (!LogMatcher.mayMatch(header.logsBloom(), filter)) {
        continue;
      }
      List<StoredReceipt> receipts = receipts(header.hash()).orElseThrow();
      for (int i = 0; i < receipts.size(); i++) {
        for (IndexedLog log : receipts.get(i).logs(header.hash(), n, i)) {
          if (LogMatcher.matches(log.log(), filter)) {
            if (out.size() == resultsMax) {
              throw new LogQueryException("the query matches more than " + resultsMax
                  + " logs (stopped at block " + n + "); query a smaller range");
            }
            out.add(log);
          }
        }
      }
    }
    return out;
  }

  private static void checkHash(Hash key, Hash actual, String what) {
    if (!key.equals(actual)) {
      throw new IllegalStateException("stored " + what + " " + key + " is corrupt: it hashes to "
          + actual);
    }
  }

  private static <K, V> Map<K, V> lru(int capacity) {
    return new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
      }
    };
  }
}
