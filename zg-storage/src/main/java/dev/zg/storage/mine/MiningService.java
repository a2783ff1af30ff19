package dev.zg.storage.mine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.chain.tx.DynamicFeeTransaction;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.TransactionSigner;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.Keccak256;
import dev.zg.storage.log.LogStore;
import dev.zg.storage.merkle.StorageSpec;
import dev.zg.storage.rpc.FlowProofs;
import dev.zg.storage.rpc.JsonRpcClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage node's PoRA miner: it follows the Flow contract's mining context, searches
 * nonces over the data of its own shard in its own log store with {@link PoraMiner}, and sends
 * each answer that meets the target to PoraMine, signed with the miner's key. The context is
 * read with an {@code eth_call} of {@code makeContextWithResult}, so a new epoch is mined as
 * soon as its first block exists, without a transaction to open it (PoraMine's {@code submit}
 * makes the context itself). An answer the contract would refuse (a context that moved on, a
 * closed subtask window, a retargeted difficulty, too many answers this epoch) is dropped
 * after {@code eth_estimateGas} says why, and the search goes on with the new context.
 *
 * <p>The miner id is registered ({@code requestMinerId(beneficiary = the key's address)}) the
 * first time there is something to mine, and kept in {@code miner-id} in the node's data
 * folder.
 */
public final class MiningService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MiningService.class);
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);
  /** Nonces one thread tries before the context is read again. */
  static final int NONCES_PER_ROUND = 64;
  private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration REPORT_EVERY = Duration.ofMinutes(1);
  private static final byte[] EMPTY_HASH = Keccak256.hash(new byte[0]);

  static final String MAKE_CONTEXT_WITH_RESULT = selector("makeContextWithResult()");
  static final String EPOCH = selector("epoch()");
  static final String EPOCH_START_POSITION = selector("epochStartPosition()");
  static final String QUERY_CONTEXT_AT_POSITION = selector("queryContextAtPosition(uint128)");
  static final String PORA_TARGET = selector("poraTarget()");
  static final String N_SUBTASKS = selector("nSubtasks()");
  static final String SUBTASK_INTERVAL = selector("subtaskInterval()");
  static final String TARGET_MINE_BLOCKS = selector("targetMineBlocks()");
  static final String REQUEST_MINER_ID = selector("requestMinerId(address,uint64)");
  /** PoraMine's {@code submit(PoraAnswer)}. */
  public static final String SUBMIT = selector("submit((bytes32,bytes32,bytes32,"
      + "(uint256,uint256,uint64,uint64),uint256,uint256,bytes32,bytes32[128],bytes32[]))");
  /** {@code NewMinerId(bytes32 indexed minerId, address indexed beneficiary)}. */
  public static final Hash NEW_MINER_ID = Hash.keccak(
      "NewMinerId(bytes32,address)".getBytes(StandardCharsets.US_ASCII));
  /** {@code NewSubmission(uint256 indexed epoch, bytes32 indexed minerId, uint256, uint256)}. */
  public static final Hash NEW_SUBMISSION = Hash.keccak(
      "NewSubmission(uint256,bytes32,uint256,uint256)".getBytes(StandardCharsets.US_ASCII));
  /** PoraMine's custom errors, by selector, to say why an answer was refused. */
  private static final Map<String, String> ERRORS = errors("MinerIdTaken(bytes32)",
      "UnknownMiner(bytes32)", "WrongContext(bytes32,bytes32)",
      "OutsideSubtaskWindow(uint256,uint256)", "TooManySubmissions(uint256)",
      "InvalidRecallRange()", "TooManyShards(uint256,uint256)", "NotInSealingEpoch(uint256)",
      "InvalidMerkleProof()", "WrongRecallPosition(uint256,uint256)", "QualityNotMet()",
      "DuplicateAnswer()");

  private final JsonRpcClient chain;
  private final Address flow;
  private final LogStore store;
  private final Path minerIdFile;
  private final MinerConfig config;
  private final PoraMiner miner;
  private final SecureRandom random = new SecureRandom();
  /** Recorded epochs by start position: {end}, and their digests (read by search threads). */
  private final ConcurrentSkipListMap<Long, long[]> epochEnds = new ConcurrentSkipListMap<>();
  private final Map<Long, byte[]> epochDigests = new ConcurrentHashMap<>();
  private final Set<Long> answered = new HashSet<>();
  private byte[] answeredDigest;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong nonces = new AtomicLong();
  private volatile byte[] minerId;
  private volatile boolean running;
  private Thread thread;
  private ExecutorService workers;
  private long[] subtaskParams;
  /** The last epoch that refused answers for good (window closed, quota reached). */
  private volatile long restUntilAfter = -1;
  private long warnedEpoch = -1;
  private long lastReport = System.nanoTime();

  public MiningService(JsonRpcClient chain, Address flow, LogStore store, Path dataDir,
      MinerConfig config) {
    this.chain = chain;
    this.flow = flow;
    this.store = store;
    this.minerIdFile = dataDir.resolve("miner-id");
    this.config = config;
    this.miner = new PoraMiner(store);
    this.minerId = config.minerId();
  }

  public synchronized void start() {
    if (thread != null) {
      return;
    }
    running = true;
    workers = Executors.newFixedThreadPool(config.threads(),
        r -> Thread.ofPlatform().daemon().name("pora-search").unstarted(r));
    thread = Thread.ofPlatform().daemon().name("pora-miner").start(this::run);
    LOG.info("PoRA miner started: " + config);
  }

  /** Answers PoraMine accepted since start. */
  public long accepted() {
    return accepted.get();
  }

  /** Answers found but refused by the contract (seen at estimate or in the receipt). */
  public long refused() {
    return refused.get();
  }

  /** Nonces tried since start. */
  public long noncesTried() {
    return nonces.get();
  }

  /** The miner id in use, or empty before it is registered. */
  public Optional<byte[]> minerId() {
    byte[] id = minerId;
    return id == null ? Optional.empty() : Optional.of(id.clone());
  }

  private void run() {
    long pause = config.pollInterval().toMillis();
    while (running) {
      try {
        if (!round()) {
          Thread.sleep(config.pollInterval().toMillis());
        }
        pause = config.pollInterval().toMillis();
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        if (!running) {
          return;
        }
        LOG.warn("PoRA mining round failed, retrying: {}", e.getMessage());
        try {
          Thread.sleep(pause);
        } catch (InterruptedException ie) {
          return;
        }
        pause = Math.min(pause * 2, 30_000);
      }
    }
  }

  /** The context as the next transaction would see it (Flow's fields, in order). */
  record Context(long epoch, long mineStart, Hash flowRoot, long flowLength, byte[] digest) {}

  /** One search round; false when there was nothing to do (then the loop sleeps). */
  boolean round() throws IOException, InterruptedException {
    byte[] raw = call(flow, MAKE_CONTEXT_WITH_RESULT, new byte[0]);
    if (raw.length < 6 * 32) {
      throw new IOException("makeContextWithResult returned " + raw.length + " bytes; is "
          + flow + " a Flow contract?");
    }
    Context ctx = new Context(uint(raw, 0).longValueExact(), uint(raw, 1).longValueExact(),
        Hash.wrap(word(raw, 2)), uint(raw, 3).longValueExact(), word(raw, 5));
    if (ctx.epoch() == 0 || java.util.Arrays.equals(ctx.digest(), EMPTY_HASH)
        || ctx.flowLength() < 2L * StorageSpec.SEGMENT_CHUNKS) {
      return false; // no epoch yet, or only the flow's first segment (leaf 0 and padding)
    }
    long head = quantity(chain.call("eth_blockNumber"));
    byte[] id = ensureMinerId();
    long[] params = subtaskParams();
    long idx = new BigInteger(1, keccak(ctx.digest(), id))
        .mod(BigInteger.valueOf(params[0])).longValueExact();
    long windowStart = ctx.mineStart() + idx * params[1];
    long next = head + 1; // the block an answer sent now lands in, at the earliest
    if (next <= windowStart || next > windowStart + params[2]) {
      return false;
    }
    JsonNode block = chain.call("eth_getBlockByNumber", "0x" + Long.toHexString(windowStart),
        false);
    if (block == null || block.isNull()) {
      return false;
    }
    byte[] subtaskDigest = keccak(ctx.digest(), Hex.decode(block.get("hash").asText()));
    BigInteger target = uint(call(config.mineAddress(), PORA_TARGET, new byte[0]), 0);
    long onChainEpoch = uint(call(flow, EPOCH, new byte[0]), 0).longValueExact();
    long pendingStart = onChainEpoch < ctx.epoch()
        ? uint(call(flow, EPOCH_START_POSITION, new byte[0]), 0).longValueExact() : -1;
    PoraMiner.Task task = new PoraMiner.Task(ctx.digest(), subtaskDigest, ctx.flowRoot(),
        ctx.flowLength(), target, id);
    if (ctx.epoch() <= restUntilAfter) {
      return false; // this epoch takes no more answers from us
    }
    Optional<FlowProofs> flowAtContext = FlowProofs.atLength(store, ctx.flowLength());
    if (flowAtContext.isEmpty() || !flowAtContext.get().root().equals(ctx.flowRoot())) {
      if (warnedEpoch != ctx.epoch()) {
        warnedEpoch = ctx.epoch();
        LOG.info("PoRA: the log has not reached epoch {}'s flow (length {}) yet", ctx.epoch(),
            ctx.flowLength());
      }
      return false;
    }

    long began = System.nanoTime();
    List<Future<Optional<PoraMiner.Answer>>> searches = new ArrayList<>();
    for (int t = 0; t < config.threads(); t++) {
      searches.add(workers.submit(() -> miner.mine(task,
          position -> sealDigest(position, ctx, pendingStart), NONCES_PER_ROUND,
          this::nonce)));
    }
    List<PoraMiner.Answer> found = new ArrayList<>();
    for (Future<Optional<PoraMiner.Answer>> f : searches) {
      try {
        f.get().ifPresent(found::add);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IOException("nonce search failed: " + e.getCause(), e.getCause());
      }
    }
    long tried = nonces.addAndGet((long) NONCES_PER_ROUND * config.threads());
    if (System.nanoTime() - lastReport > REPORT_EVERY.toNanos()) {
      lastReport = System.nanoTime();
      LOG.info("PoRA: mining epoch {} (flow length {}, target {} bits), {} nonces tried, {}"
          + " answers accepted, {} refused", ctx.epoch(), ctx.flowLength(), target.bitLength(),
          tried, accepted.get(), refused.get());
    }
    if (!Arrays.equals(answeredDigest, ctx.digest())) {
      answered.clear(); // PoraMine refuses duplicates per context; a new one starts afresh
      answeredDigest = ctx.digest();
    }
    for (PoraMiner.Answer answer : found) {
      if (answered.add(answer.recallPosition())) {
        submit(ctx, answer);
      }
    }
    long spent = System.nanoTime() - began;
    if (config.cpuPercent() < 100) {
      long rest = spent / config.cpuPercent() * (100 - config.cpuPercent());
      Thread.sleep(rest / 1_000_000, (int) (rest % 1_000_000));
    }
    return true;
  }

  private byte[] nonce() {
    byte[] n = new byte[32];
    random.nextBytes(n);
    return n;
  }

  /**
   * The context digest the 16 sectors at {@code position} are sealed with: the epoch they
   * landed in. The epoch the next transaction opens is not recorded yet; its range runs from
   * Flow's {@code epochStartPosition} to the context's length. Null when the seal straddles
   * two epochs or lies in none (the contract would refuse it).
   */
  private byte[] sealDigest(long position, Context ctx, long pendingStart) {
    long end = position + Pora.SEAL_SECTORS;
    if (pendingStart >= 0 && position >= pendingStart) {
      return end <= ctx.flowLength() ? ctx.digest() : null;
    }
    Map.Entry<Long, long[]> known = epochEnds.floorEntry(position);
    if (known == null || position >= known.getValue()[0]) {
      try {
        byte[] r = call(flow, QUERY_CONTEXT_AT_POSITION,
            word(BigInteger.valueOf(position)));
        long start = uint(r, 0).longValueExact();
        epochEnds.put(start, new long[] {uint(r, 1).longValueExact()});
        epochDigests.put(start, word(r, 2));
        known = Map.entry(start, epochEnds.get(start));
      } catch (IOException e) {
        return null; // in no recorded epoch
      }
    }
    return end <= known.getValue()[0] ? epochDigests.get(known.getKey()) : null;
  }

  /** nSubtasks, subtaskInterval, targetMineBlocks: immutable, read once. */
  private long[] subtaskParams() throws IOException {
    if (subtaskParams == null) {
      Address mine = config.mineAddress();
      subtaskParams = new long[] {
          uint(call(mine, N_SUBTASKS, new byte[0]), 0).longValueExact(),
          uint(call(mine, SUBTASK_INTERVAL, new byte[0]), 0).longValueExact(),
          uint(call(mine, TARGET_MINE_BLOCKS, new byte[0]), 0).longValueExact()};
      if (subtaskParams[0] < 1) {
        throw new IOException("PoraMine at " + mine + " has no subtasks");
      }
    }
    return subtaskParams;
  }

  /** The configured or stored miner id, or a new one registered now and stored. */
  private byte[] ensureMinerId() throws IOException {
    if (minerId != null) {
      return minerId;
    }
    if (Files.exists(minerIdFile)) {
      byte[] stored = Hex.decode(Files.readString(minerIdFile, StandardCharsets.US_ASCII).trim());
      if (stored.length != 32) {
        throw new IOException(minerIdFile + " does not hold a 32-byte miner id");
      }
      minerId = stored;
      return stored;
    }
    long seed = random.nextLong() & Long.MAX_VALUE;
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.writeBytes(Hex.decode(REQUEST_MINER_ID));
    input.writeBytes(config.key().address().toWord());
    input.writeBytes(word(BigInteger.valueOf(seed)));
    JsonNode receipt = send(config.mineAddress(), input.toByteArray());
    if (!"0x1".equals(receipt.path("status").asText())) {
      throw new IOException("requestMinerId reverted");
    }
    for (JsonNode log : receipt.path("logs")) {
      JsonNode topics = log.path("topics");
      if (topics.size() == 3 && Hash.fromHex(topics.get(0).asText()).equals(NEW_MINER_ID)) {
        byte[] id = Hex.decode(topics.get(1).asText());
        Path tmp = minerIdFile.resolveSibling("miner-id.tmp");
        Files.writeString(tmp, Hex.prefixed(id) + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, minerIdFile, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
        LOG.info("PoRA miner id " + Hex.prefixed(id) + " registered for "
            + config.key().address());
        minerId = id;
        return id;
      }
    }
    throw new IOException("requestMinerId emitted no NewMinerId event");
  }

  private void submit(Context ctx, PoraMiner.Answer answer) throws IOException {
    byte[] input = encodeSubmit(answer);
    String where = "epoch " + ctx.epoch() + ", recall position " + answer.recallPosition();
    try {
      estimate(config.mineAddress(), input);
    } catch (JsonRpcClient.CallException e) {
      refused.incrementAndGet();
      String why = reason(e);
      LOG.info("PoRA answer ({}) refused: {}", where, why);
      if (why.equals("TooManySubmissions") || why.equals("OutsideSubtaskWindow")) {
        restUntilAfter = ctx.epoch();
      }
      return;
    }
    JsonNode receipt = send(config.mineAddress(), input);
    if ("0x1".equals(receipt.path("status").asText())) {
      accepted.incrementAndGet();
      LOG.info("PoRA answer accepted ({}, seal {}), tx {}; {} so far", where,
          answer.sealOffset(), receipt.path("transactionHash").asText(), accepted.get());
    } else {
      refused.incrementAndGet();
      LOG.info("PoRA answer ({}) reverted in tx {}", where,
          receipt.path("transactionHash").asText());
    }
  }

  /** ABI encoding of {@code PoraMine.submit(answer)}. */
  public static byte[] encodeSubmit(PoraMiner.Answer a) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(Hex.decode(SUBMIT));
    out.writeBytes(word(BigInteger.valueOf(32))); // the answer is a dynamic tuple
    out.writeBytes(a.contextDigest());
    out.writeBytes(a.nonce());
    out.writeBytes(a.minerId());
    PoraMiner.Range r = a.range();
    out.writeBytes(word(BigInteger.valueOf(r.startPosition())));
    out.writeBytes(word(BigInteger.valueOf(r.mineLength())));
    out.writeBytes(word(BigInteger.valueOf(r.shardId())));
    out.writeBytes(word(r.shardMask()));
    out.writeBytes(word(BigInteger.valueOf(a.recallPosition())));
    out.writeBytes(word(BigInteger.valueOf(a.sealOffset())));
    out.writeBytes(a.sealedContextDigest());
    out.writeBytes(a.sealedData()); // bytes32[128], inline
    int headWords = 3 + 4 + 2 + 1 + 128 + 1;
    out.writeBytes(word(BigInteger.valueOf(32L * headWords)));
    out.writeBytes(word(BigInteger.valueOf(a.merkleProof().size())));
    a.merkleProof().forEach(h -> out.writeBytes(h.toArray()));
    return out.toByteArray();
  }

  private String reason(JsonRpcClient.CallException e) {
    String data = e.data() == null ? "" : e.data().asText();
    if (data.length() >= 10) {
      String name = ERRORS.get(data.substring(2, 10).toLowerCase());
      if (name != null) {
        return name;
      }
    }
    return e.getMessage() + (data.isEmpty() ? "" : " " + data);
  }

  private long estimate(Address to, byte[] input) throws IOException {
    return quantity(chain.call("eth_estimateGas", Map.of("from",
        config.key().address().toHex(), "to", to.toHex(), "data", Hex.prefixed(input))));
  }

  /** Signs and sends a transaction, then waits for its receipt. */
  private JsonNode send(Address to, byte[] input) throws IOException {
    long gas = estimate(to, input);
    long chainId = quantity(chain.call("eth_chainId"));
    long nonce = quantity(chain.call("eth_getTransactionCount",
        config.key().address().toHex(), "pending"));
    JsonNode latest = chain.call("eth_getBlockByNumber", "latest", false);
    BigInteger baseFee = latest.hasNonNull("baseFeePerGas")
        ? new BigInteger(1, Hex.decodeLenient(latest.get("baseFeePerGas").asText())) : GWEI;
    Transaction tx = TransactionSigner.sign(new DynamicFeeTransaction(chainId, nonce, GWEI,
        baseFee.shiftLeft(1).add(GWEI), gas + gas / 5, to, BigInteger.ZERO, input, List.of(),
        Transaction.UNSIGNED), config.key().privateKey());
    Hash hash = Hash.fromHex(chain.call("eth_sendRawTransaction", Hex.prefixed(tx.encode()))
        .asText());
    long deadline = System.nanoTime() + RECEIPT_TIMEOUT.toNanos();
    while (true) {
      JsonNode receipt = chain.call("eth_getTransactionReceipt", hash.toHex());
      if (receipt != null && !receipt.isNull()) {
        return receipt;
      }
      if (System.nanoTime() > deadline || !running) {
        throw new IOException("transaction " + hash + " not mined in " + RECEIPT_TIMEOUT);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + hash, e);
      }
    }
  }

  /** An {@code eth_call} from the miner's account at the latest block. */
  private byte[] call(Address to, String selector, byte[] args) throws IOException {
    JsonNode result = chain.call("eth_call", Map.of("from", config.key().address().toHex(),
        "to", to.toHex(), "data", "0x" + selector + Hex.encode(args)), "latest");
    return Hex.decodeLenient(result.asText());
  }

  private static BigInteger uint(byte[] data, int wordIndex) throws IOException {
    if (data.length < 32 * (wordIndex + 1)) {
      throw new IOException("short contract answer: " + data.length + " bytes");
    }
    return new BigInteger(1, java.util.Arrays.copyOfRange(data, 32 * wordIndex,
        32 * wordIndex + 32));
  }

  private static byte[] word(byte[] data, int wordIndex) {
    return java.util.Arrays.copyOfRange(data, 32 * wordIndex, 32 * wordIndex + 32);
  }

  private static byte[] word(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] w = new byte[32];
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, w, 32 - n, n);
    return w;
  }

  private static byte[] keccak(byte[] a, byte[] b) {
    Keccak256 k = new Keccak256();
    k.update(a);
    k.update(b);
    return k.digest();
  }

  private static long quantity(JsonNode node) throws IOException {
    String text = node == null ? "" : node.asText();
    if (!text.startsWith("0x") || text.length() < 3 || text.length() > 18) {
      throw new IOException("expected a hex quantity, got " + node);
    }
    return Long.parseUnsignedLong(text.substring(2), 16);
  }

  private static String selector(String signature) {
    return Hex.encode(java.util.Arrays.copyOf(
        Keccak256.hash(signature.getBytes(StandardCharsets.US_ASCII)), 4));
  }

  private static Map<String, String> errors(String... signatures) {
    Map<String, String> out = new java.util.HashMap<>();
    for (String s : signatures) {
      out.put(selector(s), s.substring(0, s.indexOf('(')));
    }
    return Map.copyOf(out);
  }

  @Override
  public void close() {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
      thread = null;
    }
    if (t != null) {
      t.interrupt();
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      workers.shutdownNow();
    }
    LOG.info("PoRA miner stopped: " + accepted.get() + " answers accepted, " + refused.get()
        + " refused, " + nonces.get() + " nonces tried");
  }
}
