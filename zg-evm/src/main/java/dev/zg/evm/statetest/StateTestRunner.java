package dev.zg.evm.statetest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.common.UInt256;
import dev.zg.common.rlp.RlpWriter;
import dev.zg.evm.BlockEnv;
import dev.zg.evm.InvalidTransactionException;
import dev.zg.evm.TransactionProcessor;
import dev.zg.evm.TransactionResult;
import dev.zg.evm.TxEnv;
import dev.zg.evm.interpreter.CodeCache;
import dev.zg.evm.interpreter.Tracer;
import dev.zg.evm.precompile.Precompiles;
import dev.zg.evm.state.EvmState;
import dev.zg.evm.state.Log;
import dev.zg.evm.state.MemoryWorld;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Runs GeneralStateTests files ({@code ethereum/tests} format): for each post-state case it
 * builds the pre-state, executes the indexed transaction, and compares the state root and
 * the logs hash. A case that expects an exception passes when zg rejects the transaction
 * (the post state is then not compared, as in the reference runner).
 *
 * <p>Instances are not thread-safe; use one per thread.
 */
public final class StateTestRunner {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The fork zg implements; cases for other forks are ignored. */
  public static final String FORK = "Cancun";

  private final TransactionProcessor processor =
      new TransactionProcessor(Precompiles.cancun().asMap(), new CodeCache(64L << 20));

  /** Every Cancun case of a file, run in order. */
  public List<StateTestResult> runFile(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      StateTestCase c = new StateTestCase(file.toString(), "(file)", FORK, 0, 0, 0, 0);
      return List.of(new StateTestResult(c, false, null, null, null, null,
          "cannot read or parse: " + e.getMessage(), 0));
    }
    List<StateTestResult> results = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> test = it.next();
      JsonNode posts = test.getValue().path("post").path(FORK);
      for (int i = 0; i < posts.size(); i++) {
        JsonNode indexes = posts.get(i).path("indexes");
        StateTestCase c = new StateTestCase(file.toString(), test.getKey(), FORK,
            indexes.path("data").asInt(), indexes.path("gas").asInt(),
            indexes.path("value").asInt(), i);
        results.add(runCase(c, test.getValue(), null));
      }
    }
    return results;
  }

  /** Runs one case; {@code tracer} (may be null) sees every instruction. */
  public StateTestResult runCase(StateTestCase c, JsonNode test, Tracer tracer) {
    JsonNode post = test.path("post").path(c.fork()).get(c.postIndex());
    String expectedRoot = post.path("hash").asText();
    String expectedLogs = post.path("logs").asText();
    String expectException = post.hasNonNull("expectException")
        ? post.get("expectException").asText() : null;
    try {
      MemoryWorld world = MemoryWorld.fromJson(test.path("pre"));
      BlockEnv block = blockEnv(test.path("env"));
      EvmState state = new EvmState(world);
      TxEnv tx;
      try {
        tx = txEnv(test.path("transaction"), c, post);
      } catch (IllegalArgumentException malformed) {
        return expectedFailure(c, expectException, expectedRoot, expectedLogs, null,
            "malformed transaction: " + malformed.getMessage());
      }
      TransactionResult result = null;
      String rejection = null;
      try {
        result = processor.execute(state, block, tx, tracer);
      } catch (InvalidTransactionException e) {
        rejection = e.reason() + ": " + e.getMessage();
        state.finishTransaction();
      }
      // The reference runner pays the coinbase zero after every case, which touches it.
      state.addBalance(block.coinbase(), UInt256.ZERO);
      state.finishTransaction();
      world.apply(state.changes());
      String actualRoot = world.stateRoot().toHex();
      if (rejection != null) {
        return expectedFailure(c, expectException, expectedRoot, expectedLogs, actualRoot,
            rejection);
      }
      String actualLogs = logsHash(result.logs()).toHex();
      if (expectException != null) {
        return new StateTestResult(c, false, expectedRoot, actualRoot, expectedLogs, actualLogs,
            "expected exception " + expectException + " but the transaction was valid",
            result.gasUsed());
      }
      boolean rootOk = actualRoot.equalsIgnoreCase(expectedRoot);
      boolean logsOk = actualLogs.equalsIgnoreCase(expectedLogs);
      String error = rootOk && logsOk ? null
          : (rootOk ? "" : "state root mismatch") + (!rootOk && !logsOk ? "; " : "")
              + (logsOk ? "" : "logs hash mismatch");
      return new StateTestResult(c, rootOk && logsOk, expectedRoot, actualRoot, expectedLogs,
          actualLogs, error, result.gasUsed());
    } catch (RuntimeException | StackOverflowError e) {
      return new StateTestResult(c, false, expectedRoot, null, expectedLogs, null,
          "crashed: " + e, 0);
    }
  }

  private static StateTestResult expectedFailure(StateTestCase c, String expectException,
      String expectedRoot, String expectedLogs, String actualRoot, String rejection) {
    boolean passed = expectException != null;
    String error = passed ? null : "transaction rejected: " + rejection;
    return new StateTestResult(c, passed, expectedRoot, actualRoot, expectedLogs, null, error, 0);
  }

  /** keccak(rlp([[address, [topics...], data], ...])). */
  public static Hash logsHash(List<Log> logs) {
    RlpWriter w = new RlpWriter(256);
    w.startList();
    for (Log log : logs) {
      w.startList().writeBytes(log.address().bytesUnsafe()).startList();
      for (Hash topic : log.topics()) {
        w.writeBytes(topic.bytesUnsafe());
      }
      w.endList().writeBytes(log.data()).endList();
    }
    w.endList();
    return Hash.keccak(w.toByteArray());
  }

  static BlockEnv blockEnv(JsonNode env) {
    long number = quantity(env.path("currentNumber")).longValueExact();
    JsonNode random = env.hasNonNull("currentRandom") ? env.get("currentRandom")
        : env.path("currentDifficulty");
    return new BlockEnv(
        number,
        Address.fromHex(env.path("currentCoinbase").asText()),
        quantity(env.path("currentTimestamp")).longValueExact(),
        quantity(env.path("currentGasLimit")).longValueExact(),
        env.hasNonNull("currentBaseFee")
            ? UInt256.fromBigInteger(quantity(env.get("currentBaseFee"))) : UInt256.valueOf(10),
        Hash.wrap(UInt256.fromBigInteger(quantity(random)).toBytes32()),
        env.hasNonNull("currentExcessBlobGas")
            ? quantity(env.get("currentExcessBlobGas")).longValueExact() : 0,
        1,
        StateTestRunner::testBlockHash);
  }

  /** The reference runner's BLOCKHASH: keccak of the block number in decimal. */
  static Hash testBlockHash(long number) {
    return Hash.keccak(Long.toString(number).getBytes(StandardCharsets.US_ASCII));
  }

  static TxEnv txEnv(JsonNode tx, StateTestCase c, JsonNode post) {
    byte[] data = Hex.decode(tx.path("data").get(c.dataIndex()).asText());
    BigInteger gasLimit = quantity(tx.path("gasLimit").get(c.gasIndex()));
    BigInteger value = quantity(tx.path("value").get(c.valueIndex()));
    if (value.bitLength() > 256) {
      throw new IllegalArgumentException("value larger than 256 bits");
    }
    if (gasLimit.bitLength() > 63) {
      throw new IllegalArgumentException("gas limit larger than 2^63");
    }
    Address sender = tx.hasNonNull("sender") && !tx.get("sender").asText().isEmpty()
        ? Address.fromHex(tx.get("sender").asText())
        : Secp256k1.KeyPair.fromPrivateKey(Hex.decode(tx.path("secretKey").asText())).address();
    String toText = tx.path("to").asText("");
    Address to = toText.isEmpty() ? null : Address.fromHex(toText);
    int type;
    BigInteger maxFee;
    BigInteger priority;
    if (tx.hasNonNull("maxFeePerGas")) {
      maxFee = quantity(tx.get("maxFeePerGas"));
      priority = quantity(tx.get("maxPriorityFeePerGas"));
      type = 2;
    } else {
      maxFee = quantity(tx.path("gasPrice"));
      priority = maxFee;
      type = 0;
    }
    List<TxEnv.AccessListEntry> accessList = List.of();
    JsonNode lists = tx.path("accessLists");
    if (lists.isArray() && lists.size() > c.dataIndex() && !lists.get(c.dataIndex()).isNull()) {
      accessList = accessList(lists.get(c.dataIndex()));
      type = Math.max(type, 1);
    }
    List<Hash> blobHashes = List.of();
    BigInteger maxFeePerBlobGas = BigInteger.ZERO;
    if (tx.has("blobVersionedHashes")) {
      blobHashes = new ArrayList<>();
      for (JsonNode h : tx.get("blobVersionedHashes")) {
        blobHashes.add(Hash.fromHex(h.asText()));
      }
      maxFeePerBlobGas = quantity(tx.path("maxFeePerBlobGas"));
      type = 3;
    }
    BigInteger nonce = quantity(tx.path("nonce"));
    if (nonce.bitLength() > 64) {
      throw new IllegalArgumentException("nonce larger than 64 bits");
    }
    return new TxEnv(type, sender, to, nonce.longValue(), gasLimit.longValueExact(),
        UInt256.fromBigInteger(value), data, maxFee, priority, accessList, blobHashes,
        maxFeePerBlobGas);
  }

  private static List<TxEnv.AccessListEntry> accessList(JsonNode list) {
    List<TxEnv.AccessListEntry> out = new ArrayList<>();
    for (JsonNode entry : list) {
      List<UInt256> keys = new ArrayList<>();
      for (JsonNode k : entry.path("storageKeys")) {
        keys.add(UInt256.parse(k.asText()));
      }
      out.add(new TxEnv.AccessListEntry(Address.fromHex(entry.path("address").asText()), keys));
    }
    return out;
  }

  /** A JSON quantity: hex with 0x (any length, "0x" alone is zero) or decimal. */
  static BigInteger quantity(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return BigInteger.ZERO;
    }
    if (node.isNumber()) {
      return node.bigIntegerValue();
    }
    String text = node.asText().trim();
    if (Hex.hasPrefix(text)) {
      return text.length() == 2 ? BigInteger.ZERO : new BigInteger(text.substring(2), 16);
    }
    return text.isEmpty() ? BigInteger.ZERO : new BigInteger(text);
  }

}
