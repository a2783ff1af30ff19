package dev.zg.node.validator;

import dev.zg.chain.block.Block;
import dev.zg.chain.block.BlockHeader;
import dev.zg.chain.block.Eip1559BaseFee;
import dev.zg.chain.exec.BlockExecution;
import dev.zg.chain.exec.BlockExecutor;
import dev.zg.chain.exec.ExecutionMode;
import dev.zg.chain.pool.TxPool;
import dev.zg.chain.pool.TxPoolException;
import dev.zg.chain.store.ChainStore;
import dev.zg.chain.tx.DynamicFeeTransaction;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.TransactionCodec;
import dev.zg.chain.tx.TransactionSigner;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.consensus.CommitCertificate;
import dev.zg.consensus.ConsensusEngine;
import dev.zg.consensus.ConsensusHost;
import dev.zg.consensus.ConsensusMessage;
import dev.zg.consensus.DuplicateVoteEvidence;
import dev.zg.consensus.EngineConfig;
import dev.zg.consensus.Evidence;
import dev.zg.consensus.Input;
import dev.zg.consensus.Limits;
import dev.zg.consensus.MessageCodec;
import dev.zg.consensus.RejectReason;
import dev.zg.consensus.SignatureVerifier;
import dev.zg.consensus.Signer;
import dev.zg.consensus.SigningState;
import dev.zg.consensus.Timeout;
import dev.zg.consensus.ValidatorSet;
import dev.zg.consensus.Value;
import dev.zg.consensus.ValueIdFunction;
import dev.zg.consensus.Verification;
import dev.zg.node.BlockFilling;
import dev.zg.node.BlockTemplate;
import dev.zg.node.ChainEvents;
import dev.zg.node.HeadAccounts;
import dev.zg.staking.Staking;
import dev.zg.state.kv.WriteBatch;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the consensus engine for a chain node: the one place where the engine's outputs meet
 * the chain (block building and execution, the store), the network and the clock.
 *
 * <p>One thread ("consensus") feeds the engine one input at a time and applies its outputs in
 * order; every other thread (peer readers, timers, RPC) only enqueues work on it. Inputs that
 * answer an output (a built or checked block, a timer, the next height) are enqueued too, so
 * the engine is never re-entered while its outputs are being applied.
 *
 * <ul>
 *   <li>Proposals are built from the pool on the parent state (BUILD mode); proposed blocks
 *       are checked against the parent (number, parent hash, fee fields, gas limit, timestamp
 *       not before the parent's nor more than {@link #FUTURE_SECONDS_MAX} ahead of this
 *       node's clock) and executed (IMPORT mode). Executions stay prepared, uncommitted, so
 *       the commit of a block this node built or checked does not execute it again.
 *   <li>A commit writes the block, its receipts, state and commit certificate in one fsynced
 *       batch, then starts the next height after the block interval.
 *   <li>The signing state is fsynced before the message it covers is handed to the network.
 *   <li>Block sync: every node sends its committed height each second; a node that is behind
 *       asks a peer for the committed blocks with their certificates, checks each
 *       certificate against the validator set and the block hash, and feeds it to the engine
 *       as {@link Input.SyncedCommit}, which commits it through the same path.
 *   <li>Peers that send a consensus message with a bad signature, from a non-validator, or a
 *       synced block whose certificate does not verify are banned.
 * </ul>
 *
 * <p>The validator set of each height is the one the staking module scheduled (the configured
 * genesis set on a chain without it); the proposer rotation advances once per height. On a
 * chain with the staking module, a block's extraData is {@code "zg"} followed by the signer
 * bitmap of its parent's commit certificate (and of precommits for the parent that arrived
 * after the commit), which the module's downtime accounting reads; checkers require its
 * shape and a quorum of the parent's set ({@link Staking#checkSignerBitmap}).
 */
public final class ValidatorHost implements ConsensusHost, PeerNetwork.Handler, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ValidatorHost.class);
  /** A proposed block's timestamp may be this far ahead of the checking node's clock. */
  public static final long FUTURE_SECONDS_MAX = 15;
  private static final long STATUS_INTERVAL_MILLIS = 500;
  /** Ask for blocks when a peer is ahead and this node made no commit for this long. */
  private static final long SYNC_AFTER_STALL_MILLIS = 1_000;
  private static final long SYNC_REQUEST_TIMEOUT_MILLIS = 3_000;
  private static final int PREPARED_MAX = 8;
  private static final long BAN_MILLIS_DEFAULT = 60_000;
  /** Transactions are gossiped in batches at this pace. */
  private static final long GOSSIP_INTERVAL_MILLIS = 10;
  private static final long SLOW_MILLIS = 250;
  private static final int EVIDENCE_KEPT_MAX = 1_000;
  private static final long EVIDENCE_GAS = 500_000;
  private static final long REPORT_RETRY_HEIGHTS = 10;
  /** Blocks per height whose precommits are remembered for the next signer bitmap. */
  private static final int PRECOMMITTED_BLOCKS_PER_HEIGHT_MAX = 16;
  /** Part sets being received at once from one proposer (rounds and the next height). */
  private static final int PART_SETS_PER_PROPOSER_MAX = 2;
  private static final int SPLIT_CACHE_MAX = 4;

  private record PartsKey(Address proposer, long height, int round) {}

  private record IncomingParts(Address from, WireMessage.ProposalParts header, PartSet parts) {}

  private final ValidatorConfig config;
  private final long chainId;
  private final ChainStore store;
  private final BlockExecutor executor;
  private final TxPool pool;
  private final ChainEvents events;
  private final ConsensusStore consensusStore;
  private final Clock clock;
  private final ScheduledExecutorService thread;
  private final SignatureVerifier verifier = SignatureVerifier.secp256k1();
  private final ValueIdFunction valueIds = ValidatorHost::blockHash;
  private final ValidatorSet genesisSet;
  private final PeerNetwork network;
  private final Map<Address, Long> peerHeights = new ConcurrentHashMap<>();
  private final Map<Hash, BlockExecution> preparedExecutions = new LinkedHashMap<>();
  private final Map<Hash, WriteBatch> preparedBatches = new LinkedHashMap<>();
  private final AtomicLong committedBlocks = new AtomicLong();
  private final ConcurrentLinkedQueue<byte[]> outgoing = new ConcurrentLinkedQueue<>();
  private final List<Evidence> evidenceFound = new ArrayList<>();
  /** Offenders this validator has reported to the chain. */
  private final Map<Address, Long> reported = new ConcurrentHashMap<>();
  private final ScheduledExecutorService gossiper;
  /**
   * Signers of precommits seen for each block (by height, then block hash), including those
   * that arrive after the commit: the next proposer's signer bitmap names them too, as
   * CometBFT's last commit takes late precommits, so the slowest validator is not counted
   * down merely for being fourth to a quorum of three.
   */
  private final Map<Long, Map<Hash, java.util.Set<Address>>> precommitsSeen =
      new ConcurrentHashMap<>();
  /** Part sets being received, by proposer, height and round (guarded by itself). */
  private final Map<PartsKey, IncomingParts> incomingParts = new LinkedHashMap<>();
  /** Part sets received whole (guarded by {@link #incomingParts}). */
  private final java.util.Set<PartsKey> assembledParts = new java.util.HashSet<>();
  /** Proposals recently sent in parts, by block hash (guarded by itself). */
  private final Map<Hash, PartSet> splitCache = new LinkedHashMap<>();
  private final AtomicLong blocksFromParts = new AtomicLong();
  private ConsensusEngine engine;
  private ValidatorSet currentSet;
  /** The first height of the scheduled set {@link #currentSet} rotates from. */
  private long currentSetFrom = 1;
  /** Signers whose consensus messages are taken (read by the network's reader threads). */
  private volatile java.util.Set<Address> knownSigners = java.util.Set.of();
  private long lastCommitMillis;
  private long heightStartMillis;
  private long syncRequestedMillis = Long.MIN_VALUE / 2;
  private boolean syncing;
  private volatile boolean closed;
  /** Test-only: sign a second, conflicting prevote for every prevote (see doubleSignForTests). */
  private volatile boolean byzantineDoubleSign;

  public ValidatorHost(ValidatorConfig config, long chainId, ChainStore store,
      BlockExecutor executor, TxPool pool, ChainEvents events, ConsensusStore consensusStore,
      Clock clock) {
    this(config, chainId, store, executor, pool, events, consensusStore, clock,
        BAN_MILLIS_DEFAULT);
  }

  public ValidatorHost(ValidatorConfig config, long chainId, ChainStore store,
      BlockExecutor executor, TxPool pool, ChainEvents events, ConsensusStore consensusStore,
      Clock clock, long banMillis) {
    this.config = config;
    this.chainId = chainId;
    this.store = store;
    this.executor = executor;
    this.pool = pool;
    this.events = events;
    this.consensusStore = consensusStore;
    this.clock = clock;
    this.genesisSet = config.genesisSet();
    Staking.ScheduledSet first = Staking.scheduledAt(
        store.worldState().view(store.head().stateRoot()), 1);
    if (first != null && !java.util.Set.copyOf(first.set().validators()).equals(
        java.util.Set.copyOf(genesisSet.validators()))) {
      throw new IllegalArgumentException("the configured validator set " + genesisSet.validators()
          + " is not the genesis staking state's " + first.set().validators());
    }
    if (!genesisSet.contains(config.address())) {
      LOG.warn("{} is not in the validator set: it follows the chain without voting",
          config.address());
    }
    ScheduledThreadPoolExecutor executorThread = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "consensus");
      t.setDaemon(true);
      return t;
    });
    // Pending timers are dropped at shutdown instead of waited for.
    executorThread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executorThread.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    this.thread = executorThread;
    this.gossiper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tx-gossip");
      t.setDaemon(true);
      return t;
    });
    // Validators with another genesis or another set could never agree: refuse them at once.
    this.network = new PeerNetwork(config, chainId,
        PeerNetwork.networkHash(store.genesisHash(), genesisSet), banMillis, this);
  }

  /**
   * The value id of a block: its hash; null when the bytes do not start with a header. The
   * engine asks for it several times per proposal, so only the header is decoded; the body
   * is decoded, and checked against the header's roots, when the block is checked.
   */
  static Hash blockHash(byte[] bytes) {
    try {
      return Block.decodeHeader(bytes).hash();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Restores the signing state, starts the height after the stored head and the network. */
  public void start() {
    SigningState restored = consensusStore.signingState();
    EngineConfig engineConfig = new EngineConfig(chainId, config.timeouts(), Limits.DEFAULT,
        valueIds);
    this.engine = new ConsensusEngine(engineConfig, Signer.of(config.key()), verifier, restored);
    long height = store.head().number() + 1;
    currentSet = setAt(height);
    network.start();
    lastCommitMillis = clock.millis();
    run(() -> startHeight(height));
    thread.scheduleWithFixedDelay(() -> run(this::tick), STATUS_INTERVAL_MILLIS,
        STATUS_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    gossiper.scheduleWithFixedDelay(this::flushGossip, GOSSIP_INTERVAL_MILLIS,
        GOSSIP_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    LOG.info("validator {} starts at height {} (restored signing state at height {})",
        config.address(), height, restored.height());
  }

  public int peerPort() {
    return network.port();
  }

  public java.util.Set<Address> connectedPeers() {
    return network.connected();
  }

  /** Whether {@code peer} is banned now (it sent an invalid message). */
  public boolean isBanned(Address peer) {
    return network.isBanned(peer);
  }

  /**
   * The set of height {@code height}. With the staking module in the genesis, the set the
   * committed state scheduled for that height (a state at height h knows every set up to
   * h + 2), its proposer rotated once per height since it took effect; without it, the
   * configured genesis set, rotated once per earlier height.
   */
  private ValidatorSet setAt(long height) {
    Staking.ScheduledSet scheduled = Staking.scheduledAt(
        store.worldState().view(store.head().stateRoot()), height);
    ValidatorSet set = scheduled == null ? genesisSet : scheduled.set();
    long from = scheduled == null ? 1 : scheduled.fromHeight();
    currentSetFrom = from;
    for (long h = from; h < height; h += Integer.MAX_VALUE) {
      set = set.advanceProposer((int) Math.min(Integer.MAX_VALUE, height - h));
    }
    knownSigners = signersAround(height);
    return set;
  }

  /** The set of the height after the one just committed: rotated, or a newly scheduled one. */
  private ValidatorSet nextSet(long next) {
    Staking.ScheduledSet scheduled = Staking.scheduledAt(
        store.worldState().view(store.head().stateRoot()), next);
    if (scheduled == null || scheduled.fromHeight() == currentSetFrom) {
      knownSigners = signersAround(next);
      return currentSet.nextHeight();
    }
    LOG.info("validator set changes at height {}: {}", next, scheduled.set().validators());
    return setAt(next);
  }

  /**
   * Who may sign consensus messages now: the members of this height's set and of the sets the
   * state already scheduled for the next two (their messages can arrive a little early).
   */
  private java.util.Set<Address> signersAround(long height) {
    java.util.Set<Address> signers = new java.util.HashSet<>();
    var view = store.worldState().view(store.head().stateRoot());
    for (long h = height; h <= height + 2; h++) {
      Staking.ScheduledSet scheduled = Staking.scheduledAt(view, h);
      ValidatorSet set = scheduled == null ? genesisSet : scheduled.set();
      set.validators().forEach(v -> signers.add(v.address()));
    }
    return java.util.Set.copyOf(signers);
  }

  // ---- the consensus thread ----

  private void run(Runnable task) {
    if (closed) {
      return;
    }
    try {
      thread.execute(() -> {
        if (closed) {
          return;
        }
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.error("consensus task failed", e);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  private void feed(Input input) {
    ConsensusHost.apply(engine.handle(input), this);
  }

  private void startHeight(long height) {
    heightStartMillis = clock.millis();
    feed(new Input.StartHeight(height, currentSet));
  }

  private void tick() {
    long head = store.head().number();
    network.broadcast(new WireMessage.Status(head));
    maybeSync();
  }

  private void maybeSync() {
    long head = store.head().number();
    long now = clock.millis();
    if (syncing || now - syncRequestedMillis < SYNC_REQUEST_TIMEOUT_MILLIS) {
      return;
    }
    Address best = null;
    long bestHeight = head;
    for (Map.Entry<Address, Long> e : peerHeights.entrySet()) {
      if (e.getValue() > bestHeight) {
        best = e.getKey();
        bestHeight = e.getValue();
      }
    }
    // One height behind is normal for a moment (a peer saw the commit first); only a stall
    // or a gap of two asks for blocks.
    if (best != null && (bestHeight > head + 1 || now - lastCommitMillis > SYNC_AFTER_STALL_MILLIS)) {
      syncRequestedMillis = now;
      network.send(best, new WireMessage.SyncRequest(head + 1,
          (int) Math.min(WireCodec.SYNC_BLOCKS_MAX, bestHeight - head)));
    }
  }

  @Override
  public void persist(SigningState state) {
    consensusStore.persist(state);
  }

  @Override
  public void broadcast(ConsensusMessage message) {
    if (message instanceof dev.zg.consensus.Proposal p
        && p.value().bytes().length > PartSet.PART_BYTES) {
      sendInParts(p);
    } else {
      network.broadcast(new WireMessage.Consensus(message));
    }
    if (byzantineDoubleSign && message instanceof dev.zg.consensus.Vote v
        && v.type() == dev.zg.consensus.VoteType.PREVOTE && v.signer().equals(config.address())) {
      // A second prevote of the same height and round for a block that does not exist,
      // signed past the signing guard: the equivocation the other validators must catch.
      Hash other = Hash.keccak(("zg-byzantine-" + v.height() + "-" + v.round()).getBytes(
          java.nio.charset.StandardCharsets.US_ASCII));
      network.broadcast(new WireMessage.Consensus(dev.zg.consensus.Vote.sign(chainId,
          dev.zg.consensus.VoteType.PREVOTE, v.height(), v.round(), other,
          Signer.of(config.key()))));
    }
  }

  /**
   * Sends a proposal of a block larger than one part as its header and then each part (own
   * proposals and relayed ones alike). The split is cached: the engine re-sends proposals.
   */
  private void sendInParts(dev.zg.consensus.Proposal p) {
    PartSet parts;
    synchronized (splitCache) {
      parts = splitCache.get(p.value().id());
    }
    if (parts == null) {
      parts = PartSet.split(p.value().bytes());
      synchronized (splitCache) {
        splitCache.put(p.value().id(), parts);
        while (splitCache.size() > SPLIT_CACHE_MAX) {
          splitCache.remove(splitCache.keySet().iterator().next());
        }
      }
    }
    network.broadcast(WireMessage.ProposalParts.of(p, parts.header()));
    for (int i = 0; i < parts.header().count(); i++) {
      network.broadcast(new WireMessage.BlockPart(p.signer(), p.height(), p.round(),
          parts.part(i)));
    }
  }

  /**
   * TEST ONLY: makes this validator Byzantine. From now on it signs two different prevotes in
   * every round it prevotes in, so the other validators find double-sign evidence and slash
   * it. Exists so a process-level test can run an equivocating validator; never enable it on
   * a real network, where it costs this validator 5 % of its stake and its place in the set.
   */
  public void doubleSignForTests() {
    LOG.warn("validator {} is Byzantine: it double-signs prevotes (test only)", config.address());
    byzantineDoubleSign = true;
  }

  @Override
  public void schedule(Timeout timeout, long delayMillis) {
    try {
      thread.schedule(() -> {
        if (!closed) {
          try {
            feed(new Input.TimeoutFired(timeout));
          } catch (RuntimeException e) {
            LOG.error("timeout handling failed", e);
          }
        }
      }, delayMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closing
    }
  }

  @Override
  public void requestValue(long height, int round) {
    BlockHeader parent = store.head();
    if (parent.number() + 1 != height) {
      return; // a stale request; the engine's propose timeout covers it
    }
    BlockHeader template = BlockTemplate.childOf(parent,
        store.worldState().view(parent.stateRoot()), config.address(),
        Math.max(clock.millis() / 1000, parent.timestamp()));
    byte[] signers = parentSigners(parent);
    if (signers == null) {
      LOG.warn("no commit certificate of height {} here: cannot propose", parent.number());
      return; // the engine's propose timeout moves the round on
    }
    if (signers.length > 0) {
      template = template.toBuilder().extraData(extraData(signers)).build();
    }
    long started = System.nanoTime();
    List<Transaction> chosen = BlockFilling.choose(pool, template, WireCodec.FRAME_BYTES_MAX / 2);
    WriteBatch batch = store.newBatch();
    BlockExecution result;
    try {
      result = executor.execute(parent.stateRoot(), template, chosen, ExecutionMode.BUILD,
          store.blockHashes(), batch);
    } catch (RuntimeException e) {
      batch.close();
      throw e;
    }
    BlockFilling.dropImpossible(pool, result.skipped());
    prepare(result, batch);
    Value value = new Value(result.block().hash(), result.block().encode());
    slow("building block " + height, started);
    run(() -> feed(new Input.ValueReady(height, round, value)));
  }

  /**
   * The signer bitmap of the parent's commit certificate, for the staking module's downtime
   * accounting (empty when the chain has none to carry; null when this node lacks the
   * certificate). The extraData carries it because the certificate itself (65-byte signatures)
   * does not fit in 32 bytes; checkers verify its shape and quorum, not each signature.
   */
  private byte[] parentSigners(BlockHeader parent) {
    var state = store.worldState().view(parent.stateRoot());
    long height = parent.number() + 1;
    if (Staking.checkSignerBitmap(state, height, new byte[0]) == null) {
      return new byte[0]; // nothing to carry
    }
    Optional<byte[]> bytes = consensusStore.certificateBytes(parent.number());
    if (bytes.isEmpty()) {
      return null;
    }
    MessageCodec.Decoded<CommitCertificate> certificate = MessageCodec.decodeCertificate(
        bytes.get());
    if (!certificate.ok()) {
      return null;
    }
    java.util.Set<Address> signers = new java.util.HashSet<>();
    certificate.value().precommits().forEach(v -> signers.add(v.signer()));
    signers.addAll(precommitsSeen.getOrDefault(parent.number(), Map.of())
        .getOrDefault(parent.hash(), java.util.Set.of()));
    return Staking.signerBitmap(state, height, signers);
  }

  private static byte[] extraData(byte[] bitmap) {
    byte[] extra = Arrays.copyOf(Staking.EXTRA_DATA_MARK,
        Staking.EXTRA_DATA_MARK.length + bitmap.length);
    System.arraycopy(bitmap, 0, extra, Staking.EXTRA_DATA_MARK.length, bitmap.length);
    return extra;
  }

  @Override
  public void validate(long height, Value value) {
    Hash id = value.id();
    if (preparedExecutions.containsKey(id)) {
      run(() -> feed(new Input.ValidityVerdict(height, id, true)));
      return;
    }
    long started = System.nanoTime();
    String problem = check(height, value.bytes());
    if (problem != null) {
      LOG.warn("block {} proposed at height {} is invalid: {}", id, height, problem);
    }
    slow("checking block " + height, started);
    run(() -> feed(new Input.ValidityVerdict(height, id, problem == null)));
  }

  /** Null when the block is a valid child of the head, else why not. */
  private String check(long height, byte[] bytes) {
    Block block;
    try {
      block = Block.decode(bytes);
    } catch (RuntimeException e) {
      return "undecodable: " + e.getMessage();
    }
    BlockHeader parent = store.head();
    BlockHeader h = block.header();
    if (h.number() != height || parent.number() + 1 != height) {
      return "height " + h.number() + ", expected " + (parent.number() + 1);
    }
    if (!h.parentHash().equals(parent.hash())) {
      return "parent " + h.parentHash() + " is not the head " + parent.hash();
    }
    if (h.timestamp() < parent.timestamp()) {
      return "timestamp " + h.timestamp() + " before the parent's " + parent.timestamp();
    }
    if (h.timestamp() > clock.millis() / 1000 + FUTURE_SECONDS_MAX) {
      return "timestamp " + h.timestamp() + " too far in the future";
    }
    BlockHeader expected = BlockTemplate.childOf(parent,
        store.worldState().view(parent.stateRoot()), h.coinbase(), h.timestamp());
    if (h.gasLimit() != expected.gasLimit() || !h.baseFeePerGas().equals(expected.baseFeePerGas())
        || h.excessBlobGas() != expected.excessBlobGas()
        || !h.mixHash().equals(expected.mixHash())
        || !h.ommersHash().equals(expected.ommersHash())
        || !h.difficulty().equals(expected.difficulty()) || h.nonce() != expected.nonce()
        || !java.util.Objects.equals(h.withdrawalsRoot(), expected.withdrawalsRoot())
        || !java.util.Objects.equals(h.parentBeaconBlockRoot(),
            expected.parentBeaconBlockRoot())
        || !Arrays.equals(Arrays.copyOf(h.extraData(), Staking.EXTRA_DATA_MARK.length),
            Staking.EXTRA_DATA_MARK)) {
      return "a header field the parent fixes differs";
    }
    String bitmapProblem = Staking.checkSignerBitmap(
        store.worldState().view(parent.stateRoot()), height, Arrays.copyOfRange(h.extraData(),
            Staking.EXTRA_DATA_MARK.length, h.extraData().length));
    if (bitmapProblem != null) {
      return bitmapProblem;
    }
    // The pool's copies already know their senders (recovered on admission): use them, so
    // checking a block does not recover every signature again.
    List<Transaction> transactions = new ArrayList<>(block.transactions().size());
    for (Transaction tx : block.transactions()) {
      transactions.add(pool.get(tx.hash()).orElse(tx));
    }
    WriteBatch batch = store.newBatch();
    try {
      BlockExecution result = executor.execute(parent.stateRoot(), h, transactions,
          ExecutionMode.IMPORT, store.blockHashes(), batch);
      prepare(result, batch);
      return null;
    } catch (RuntimeException e) {
      batch.close();
      return e.getMessage();
    }
  }

  private void prepare(BlockExecution result, WriteBatch batch) {
    Hash hash = result.block().hash();
    WriteBatch old = preparedBatches.put(hash, batch);
    if (old != null && old != batch) {
      old.close();
    }
    preparedExecutions.put(hash, result);
    while (preparedBatches.size() > PREPARED_MAX) {
      Hash eldest = preparedBatches.keySet().iterator().next();
      preparedBatches.remove(eldest).close();
      preparedExecutions.remove(eldest);
    }
  }

  /** Logs work on the consensus thread that took long enough to threaten a round. */
  private static void slow(String what, long startedNanos) {
    long millis = (System.nanoTime() - startedNanos) / 1_000_000;
    if (millis >= SLOW_MILLIS) {
      LOG.info("{} took {} ms", what, millis);
    } else {
      LOG.debug("{} took {} ms", what, millis);
    }
  }

  @Override
  public void commit(long height, Value value, CommitCertificate certificate) {
    long started = System.nanoTime();
    Hash id = value.id();
    BlockExecution result = preparedExecutions.remove(id);
    WriteBatch batch = preparedBatches.remove(id);
    if (result == null) {
      String problem = check(height, value.bytes());
      if (problem != null) {
        // More than 2/3 of the power committed a block this node finds invalid: its own
        // state or code differs from the network's. Stop rather than fork.
        LOG.error("committed block {} at height {} is invalid here: {}; halting", id, height,
            problem);
        closed = true;
        return;
      }
      result = preparedExecutions.remove(id);
      batch = preparedBatches.remove(id);
    }
    try {
      consensusStore.putCertificate(batch, certificate);
      store.commitBlock(result.block(), result.receipts(), batch);
    } finally {
      batch.close();
    }
    for (WriteBatch other : preparedBatches.values()) {
      other.close();
    }
    preparedBatches.clear();
    preparedExecutions.clear();
    precommitsSeen.keySet().removeIf(h -> h < height);
    pool.onNewHead(new HeadAccounts(store.worldState().view(result.stateRoot())));
    events.publishBlock(new ChainEvents.NewBlock(result.block(), result.logs()));
    committedBlocks.incrementAndGet();
    long now = clock.millis();
    lastCommitMillis = now;
    if (certificate.round() > 0) {
      // Earlier rounds failed (a slow or absent proposer, lost votes): worth an operator's eye.
      LOG.info("committed block {} in round {} ({} transactions)", height, certificate.round(),
          result.block().transactions().size());
    } else {
      LOG.debug("committed block {} ({} transactions)", height,
          result.block().transactions().size());
    }
    slow("committing block " + height, started);
    long next = height + 1;
    currentSet = nextSet(next);
    long wait = syncing ? 0 : config.blockIntervalMillis() - (now - heightStartMillis);
    if (wait <= 0) {
      run(() -> startHeight(next));
    } else {
      thread.schedule(() -> run(() -> startHeight(next)), wait, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void evidence(Evidence evidence) {
    // Kept for inspection, logged for the operator, and (with the staking module) reported
    // to the chain in a transaction, whose execution slashes and jails the offender.
    LOG.warn("double-sign evidence: {}", evidence);
    if (evidence instanceof DuplicateVoteEvidence d) {
      // Once per offender, again if it is still not slashed some heights later (a report can
      // revert, e.g. when it lands before the set of its height is known).
      long head = store.head().number();
      Long at = reported.get(d.offender());
      if (at == null || head > at + REPORT_RETRY_HEIGHTS) {
        reported.put(d.offender(), head);
        run(() -> report(d));
      }
    }
    synchronized (evidenceFound) {
      if (!evidenceFound.contains(evidence)) {
        evidenceFound.add(evidence);
        while (evidenceFound.size() > EVIDENCE_KEPT_MAX) {
          evidenceFound.remove(0);
        }
      }
    }
  }

  /**
   * Sends {@code submitEvidence} to the staking module, signed with this validator's key (every
   * honest validator does; the first included slashes, the others revert as already done).
   */
  private void report(DuplicateVoteEvidence evidence) {
    BlockHeader head = store.head();
    var state = store.worldState().view(head.stateRoot());
    if (state.account(Staking.ADDRESS) == null || Staking.tombstoned(state, evidence.offender())) {
      return; // no staking module, or already slashed
    }
    BigInteger tip = BigInteger.valueOf(1_000_000_000L);
    BigInteger feeCap = Eip1559BaseFee.next(head).multiply(BigInteger.TWO).add(tip);
    Transaction tx = TransactionSigner.sign(new DynamicFeeTransaction(chainId,
        pool.nextNonce(config.address()), tip, feeCap, EVIDENCE_GAS, Staking.ADDRESS,
        BigInteger.ZERO, Staking.submitEvidenceCall(MessageCodec.encode(evidence)), List.of(),
        Transaction.UNSIGNED), config.key().privateKey());
    try {
      pool.add(tx, tx.encode().length);
      announce(tx);
      LOG.info("reported the double-signing of {} at height {} in {}", evidence.offender(),
          evidence.height(), tx.hash());
    } catch (TxPoolException | RuntimeException e) {
      LOG.warn("cannot report the double-signing of {}: {}", evidence.offender(),
          e.getMessage());
      reported.remove(evidence.offender());
    }
  }

  /** The latest double-sign evidence this validator found (at most 1,000). */
  public List<Evidence> evidenceFound() {
    synchronized (evidenceFound) {
      return List.copyOf(evidenceFound);
    }
  }

  @Override
  public void peerBehind(Address validator, long height) {
    network.send(validator, new WireMessage.Status(store.head().number()));
  }

  @Override
  public void rejected(RejectReason reason, String detail) {
    LOG.trace("rejected {}: {}", reason, detail);
  }

  // ---- the network (reader threads) ----

  @Override
  public void onConnected(Address peer) {
    network.send(peer, new WireMessage.Status(store.head().number()));
  }

  @Override
  public void onMessage(Address peer, WireMessage message) {
    switch (message) {
      case WireMessage.Consensus c -> {
        ConsensusMessage m = c.message();
        if (!knownSigners.contains(m.signer())) {
          // A validator that left the set (or joins later) is no reason to drop the link.
          LOG.trace("consensus message from {}, not a validator now", m.signer());
        } else if (!m.verify(chainId, verifier)) {
          network.ban(peer, "consensus message with a bad signature");
        } else {
          if (m instanceof dev.zg.consensus.Vote v
              && v.type() == dev.zg.consensus.VoteType.PRECOMMIT && v.valueId() != null
              && v.height() >= store.head().number() && v.height() <= store.head().number() + 2) {
            notePrecommit(v);
          }
          run(() -> feed(new Input.MessageReceived(m)));
        }
      }
      case WireMessage.ProposalParts p -> receiveProposalParts(peer, p);
      case WireMessage.BlockPart b -> receiveBlockPart(peer, b);
      case WireMessage.Transactions t -> receiveTransactions(t.raw());
      case WireMessage.Status s -> {
        peerHeights.put(peer, s.height());
        if (s.height() > store.head().number() + 1) {
          run(this::maybeSync);
        }
      }
      case WireMessage.SyncRequest r -> serveSync(peer, r);
      case WireMessage.SyncResponse r -> run(() -> applySynced(peer, r.blocks(), 0));
      case WireMessage.Hello h -> network.ban(peer, "hello after the handshake");
      case WireMessage.Auth a -> network.ban(peer, "auth after the handshake");
    }
  }

  /**
   * A proposal whose block follows in parts: its signature is checked now, and a part set is
   * opened for it unless one for the same proposer, height and round is open or done. Parts
   * are taken only from the peer that sent the header, as only it vouches for the root (the
   * signature covers the block hash, not the root); the proposer's own header replaces a
   * relayer's.
   */
  private void receiveProposalParts(Address peer, WireMessage.ProposalParts p) {
    if (!knownSigners.contains(p.signer())) {
      LOG.trace("proposal parts from {}, not a validator now", p.signer());
      return;
    }
    if (!p.proposal(new byte[0]).verify(chainId, verifier)) {
      network.ban(peer, "proposal parts with a bad signature");
      return;
    }
    long head = store.head().number();
    if (p.height() <= head || p.height() > head + 2) {
      return; // stale, or too far ahead to be worth the memory
    }
    PartsKey key = new PartsKey(p.signer(), p.height(), p.round());
    synchronized (incomingParts) {
      incomingParts.keySet().removeIf(k -> k.height() <= head);
      assembledParts.removeIf(k -> k.height() <= head);
      if (assembledParts.contains(key)) {
        return;
      }
      IncomingParts open = incomingParts.get(key);
      if (open != null && (open.from().equals(peer) || !peer.equals(p.signer()))) {
        return;
      }
      incomingParts.remove(key);
      // At most a few open part sets per proposer (each up to BLOCK_BYTES_MAX): oldest go.
      List<PartsKey> mine = new ArrayList<>();
      for (PartsKey k : incomingParts.keySet()) {
        if (k.proposer().equals(p.signer())) {
          mine.add(k);
        }
      }
      for (int i = 0; i <= mine.size() - PART_SETS_PER_PROPOSER_MAX; i++) {
        incomingParts.remove(mine.get(i));
      }
      incomingParts.put(key, new IncomingParts(peer, p, PartSet.receiving(p.parts())));
    }
  }

  /**
   * A part: checked against the open part set's root (a bad one bans the peer); the last one
   * assembles the block, which goes to the engine as the proposal it belongs to, exactly as a
   * proposal that came whole. Parts of no open part set are dropped.
   */
  private void receiveBlockPart(Address peer, WireMessage.BlockPart b) {
    PartsKey key = new PartsKey(b.proposer(), b.height(), b.round());
    IncomingParts open;
    synchronized (incomingParts) {
      open = incomingParts.get(key);
      if (open == null || !open.from().equals(peer)) {
        return;
      }
      PartSet.Added added = open.parts().add(b.part());
      if (added == PartSet.Added.INVALID) {
        incomingParts.remove(key);
        network.ban(peer, "block part " + b.part().index() + " of height " + b.height()
            + " fails its proof");
        return;
      }
      if (added == PartSet.Added.DUPLICATE || !open.parts().complete()) {
        return;
      }
      incomingParts.remove(key);
      assembledParts.add(key);
    }
    byte[] block = open.parts().assemble();
    Hash id = blockHash(block);
    if (!open.header().valueId().equals(id)) {
      synchronized (incomingParts) {
        assembledParts.remove(key); // another peer may still deliver the real block
      }
      network.ban(peer, "block parts of height " + b.height() + " assemble into " + id
          + ", not the proposed " + open.header().valueId());
      return;
    }
    blocksFromParts.incrementAndGet();
    dev.zg.consensus.Proposal proposal = open.header().proposal(block);
    run(() -> feed(new Input.MessageReceived(proposal)));
  }

  /** Proposals whose block this node assembled from parts (for tests and metrics). */
  public long blocksFromParts() {
    return blocksFromParts.get();
  }

  /** Remembers a verified precommit's signer (a few blocks per height: a member may lie). */
  private void notePrecommit(dev.zg.consensus.Vote v) {
    Map<Hash, java.util.Set<Address>> blocks = precommitsSeen.computeIfAbsent(v.height(),
        h -> new ConcurrentHashMap<>());
    java.util.Set<Address> signers = blocks.get(v.valueId());
    if (signers == null) {
      if (blocks.size() >= PRECOMMITTED_BLOCKS_PER_HEIGHT_MAX) {
        return;
      }
      signers = blocks.computeIfAbsent(v.valueId(), id -> ConcurrentHashMap.newKeySet());
    }
    signers.add(v.signer());
  }

  private void receiveTransactions(List<byte[]> raw) {
    for (byte[] bytes : raw) {
      try {
        pool.add(TransactionCodec.decode(bytes), bytes.length);
      } catch (TxPoolException | RuntimeException e) {
        // Known, underpriced or stale here: not the peer's fault, since pools differ.
      }
    }
  }

  /**
   * Queues a transaction this node's pool admitted from a client (pending or queued behind a
   * nonce gap) for the other validators. They are a full mesh, so what a peer sends has
   * reached the others from that peer already and is not sent on.
   */
  public void announce(Transaction tx) {
    outgoing.add(TransactionCodec.encode(tx));
  }

  private void flushGossip() {
    try {
      while (!outgoing.isEmpty()) {
        List<byte[]> batch = new ArrayList<>();
        long bytes = 0;
        for (byte[] tx = outgoing.poll(); tx != null; tx = outgoing.poll()) {
          batch.add(tx);
          bytes += tx.length + 8;
          if (batch.size() == WireCodec.TRANSACTIONS_PER_FRAME_MAX
              || bytes > WireCodec.FRAME_BYTES_MAX / 4) {
            break;
          }
        }
        network.broadcast(new WireMessage.Transactions(batch));
      }
    } catch (RuntimeException e) {
      LOG.warn("transaction gossip failed", e);
    }
  }

  private void serveSync(Address peer, WireMessage.SyncRequest request) {
    List<WireMessage.CommittedBlock> blocks = new ArrayList<>();
    long bytes = 0;
    long head = store.head().number();
    for (long h = request.fromHeight(); h <= head && blocks.size() < request.count(); h++) {
      Optional<Block> block = store.block(h);
      Optional<byte[]> certificate = consensusStore.certificateBytes(h);
      if (block.isEmpty() || certificate.isEmpty()) {
        break;
      }
      byte[] encoded = block.get().encode();
      bytes += encoded.length + certificate.get().length + 16;
      if (!blocks.isEmpty() && bytes > WireCodec.FRAME_BYTES_MAX / 2) {
        break;
      }
      blocks.add(new WireMessage.CommittedBlock(encoded, certificate.get()));
    }
    if (!blocks.isEmpty()) {
      network.send(peer, new WireMessage.SyncResponse(blocks));
    }
  }

  /** Applies synced blocks one per task, so each commit's next height starts in between. */
  private void applySynced(Address peer, List<WireMessage.CommittedBlock> blocks, int index) {
    if (index >= blocks.size()) {
      syncRequestedMillis = Long.MIN_VALUE / 2;
      run(this::maybeSync);
      return;
    }
    WireMessage.CommittedBlock item = blocks.get(index);
    long height = store.head().number() + 1;
    Hash id = blockHash(item.block());
    MessageCodec.Decoded<CommitCertificate> certificate =
        MessageCodec.decodeCertificate(item.certificate());
    if (id == null || !certificate.ok()) {
      network.ban(peer, "undecodable synced block or certificate");
      return;
    }
    CommitCertificate c = certificate.value();
    if (c.height() < height) {
      run(() -> applySynced(peer, blocks, index + 1)); // committed meanwhile
      return;
    }
    if (c.height() > height) {
      return;
    }
    Verification verdict = c.verify(chainId, currentSet, verifier);
    if (!verdict.valid() || !c.valueId().equals(id)) {
      network.ban(peer, "synced block " + height + " with a bad certificate: "
          + (verdict.valid() ? "names another block" : verdict.problem()));
      return;
    }
    syncing = true;
    try {
      feed(new Input.SyncedCommit(new Value(id, item.block()), c));
    } finally {
      syncing = false;
    }
    run(() -> applySynced(peer, blocks, index + 1));
  }

  // ---- blocks ----

  public long committedBlocks() {
    return committedBlocks.get();
  }

  @Override
  public void close() {
    closed = true;
    gossiper.shutdownNow();
    network.close();
    thread.shutdown();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (WriteBatch b : preparedBatches.values()) {
      b.close();
    }
    preparedBatches.clear();
  }
}
