package dev.zg.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.chain.tx.AccessListEntry;
import dev.zg.chain.tx.AccessListTransaction;
import dev.zg.chain.tx.DynamicFeeTransaction;
import dev.zg.chain.tx.LegacyTransaction;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.TransactionSigner;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * The differential acceptance test: one sequence of signed transactions (the same bytes) goes
 * to a Hardhat node and to {@code zg devnet}, both from the same genesis accounts with a 1 gwei
 * initial base fee, 30M gas blocks and a block per transaction. Everything both define the same
 * way must agree: receipts (status, gas used, cumulative gas, effective gas price, contract
 * address, logs and bloom), transactions, block gas and roots of transactions and receipts,
 * eth_estimateGas (within the 1.5% a binary search may stop short by), eth_call results and
 * revert data, balances, nonces, code and storage, eth_getLogs, eth_feeHistory, and
 * debug_traceTransaction/debug_traceCall struct logs. zg's callTracer, which Hardhat lacks, is
 * checked against the call frames Hardhat's struct logs show.
 *
 * <p>What legitimately differs is left out: block hashes, timestamps and state roots (Hardhat
 * predeploys and calls the EIP-4788 beacon-roots contract; zg has no beacon chain), the
 * coinbase (Hardhat's 0xc014ba5e…, zg's the first devnet account), and error messages (Hardhat
 * answers reverts with -32603 and its own wording, zg as go-ethereum with code 3).
 */
@Timeout(600)
class HardhatDifferentialTest {
  private static final long CHAIN_ID = DevnetGenesis.DEFAULT_CHAIN_ID;
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);
  private static final BigInteger TIP = GWEI;
  private static final BigInteger MAX_FEE = GWEI.multiply(BigInteger.TEN);
  private static final BigInteger LEGACY_PRICE = GWEI.multiply(BigInteger.valueOf(5));
  private static final BigInteger ETHER = BigInteger.TEN.pow(18);
  private static final double ESTIMATE_TOLERANCE = 0.016;

  @TempDir
  static Path folder;
  private static HardhatNode hardhat;
  private static DevnetProcess devnet;
  private static JsonRpc hh;
  private static JsonRpc zg;
  private static JsonNode contracts;

  private final List<Secp256k1.KeyPair> keys = DevnetGenesis.accounts();
  private final Map<Address, Long> nonces = new HashMap<>();
  private final SoftAssertions soft = new SoftAssertions();
  private final JsonComparison json = new JsonComparison(soft);
  private final TraceComparison traces = new TraceComparison(soft);

  private enum Kind { LEGACY, ACCESS_LIST, DYNAMIC }

  /** A transaction both chains included, with zg's receipt. */
  private record Sent(String label, String hash, JsonNode receipt) {
    Address contract() {
      return Address.fromHex(receipt.get("contractAddress").asText());
    }
  }

  @BeforeAll
  static void start() {
    contracts = NpmProject.contractsJson();
    hardhat = HardhatNode.start(folder.resolve("hardhat"));
    devnet = DevnetProcess.start(folder.resolve("devnet"));
    hh = new JsonRpc(hardhat.rpc);
    zg = new JsonRpc(devnet.rpc);
  }

  @AfterAll
  static void stop() {
    try {
      if (hardhat != null) {
        hardhat.close();
      }
    } finally {
      if (devnet != null) {
        devnet.close();
      }
    }
  }

  @Test
  void sameTransactionsGiveTheSameReceiptsCallsEstimatesAndTraces() {
    assertThat(zg.call("eth_chainId")).isEqualTo(hh.call("eth_chainId"));
    assertThat(zg.call("eth_blockNumber").asText()).isEqualTo("0x0");
    assertThat(hh.call("eth_blockNumber").asText()).isEqualTo("0x0");
    try (EventComparison events = EventComparison.start(soft, zg, devnet.ws, hh, hardhat.ws)) {
      runSequence();
      events.compare();
    }
    soft.assertAll();
  }

  /** The transaction sequence, each compared as it goes; then the state both ended in. */
  private void runSequence() {
    int a = 1;
    int b = 2;
    int c = 3;
    int d = 4;
    BigInteger supply = ETHER.multiply(BigInteger.valueOf(1_000_000));

    Address token = deploy("deploy ZgToken", a, "ZgToken", new Uint256(supply)).contract();
    Address probe = deploy("deploy Probe", a, "Probe").contract();
    send("legacy value transfer", d, Kind.LEGACY, address(b), ETHER, "0x", null, true);
    call("token.transfer", a, Kind.DYNAMIC, token, fn("transfer", addr(b), uint(ETHER.multiply(
        BigInteger.valueOf(1000)))), true);
    call("token.approve with an access list", b, Kind.ACCESS_LIST, token, fn("approve", addr(c),
        uint(ETHER.multiply(BigInteger.valueOf(500)))), true);
    call("token.transferFrom", c, Kind.DYNAMIC, token, fn("transferFrom", addr(b), addr(c),
        uint(ETHER.multiply(BigInteger.valueOf(200)))), true);
    String tooMuch = fn("transfer", addr(c), uint(BigInteger.TEN.pow(30)));
    compareFailedEstimate("estimate of a reverting transfer", b, token, tooMuch);
    send("reverting token.transfer", b, Kind.DYNAMIC, token, BigInteger.ZERO, tooMuch, 100_000L,
        false);

    call("probe.put(1, 10)", a, Kind.DYNAMIC, probe, fn("put", uint(1), uint(10)), true);
    call("probe.put(2, 20)", a, Kind.DYNAMIC, probe, fn("put", uint(2), uint(20)), true);
    call("probe.putMany", a, Kind.DYNAMIC, probe, fn("putMany", uint(10), uint(5)), true);
    call("probe.erase (refund)", b, Kind.DYNAMIC, probe, fn("erase", uint(1)), true);
    call("probe.put(2, 0) (refund)", b, Kind.LEGACY, probe, fn("put", uint(2), uint(0)), true);
    call("probe.note: four topics, anonymous, LOG0", c, Kind.DYNAMIC, probe, fn("note", uint(7),
        bytes32(0x5a), new Utf8String("hello zg")), true);
    call("probe.chain(5): nested self-calls", c, Kind.DYNAMIC, probe, fn("chain", uint(5)), true);
    for (int how : new int[] {0, 1, 3, 4}) {
      call("probe.tryFail(" + how + "): caught inner failure", a, Kind.DYNAMIC, probe,
          fn("tryFail", uint(how)), true);
    }
    send("probe.fail(1): custom error", a, Kind.DYNAMIC, probe, BigInteger.ZERO,
        fn("fail", uint(1)), 60_000L, false);
    send("probe.fail(4): invalid opcode", a, Kind.ACCESS_LIST, probe, BigInteger.ZERO,
        fn("fail", uint(4)), 80_000L, false);
    Bytes32 salt = bytes32(0x01);
    send("probe.spawn: CREATE2 with value", a, Kind.DYNAMIC, probe, BigInteger.ONE,
        fn("spawn", salt, uint(42)), null, true);
    Address child = Address.fromHex(callBoth("predict", a, probe, fn("predict", salt, uint(42)))
        .substring(26));
    send("probe.spawn again: CREATE2 collision", a, Kind.DYNAMIC, probe, BigInteger.ZERO,
        fn("spawn", salt, uint(42)), 400_000L, false);
    call("probe.spawnAndDestroy: EIP-6780 deletes", b, Kind.DYNAMIC, probe,
        fn("spawnAndDestroy", bytes32(0x02)), true);
    call("child.destroy later: EIP-6780 keeps", c, Kind.DYNAMIC, child, fn("destroy", addr(c)),
        true);
    call("probe.transient: EIP-1153", a, Kind.DYNAMIC, probe, fn("transient", uint(5)), true);
    send("probe.forward with value (legacy)", d, Kind.LEGACY, probe, BigInteger.valueOf(12_345),
        fn("forward", addr(b)), null, true);
    send("value to probe's receive()", a, Kind.DYNAMIC, probe, BigInteger.valueOf(777), "0x",
        null, true);
    send("probe.putMany out of gas", a, Kind.DYNAMIC, probe, BigInteger.ZERO,
        fn("putMany", uint(100), uint(50)), 100_000L, false);
    send("failing creation (init code reverts)", b, Kind.DYNAMIC, null, BigInteger.ZERO,
        "0x60006000fd", 100_000L, false);
    send("zero-value transfer to self", c, Kind.DYNAMIC, address(c), BigInteger.ZERO, "0x", null,
        true);

    compareCalls(token, probe, child, a, b, c);
    compareAccounts(List.of(address(a), address(b), address(c), address(d), token, probe, child),
        probe);
    compareLogs(token, probe);
    compareFeeHistory();
    compareTraceCalls(probe, a);
  }

  // ---- sending ------------------------------------------------------------------------------

  private Sent deploy(String label, int from, String contract, Type<?>... args) {
    String data = contracts.get(contract).get("bytecode").asText()
        + FunctionEncoder.encodeConstructor(List.of(args));
    return send(label, from, Kind.DYNAMIC, null, BigInteger.ZERO, data, null, true);
  }

  private Sent call(String label, int from, Kind kind, Address to, String data, boolean success) {
    return send(label, from, kind, to, BigInteger.ZERO, data, null, success);
  }

  /**
   * Estimates the gas on both (unless {@code gas} is given), sends the same signed bytes with
   * zg's estimate as the limit, and compares the receipts, transactions, blocks and traces.
   */
  private Sent send(String label, int from, Kind kind, Address to, BigInteger value, String data,
      Long gas, boolean success) {
    // Type-1 transactions warm the target and two of its slots (EIP-2930).
    List<AccessListEntry> accessList = kind != Kind.ACCESS_LIST || to == null ? List.of()
        : List.of(new AccessListEntry(to, List.of(Hash.ZERO, Hash.wrap(slot(7)))));
    long gasLimit = gas != null ? gas : compareEstimates(label, from, to, value, data, accessList);
    Secp256k1.KeyPair key = keys.get(from);
    long nonce = nonces.merge(key.address(), 1L, Long::sum) - 1;
    byte[] input = Hex.decode(data);
    Transaction unsigned = switch (kind) {
      case LEGACY -> new LegacyTransaction(nonce, LEGACY_PRICE, gasLimit, to, value, input,
          OptionalLong.of(CHAIN_ID), Transaction.UNSIGNED);
      case ACCESS_LIST -> new AccessListTransaction(CHAIN_ID, nonce, LEGACY_PRICE, gasLimit, to,
          value, input, accessList, Transaction.UNSIGNED);
      case DYNAMIC -> new DynamicFeeTransaction(CHAIN_ID, nonce, TIP, MAX_FEE, gasLimit, to, value,
          input, List.of(), Transaction.UNSIGNED);
    };
    Transaction tx = TransactionSigner.sign(unsigned, key.privateKey());
    String raw = Hex.prefixed(tx.encode());
    String hash = Hex.prefixed(tx.hash().bytesUnsafe());
    assertThat(zg.call("eth_sendRawTransaction", raw).asText()).as(label).isEqualTo(hash);
    assertThat(hh.call("eth_sendRawTransaction", raw).asText()).as(label).isEqualTo(hash);
    JsonNode zr = zg.awaitReceipt(hash);
    JsonNode hr = hh.awaitReceipt(hash);
    soft.assertThat(zr.get("status").asText()).as("%s: status on zg", label)
        .isEqualTo(success ? "0x1" : "0x0");
    json.receipts(label, zr, hr);
    json.transactions(label, zg.call("eth_getTransactionByHash", hash),
        hh.call("eth_getTransactionByHash", hash));
    compareBlocks(label, zr.get("blockNumber").asText());
    traces.structLogs(label, zg.call("debug_traceTransaction", hash),
        hh.call("debug_traceTransaction", hash));
    traces.callTracer(label, zg.call("debug_traceTransaction", hash,
        JsonRpc.object("tracer", "callTracer")), zr,
        hh.call("debug_traceTransaction", hash).get("structLogs"));
    return new Sent(label, hash, zr);
  }

  // ---- comparisons --------------------------------------------------------------------------

  private long compareEstimates(String label, int from, Address to, BigInteger value,
      String data, List<AccessListEntry> accessList) {
    ObjectNode request = (ObjectNode) callObject(from, to, value, data);
    if (!accessList.isEmpty()) {
      ArrayNode list = request.putArray("accessList");
      for (AccessListEntry e : accessList) {
        ObjectNode entry = list.addObject().put("address", e.address().toHex());
        e.storageKeys().forEach(k ->
            entry.withArray("storageKeys").add(Hex.prefixed(k.bytesUnsafe())));
      }
    }
    long z = quantity(zg.call("eth_estimateGas", request)).longValueExact();
    long h = quantity(hh.call("eth_estimateGas", request)).longValueExact();
    soft.assertThat((double) Math.abs(z - h) / h).as("%s: eth_estimateGas zg %d, Hardhat %d",
        label, z, h).isLessThanOrEqualTo(ESTIMATE_TOLERANCE);
    return z;
  }

  private void compareFailedEstimate(String label, int from, Address to, String data) {
    JsonNode request = callObject(from, to, BigInteger.ZERO, data);
    JsonRpc.Error z = zg.error("eth_estimateGas", request);
    JsonRpc.Error h = hh.error("eth_estimateGas", request);
    soft.assertThat(z.code).as("%s: code (zg answers reverts as go-ethereum)", label).isEqualTo(3);
    soft.assertThat(text(z.data)).as("%s: revert data", label).isEqualTo(hardhatRevertData(h));
  }

  private void compareBlocks(String label, String number) {
    JsonNode z = zg.call("eth_getBlockByNumber", number, false);
    JsonNode h = hh.call("eth_getBlockByNumber", number, false);
    json.blocks(label, z, h);
    JsonNode zFull = zg.call("eth_getBlockByNumber", number, true);
    JsonNode hFull = hh.call("eth_getBlockByNumber", number, true);
    json.transactions(label + ": full block", zFull.get("transactions").get(0),
        hFull.get("transactions").get(0));
  }

  private void compareCalls(Address token, Address probe, Address child, int a, int b, int c) {
    callBoth("token.balanceOf(a)", a, token, fn("balanceOf", addr(a)));
    callBoth("token.balanceOf(b)", a, token, fn("balanceOf", addr(b)));
    callBoth("token.balanceOf(c)", a, token, fn("balanceOf", addr(c)));
    callBoth("token.allowance(b, c)", a, token, fn("allowance", addr(b), addr(c)));
    callBoth("token.totalSupply", a, token, fn("totalSupply"));
    callBoth("token.name", a, token, fn("name"));
    callBoth("token.symbol", a, token, fn("symbol"));
    for (int k : new int[] {1, 2, 10, 14, 15, 1000, 1001, 1003, 1004}) {
      callBoth("probe.slots(" + k + ")", a, probe, fn("slots", uint(k)));
    }
    callBoth("probe.total", a, probe, fn("total"));
    callBoth("probe.readTransient (cleared after the transaction)", a, probe, fn("readTransient"));
    callBoth("probe.copy: MCOPY", a, probe, fn("copy", new DynamicBytes(Hex.decode(
        "0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021"))));
    callBoth("probe.chain(3) as a call", a, probe, fn("chain", uint(3)));
    callBoth("child.value", a, child, fn("value"));
    for (int how = 0; how <= 6; how++) {
      callBoth("probe.fail(" + how + ")", a, probe, fn("fail", uint(how)));
    }
    callBoth("token.transfer beyond the balance", b, token, fn("transfer", addr(c),
        uint(BigInteger.TEN.pow(30))));
    callBoth("no code at the target", a, address(9), fn("name"));
    callBoth("a creation returns the deployed code", a, null,
        contracts.get("Child").get("bytecode").asText() + FunctionEncoder.encodeConstructor(
            List.of(uint(3))));
  }

  /** eth_call on both: the same output, or the same revert data. Returns zg's output. */
  private String callBoth(String label, int from, Address to, String data) {
    JsonNode request = callObject(from, to, BigInteger.ZERO, data);
    JsonNode z = zg.send(zg.request("eth_call", request, "latest"));
    JsonNode h = hh.send(hh.request("eth_call", request, "latest"));
    if (h.has("result")) {
      soft.assertThat(z.path("result").asText()).as("%s: eth_call (zg error %s)", label,
          z.get("error")).isEqualTo(h.get("result").asText());
      return z.path("result").asText();
    }
    soft.assertThat(z.has("error")).as("%s: eth_call fails on zg too (Hardhat: %s)", label,
        h.get("error")).isTrue();
    String hardhatData = hardhatRevertData(new JsonRpc.Error("eth_call", h.get("error")));
    boolean revert = !hardhatData.equals("0x") || h.get("error").toString().contains("revert");
    if (revert && z.has("error")) {
      soft.assertThat(z.get("error").get("code").asInt()).as("%s: revert code", label).isEqualTo(3);
      soft.assertThat(text(z.get("error").get("data"))).as("%s: revert data", label)
          .isEqualTo(hardhatData);
    }
    return "";
  }

  private void compareAccounts(List<Address> accounts, Address probe) {
    for (Address who : accounts) {
      String hex = who.toHex();
      for (String method : List.of("eth_getBalance", "eth_getTransactionCount", "eth_getCode")) {
        soft.assertThat(zg.call(method, hex, "latest")).as("%s of %s", method, hex)
            .isEqualTo(hh.call(method, hex, "latest"));
      }
    }
    for (String slot : List.of("0x0", "0x1", "0x2")) {
      soft.assertThat(zg.call("eth_getStorageAt", probe.toHex(), slot, "latest"))
          .as("probe storage %s", slot)
          .isEqualTo(hh.call("eth_getStorageAt", probe.toHex(), slot, "latest"));
    }
  }

  private void compareLogs(Address token, Address probe) {
    String noted = "0x" + Hex.encode(dev.zg.common.Keccak256.hash(
        "Noted(address,uint256,bytes32,string)".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    List<JsonNode> filters = List.of(
        JsonRpc.object("fromBlock", "0x0", "toBlock", "latest"),
        JsonRpc.object("fromBlock", "0x0", "address", probe.toHex()),
        JsonRpc.object("fromBlock", "0x0", "address", List.of(token.toHex(), probe.toHex()),
            "topics", List.of(List.of(noted))),
        JsonRpc.object("fromBlock", "0x3", "toBlock", "0x8", "topics",
            java.util.Arrays.asList(null, null, "0x" + "00".repeat(12) + keys.get(3).address()
                .toHex().substring(2))));
    for (JsonNode filter : filters) {
      ArrayNode z = (ArrayNode) zg.call("eth_getLogs", filter);
      ArrayNode h = (ArrayNode) hh.call("eth_getLogs", filter);
      soft.assertThat(z.size()).as("eth_getLogs %s: count", filter).isEqualTo(h.size());
      for (int i = 0; i < Math.min(z.size(), h.size()); i++) {
        json.fields("eth_getLogs " + filter + " #" + i, z.get(i), h.get(i),
            JsonComparison.LOG_FIELDS);
      }
    }
  }

  private void compareFeeHistory() {
    JsonNode z = zg.call("eth_feeHistory", "0x10", "latest", List.of(10, 50, 90));
    JsonNode h = hh.call("eth_feeHistory", "0x10", "latest", List.of(10, 50, 90));
    json.fields("eth_feeHistory", z, h, Set.of("oldestBlock", "baseFeePerGas", "reward"));
    soft.assertThat(z.get("gasUsedRatio").size()).as("eth_feeHistory: gasUsedRatio")
        .isEqualTo(h.get("gasUsedRatio").size());
    for (int i = 0; i < Math.min(z.get("gasUsedRatio").size(), h.get("gasUsedRatio").size()); i++) {
      // Ratios of the same integers, computed in different orders: equal up to rounding.
      soft.assertThat(z.get("gasUsedRatio").get(i).asDouble()).as("gasUsedRatio %d", i)
          .isCloseTo(h.get("gasUsedRatio").get(i).asDouble(), Offset.offset(1e-12));
    }
  }

  private void compareTraceCalls(Address probe, int from) {
    for (String data : List.of(fn("fail", uint(0)), fn("chain", uint(2)), fn("put", uint(3),
        uint(4)))) {
      JsonNode request = callObject(from, probe, BigInteger.ZERO, data);
      request = ((ObjectNode) request).put("gas", "0x1e8480"); // the same limit on both
      traces.structLogs("debug_traceCall " + data.substring(0, 10),
          zg.call("debug_traceCall", request, "latest"),
          hh.call("debug_traceCall", request, "latest"));
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private JsonNode callObject(int from, Address to, BigInteger value, String data) {
    ObjectNode o = JsonRpc.JSON.createObjectNode();
    o.put("from", keys.get(from).address().toHex());
    if (to != null) {
      o.put("to", to.toHex());
    }
    if (value.signum() > 0) {
      o.put("value", "0x" + value.toString(16));
    }
    o.put("data", data);
    return o;
  }

  /** Hardhat puts a revert's data under error.data.data. */
  private static String hardhatRevertData(JsonRpc.Error e) {
    JsonNode data = e.data == null ? null : e.data.get("data");
    return data == null || data.isNull() ? "0x" : data.asText();
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? "0x" : node.asText();
  }

  private static BigInteger quantity(JsonNode n) {
    return new BigInteger(TraceComparison.stripHex(n.asText()), 16);
  }

  private Address address(int account) {
    return keys.get(account).address();
  }

  private org.web3j.abi.datatypes.Address addr(int account) {
    return new org.web3j.abi.datatypes.Address(address(account).toHex());
  }

  private static Uint256 uint(long v) {
    return new Uint256(BigInteger.valueOf(v));
  }

  private static Uint256 uint(BigInteger v) {
    return new Uint256(v);
  }

  private static byte[] slot(int last) {
    byte[] b = new byte[32];
    b[31] = (byte) last;
    return b;
  }

  private static Bytes32 bytes32(int last) {
    return new Bytes32(slot(last));
  }

  private static String fn(String name, Type<?>... args) {
    return FunctionEncoder.encode(new Function(name, List.of(args), List.of()));
  }
}
