package dev.zg.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.chain.block.Block;
import dev.zg.chain.block.BlockHeader;
import dev.zg.chain.exec.TxEnvs;
import dev.zg.chain.store.IndexedTransaction;
import dev.zg.chain.tx.AccessListEntry;
import dev.zg.chain.tx.DynamicFeeTransaction;
import dev.zg.chain.tx.Transaction;
import dev.zg.chain.tx.TransactionSigner;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Secp256k1;
import dev.zg.common.UInt256;
import dev.zg.evm.BlockEnv;
import dev.zg.evm.InvalidTransactionException;
import dev.zg.evm.TransactionResult;
import dev.zg.evm.TxEnv;
import dev.zg.evm.interpreter.Halt;
import dev.zg.evm.interpreter.Tracer;
import dev.zg.evm.state.EvmState;
import dev.zg.evm.state.WorldView;
import dev.zg.evm.trace.CallTracer;
import dev.zg.evm.trace.StructLogger;
import dev.zg.node.ChainNode;
import dev.zg.rpc.BlockParam;
import dev.zg.rpc.Json;
import dev.zg.rpc.Param;
import dev.zg.rpc.RpcException;
import dev.zg.rpc.RpcObject;
import dev.zg.rpc.RpcParams;
import dev.zg.rpc.RpcServer;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Running code without including it (eth_call, eth_estimateGas, debug_traceCall), replaying
 * included transactions under a tracer (debug_traceTransaction), and the devnet conveniences
 * that sign with the node's own keys (eth_accounts, eth_sendTransaction, evm_mine).
 */
final class CallMethods {
  /** Steps a struct-logger trace may record before it is cut short. */
  private static final int TRACE_STEPS_MAX = 1_000_000;
  private static final int ACCESS_LIST_MAX = 10_000;
  private static final long PLAIN_TRANSFER_GAS = 21_000;
  private static final long BLOB_GAS_PER_BLOB = 1 << 17;

  private final ChainNode node;
  private final Blocks blocks;
  private final TransactionMethods transactions;
  private final Map<Address, Secp256k1.KeyPair> devKeys;

  CallMethods(ChainNode node, Blocks blocks, TransactionMethods transactions) {
    this.node = node;
    this.blocks = blocks;
    this.transactions = transactions;
    this.devKeys = node.config().devAccounts().stream()
        .collect(Collectors.toMap(Secp256k1.KeyPair::address, Function.identity(), (a, b) -> a,
            java.util.LinkedHashMap::new));
  }

  void register(RpcServer server) {
    server.register("eth_call", (p, c) -> {
      RpcObject call = p.atMost(3).required(0, Param.OBJECT);
      BlockHeader header = blocks.require(p.optional(1, Param.BLOCK, BlockParam.Tag.LATEST));
      Simulation r = simulate(call, header, p.get(2), null, null);
      return Json.data(outcome(r.result(), r.output()));
    });
    server.register("eth_estimateGas", (p, c) -> {
      RpcObject call = p.atMost(3).required(0, Param.OBJECT);
      BlockHeader header = blocks.require(p.optional(1, Param.BLOCK, BlockParam.Tag.LATEST));
      return Json.quantity(estimate(call, header, p.get(2)));
    });
    server.register("debug_traceCall", (p, c) -> {
      RpcObject call = p.atMost(3).required(0, Param.OBJECT);
      BlockHeader header = blocks.require(p.optional(1, Param.BLOCK, BlockParam.Tag.LATEST));
      JsonNode options = p.get(2);
      TraceRequest trace = TraceRequest.of(options);
      JsonNode overrides = options == null ? null : options.get("stateOverrides");
      Simulation r = simulate(call, header, overrides, trace.tracer(), null);
      long gasLimit = call.optional("gas", Param.QUANTITY_LONG, node.config().rpcGasCap());
      return trace.result(r.result(), gasLimit, r.output());
    });
    server.register("debug_traceTransaction", (p, c) ->
        traceTransaction(p.atMost(2).required(0, Param.HASH), TraceRequest.of(p.get(1))));
    server.register("eth_accounts", (p, c) -> {
      ArrayNode out = Json.array();
      devKeys.keySet().forEach(a -> out.add(Json.address(a)));
      return out;
    });
    server.register("eth_sendTransaction", (p, c) -> sendTransaction(p.atMost(1).required(0, Param.OBJECT)));
    server.register("evm_mine", (p, c) -> {
      node.mine();
      return "0x0";
    });
  }

  // ---- simulation --------------------------------------------------------------------------

  /** A simulated call's result, with the state it left behind. */
  record Simulation(TransactionResult result, EvmState state) {
    /** What the call returned; for a creation the new contract's code, as go-ethereum answers. */
    byte[] output() {
      return result.output();
    }
  }

  /**
   * Runs {@code call} on the state after {@code header}. Without fees the base fee is taken as
   * zero, so any account can call (as eth_call does everywhere).
   */
  Simulation simulate(RpcObject call, BlockHeader header, JsonNode overrides,
      Tracer tracer, Long gasOverride) {
    try {
      return run(call, header, overrides, tracer, gasOverride);
    } catch (InvalidTransactionException e) {
      throw new RpcException(Blocks.NOT_FOUND, e.getMessage());
    }
  }

  private Simulation run(RpcObject call, BlockHeader header, JsonNode overrides,
      Tracer tracer, Long gasOverride) throws InvalidTransactionException {
    WorldView view = StateOverrides.apply(
        node.store().worldState().view(header.stateRoot()), overrides);
    EvmState state = new EvmState(view);
    CallParams params = CallParams.of(call, node.config().rpcGasCap());
    long gas = gasOverride != null ? gasOverride : params.gas();
    Address from = params.from();
    var account = view.account(from);
    long nonce = account == null ? 0 : account.nonce();
    TxEnv tx = new TxEnv(params.type(), from, params.to(), nonce, gas, params.value(),
        params.data(), params.maxFee(), params.tip(), params.accessList(), params.blobHashes(),
        params.maxFeePerBlobGas());
    BlockEnv env = new BlockEnv(header.number(), header.coinbase(), header.timestamp(),
        Math.max(header.gasLimit(), gas),
        params.hasFees() ? UInt256.fromBigInteger(header.baseFeePerGas()) : UInt256.ZERO,
        header.mixHash(), header.excessBlobGas(), node.config().chainId(),
        node.store().blockHashes());
    return new Simulation(node.simulator().simulate(state, env, tx, tracer), state);
  }

  /** The return data of a successful call; reverts and halts become the errors clients expect. */
  static byte[] outcome(TransactionResult r, byte[] output) {
    if (r.success()) {
      return output;
    }
    if (r.halt() == Halt.REVERT) {
      throw RpcException.executionReverted(r.output(), revertReason(r.output()));
    }
    throw new RpcException(Blocks.NOT_FOUND, r.halt().traceError());
  }

  static String revertReason(byte[] output) {
    if (output.length < 68 || output[0] != 0x08 || output[1] != (byte) 0xc3
        || output[2] != 0x79 || output[3] != (byte) 0xa0) {
      return null;
    }
    UInt256 offset = UInt256.fromBytes(output, 4, 32);
    if (!offset.fitsLong() || offset.toLongExact() > output.length - 36) {
      return null;
    }
    int at = 4 + (int) offset.toLongExact();
    UInt256 length = UInt256.fromBytes(output, at, 32);
    if (!length.fitsLong() || length.toLongExact() > output.length - at - 32) {
      return null;
    }
    return new String(output, at + 32, (int) length.toLongExact(),
        java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * eth_estimateGas: the least gas limit with which the call succeeds, by binary search
   * between what it used and the cap, starting from geth's optimistic guess. On the head it
   * runs in the next block's context, where a transaction sent now is included.
   */
  long estimate(RpcObject call, BlockHeader at, JsonNode overrides) {
    // On the head, the gas is what the next block will charge: run in its context (number,
    // time, base fee) over the head's state, which the context header carries.
    BlockHeader header = at.hash().equals(node.store().head().hash())
        ? node.pendingContext(at) : at;
    CallParams params = CallParams.of(call, node.config().rpcGasCap());
    long hi = call.has("gas") ? params.gas() : Math.min(node.config().rpcGasCap(),
        Math.max(header.gasLimit(), 21_000));
    WorldView view = StateOverrides.apply(
        node.store().worldState().view(header.stateRoot()), overrides);
    hi = Math.min(hi, allowance(params, view));
    if (params.data().length == 0 && params.to() != null && !hasCode(view, params.to())
        && hi >= PLAIN_TRANSFER_GAS && succeeds(call, header, overrides, PLAIN_TRANSFER_GAS)) {
      return PLAIN_TRANSFER_GAS; // a plain transfer needs exactly this (as go-ethereum answers)
    }
    TransactionResult first = attempt(call, header, overrides, hi);
    if (first == null || !first.success()) {
      if (first != null && first.halt() == Halt.REVERT) {
        throw RpcException.executionReverted(first.output(), revertReason(first.output()));
      }
      throw new RpcException(Blocks.NOT_FOUND, "gas required exceeds allowance (" + hi + ")");
    }
    long lo = first.gasUsed() - 1;
    long optimistic = (first.gasUsed() + first.gasRefunded() + 2300) * 64 / 63;
    if (optimistic < hi) {
      if (succeeds(call, header, overrides, optimistic)) {
        hi = optimistic;
      } else {
        lo = optimistic;
      }
    }
    while (lo + 1 < hi) {
      // Close enough (within 1.5%) is what clients are served elsewhere too; it bounds runs.
      if ((double) (hi - lo) / hi < 0.015) {
        break;
      }
      long mid = lo + (hi - lo) / 2;
      if (succeeds(call, header, overrides, mid)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    return hi;
  }

  /**
   * The most gas the sender can pay for at the call's fee cap, as go-ethereum bounds its
   * search: (balance - value - blob fees) / fee cap. Without a fee cap, no bound.
   */
  private static long allowance(CallParams params, WorldView view) {
    if (params.maxFee().signum() == 0) {
      return Long.MAX_VALUE;
    }
    var account = view.account(params.from());
    BigInteger available = account == null ? BigInteger.ZERO : account.balance().toBigInteger();
    BigInteger value = params.value().toBigInteger();
    if (value.signum() > 0 && value.compareTo(available) >= 0) {
      throw new RpcException(Blocks.NOT_FOUND, "insufficient funds for transfer");
    }
    available = available.subtract(value).subtract(params.maxFeePerBlobGas()
        .multiply(BigInteger.valueOf(BLOB_GAS_PER_BLOB * params.blobHashes().size())));
    if (available.signum() < 0) {
      throw new RpcException(Blocks.NOT_FOUND, "insufficient funds for blob gas");
    }
    BigInteger allowance = available.divide(params.maxFee());
    return allowance.bitLength() < 63 ? allowance.longValue() : Long.MAX_VALUE;
  }

  private static boolean hasCode(WorldView view, Address address) {
    var account = view.account(address);
    return account != null && account.hasCode();
  }

  private boolean succeeds(RpcObject call, BlockHeader header, JsonNode overrides, long gas) {
    TransactionResult r = attempt(call, header, overrides, gas);
    return r != null && r.success();
  }

  /**
   * One run of the estimate's search; null when {@code gas} is below the intrinsic gas, which
   * is too little gas rather than an invalid call (go-ethereum treats it so too).
   */
  private TransactionResult attempt(RpcObject call, BlockHeader header, JsonNode overrides,
      long gas) {
    try {
      return run(call, header, overrides, null, gas).result();
    } catch (InvalidTransactionException e) {
      if (e.reason() == InvalidTransactionException.Reason.INTRINSIC_GAS_TOO_LOW) {
        return null;
      }
      throw new RpcException(Blocks.NOT_FOUND, e.getMessage());
    }
  }

  // ---- tracing ------------------------------------------------------------------------------

  private Object traceTransaction(Hash hash, TraceRequest trace) {
    IndexedTransaction target = node.store().transaction(hash).orElseThrow(() ->
        new RpcException(Blocks.NOT_FOUND, "transaction " + hash + " not found"));
    Block block = node.store().block(target.blockHash()).orElseThrow();
    BlockHeader parent = node.store().header(block.header().parentHash()).orElseThrow();
    EvmState state = new EvmState(node.store().worldState().view(parent.stateRoot()));
    BlockHeader h = block.header();
    BlockEnv env = new BlockEnv(h.number(), h.coinbase(), h.timestamp(), h.gasLimit(),
        UInt256.fromBigInteger(h.baseFeePerGas()), h.mixHash(), h.excessBlobGas(),
        node.config().chainId(), node.store().blockHashes());
    try {
      for (int i = 0; i < target.index(); i++) {
        Transaction tx = block.transactions().get(i);
        node.simulator().execute(state, env, TxEnvs.of(tx, tx.sender().orElseThrow()), null);
      }
      Transaction tx = target.transaction();
      TransactionResult r = node.simulator().execute(state, env,
          TxEnvs.of(tx, tx.sender().orElseThrow()), trace.tracer());
      return trace.result(r, tx.gasLimit(), r.output());
    } catch (InvalidTransactionException e) {
      throw new IllegalStateException("an included transaction no longer replays: " + e);
    }
  }

  // ---- devnet signing -------------------------------------------------------------------------

  private Object sendTransaction(RpcObject call) {
    Address from = call.required("from", Param.ADDRESS);
    Secp256k1.KeyPair key = devKeys.get(from);
    if (key == null) {
      throw new RpcException(Blocks.NOT_FOUND, "unknown account " + from
          + ": this node signs only for the accounts eth_accounts lists");
    }
    CallParams params = CallParams.of(call, node.config().rpcGasCap());
    BlockHeader head = node.store().head();
    long gas = call.has("gas") ? params.gas() : estimate(withoutFees(call), head, null);
    // Fees a caller left out are filled in as go-ethereum does: the suggested tip, and a fee
    // cap of twice the next base fee plus the tip. A gas price alone sets both.
    BigInteger baseFee = new ChainMethods(node, blocks).nextBaseFee();
    boolean gasPrice = call.has("gasPrice");
    BigInteger tip = gasPrice || call.has("maxPriorityFeePerGas") ? params.tip()
        : ChainMethods.SUGGESTED_TIP;
    BigInteger maxFee = gasPrice || call.has("maxFeePerGas") ? params.maxFee()
        : baseFee.multiply(BigInteger.TWO).add(tip);
    List<AccessListEntry> accessList = new ArrayList<>();
    for (TxEnv.AccessListEntry e : params.accessList()) {
      accessList.add(new AccessListEntry(e.address(), e.storageKeys().stream()
          .map(k -> Hash.wrap(k.toBytes32())).toList()));
    }
    // One account's nonce is chosen and used under its lock: concurrent calls for the same
    // account would otherwise pick the same nonce and all but one would be refused.
    synchronized (key) {
      long nonce = call.has("nonce") ? call.required("nonce", Param.QUANTITY_LONG)
          : node.pool().nextNonce(from);
      Transaction tx = TransactionSigner.sign(new DynamicFeeTransaction(node.config().chainId(),
          nonce, tip, maxFee, gas, params.to(), params.value().toBigInteger(), params.data(),
          accessList, Transaction.UNSIGNED), key.privateKey());
      return Json.hash(transactions.submit(tx, tx.encode().length));
    }
  }

  /**
   * The call without its fee fields, to estimate the gas of a transaction whose fees are
   * still to be filled in (a tip alone would otherwise be an invalid call).
   */
  private static RpcObject withoutFees(RpcObject call) {
    ObjectNode copy = ((ObjectNode) call.json()).deepCopy();
    copy.remove(List.of("gasPrice", "maxFeePerGas", "maxPriorityFeePerGas"));
    return Param.OBJECT.parse(copy, "transaction");
  }

  /** A call object's fields with eth_call's defaults. */
  record CallParams(int type, Address from, Address to, long gas, UInt256 value, byte[] data,
      BigInteger maxFee, BigInteger tip, boolean hasFees, List<TxEnv.AccessListEntry> accessList,
      List<Hash> blobHashes, BigInteger maxFeePerBlobGas) {

    static CallParams of(RpcObject call, long gasCap) {
      Address from = call.optional("from", Param.ADDRESS, Address.ZERO);
      Address to = call.optional("to", Param.nullable(Param.ADDRESS), null);
      long gas = Math.min(call.optional("gas", Param.QUANTITY_LONG, gasCap), gasCap);
      UInt256 value = call.optional("value", Param.QUANTITY, UInt256.ZERO);
      Optional<byte[]> input = call.optional("input", Param.DATA);
      Optional<byte[]> data = call.optional("data", Param.DATA);
      if (input.isPresent() && data.isPresent()
          && !java.util.Arrays.equals(input.get(), data.get())) {
        throw RpcException.invalidParams("both \"data\" and \"input\" are set and not equal; "
            + "please use \"input\" to pass transaction call data");
      }
      byte[] bytes = input.or(() -> data).orElse(new byte[0]);
      Optional<UInt256> gasPrice = call.optional("gasPrice", Param.QUANTITY);
      Optional<UInt256> maxFee = call.optional("maxFeePerGas", Param.QUANTITY);
      Optional<UInt256> tip = call.optional("maxPriorityFeePerGas", Param.QUANTITY);
      if (gasPrice.isPresent() && (maxFee.isPresent() || tip.isPresent())) {
        throw RpcException.invalidParams("both gasPrice and (maxFeePerGas or "
            + "maxPriorityFeePerGas) specified");
      }
      // As the reference client: a gas price is both caps; otherwise absent caps are zero.
      BigInteger fee = gasPrice.or(() -> maxFee).map(UInt256::toBigInteger).orElse(BigInteger.ZERO);
      BigInteger priority = gasPrice.or(() -> tip).map(UInt256::toBigInteger)
          .orElse(BigInteger.ZERO);
      boolean hasFees = fee.signum() > 0 || priority.signum() > 0;
      List<TxEnv.AccessListEntry> accessList = accessList(call);
      List<Hash> blobHashes = call.optional("blobVersionedHashes",
          Param.listOf(Param.HASH, 6), List.of());
      BigInteger maxFeePerBlobGas = call.optional("maxFeePerBlobGas", Param.QUANTITY, UInt256.ZERO)
          .toBigInteger();
      int type = !blobHashes.isEmpty() ? 3 : (maxFee.isPresent() || tip.isPresent()) ? 2
          : accessList.isEmpty() ? 0 : 1;
      return new CallParams(type, from, to, gas, value, bytes, fee, priority, hasFees,
          accessList, blobHashes, maxFeePerBlobGas);
    }

    private static List<TxEnv.AccessListEntry> accessList(RpcObject call) {
      List<JsonNode> entries = call.optional("accessList",
          Param.listOf(Param.JSON, ACCESS_LIST_MAX), List.of());
      List<TxEnv.AccessListEntry> out = new ArrayList<>(entries.size());
      for (JsonNode e : entries) {
        RpcObject entry = Param.OBJECT.parse(e, "accessList entry");
        Address address = entry.required("address", Param.ADDRESS);
        List<Hash> keys = entry.optional("storageKeys", Param.listOf(Param.HASH, ACCESS_LIST_MAX),
            List.of());
        out.add(new TxEnv.AccessListEntry(address,
            keys.stream().map(k -> UInt256.fromBytes(k.bytesUnsafe())).toList()));
      }
      return out;
    }
  }

}
