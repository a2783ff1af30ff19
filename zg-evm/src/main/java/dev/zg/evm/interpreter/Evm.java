package dev.zg.evm.interpreter;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import dev.zg.common.UInt256;
import dev.zg.common.rlp.RlpWriter;
import dev.zg.evm.BlockEnv;
import dev.zg.evm.precompile.Precompile;
import dev.zg.evm.precompile.StatefulPrecompile;
import dev.zg.evm.state.Account;
import dev.zg.evm.state.EvmState;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs message calls and creates for one transaction: starts frames, drives the
 * {@link Interpreter} over an explicit frame stack (no recursion, so call depth 1024 costs
 * heap, not Java stack), and settles each finished frame into its parent.
 *
 * <p>Per-depth stacks and memories are reused across sibling calls, so a deep or busy call
 * tree allocates them once.
 */
public final class Evm {
  private final EvmState state;
  private final BlockEnv block;
  private final Address origin;
  private final UInt256 gasPrice;
  private final List<Hash> blobHashes;
  private final UInt256 blobBaseFee;
  private final Map<Address, Precompile> precompiles;
  private final CodeCache codeCache;
  private final Tracer tracer;

  // Per-depth stacks and memories, grown with the call depth reached: most transactions are
  // plain transfers that start no frame, and most calls stay a few levels deep, so an EVM per
  // transaction must not pay for 1,025 slots up front.
  private long[][] stacks = new long[0][];
  private Memory[] memories = new Memory[0];
  private final byte[] scratch32 = new byte[32];

  public Evm(EvmState state, BlockEnv block, Address origin, UInt256 gasPrice,
      List<Hash> blobHashes, Map<Address, Precompile> precompiles, CodeCache codeCache,
      Tracer tracer) {
    this.state = state;
    this.block = block;
    this.origin = origin;
    this.gasPrice = gasPrice;
    this.blobHashes = blobHashes;
    this.blobBaseFee = block.blobBaseFee();
    this.precompiles = precompiles;
    this.codeCache = codeCache;
    this.tracer = tracer;
  }

  EvmState state() {
    return state;
  }

  BlockEnv block() {
    return block;
  }

  Address origin() {
    return origin;
  }

  UInt256 gasPrice() {
    return gasPrice;
  }

  List<Hash> blobHashes() {
    return blobHashes;
  }

  UInt256 blobBaseFee() {
    return blobBaseFee;
  }

  Tracer tracer() {
    return tracer;
  }

  byte[] scratch32() {
    return scratch32;
  }

  // ---- entry points ------------------------------------------------------------------------

  /** A top-level message call (the transaction's own call). The caller has bumped its nonce. */
  public CallResult call(Address caller, Address to, UInt256 value, byte[] input, long gas) {
    Frame root = startCall(Frame.Kind.CALL, to, caller, to, value, input, gas, false, 0);
    return root == null ? takeImmediate() : drive(root);
  }

  /** A top-level create (the transaction's own create). */
  public CallResult create(Address caller, UInt256 value, byte[] initCode, long gas) {
    Frame root = startCreate(Frame.Kind.CREATE, caller, value, initCode, null, gas, 0);
    return root == null ? takeImmediate() : drive(root);
  }

  /** The address CREATE gives: keccak(rlp([sender, nonce]))[12:]. */
  public static Address createAddress(Address sender, long nonce) {
    RlpWriter w = new RlpWriter(32);
    w.startList().writeBytes(sender.bytesUnsafe()).writeLong(nonce).endList();
    byte[] hash = Keccak256.hash(w.toByteArray());
    return Address.wrap(hash, 12);
  }

  /** The address CREATE2 gives: keccak(0xff ++ sender ++ salt ++ keccak(initCode))[12:]. */
  public static Address create2Address(Address sender, UInt256 salt, byte[] initCode) {
    byte[] buffer = new byte[85];
    buffer[0] = (byte) 0xff;
    System.arraycopy(sender.bytesUnsafe(), 0, buffer, 1, 20);
    System.arraycopy(salt.toBytes32(), 0, buffer, 21, 32);
    Keccak256.hash(initCode, 0, initCode.length, buffer, 53);
    return Address.wrap(Keccak256.hash(buffer), 12);
  }

  // ---- the frame loop ----------------------------------------------------------------------

  private CallResult drive(Frame root) {
    ArrayDeque<Frame> frames = new ArrayDeque<>();
    frames.push(root);
    while (true) {
      Frame f = frames.peek();
      Halt halt = Interpreter.run(this, f);
      if (halt == null) {
        Frame child = f.pendingChild;
        f.pendingChild = null;
        frames.push(child);
        continue;
      }
      CallResult result = finish(f, halt);
      frames.pop();
      Frame parent = frames.peek();
      if (parent == null) {
        return result;
      }
      Calls.resume(this, parent, f, result);
    }
  }

  /** Settles a halted frame: code deposit for creates, revert on failure, gas accounting. */
  private CallResult finish(Frame f, Halt halt) {
    byte[] output = f.output;
    if (f.isCreate() && halt.isSuccess()) {
      halt = depositCode(f, output);
      // A created contract's result is its code (as transaction outputs report it); the
      // creating frame's RETURNDATA stays empty (Calls.deliver).
      output = halt.isSuccess() ? output : Frame.EMPTY;
    }
    if (!halt.isSuccess()) {
      state.revertTo(f.checkpoint);
    }
    long gasLeft = halt.consumesAllGas() ? 0 : f.gas;
    if (halt.consumesAllGas()) {
      output = Frame.EMPTY;
    }
    if (tracer != null) {
      tracer.callExit(f.depth, halt, f.gasStart - gasLeft, output);
    }
    Address created = f.isCreate() && halt.isSuccess() ? f.address : null;
    return new CallResult(halt, gasLeft, output, created);
  }

  /** EIP-170 size limit, EIP-3541 0xEF prefix, 200 gas per byte; else the create fails. */
  private Halt depositCode(Frame f, byte[] code) {
    if (code.length > GasCosts.MAX_CODE_SIZE) {
      return Halt.CODE_SIZE_EXCEEDED;
    }
    if (code.length > 0 && (code[0] & 0xff) == 0xef) {
      return Halt.INVALID_CODE_PREFIX;
    }
    long cost = GasCosts.CODE_DEPOSIT_BYTE * code.length;
    if (cost > f.gas) {
      return Halt.OUT_OF_GAS;
    }
    f.gas -= cost;
    state.setCode(state.account(f.address), code);
    return Halt.RETURN;
  }

  // ---- starting frames ---------------------------------------------------------------------

  // A call that finishes without running code (precompile, empty code, early failure) leaves
  // its result here for the caller to take, so the hot path allocates no wrapper.
  private CallResult immediate;

  CallResult takeImmediate() {
    CallResult r = immediate;
    immediate = null;
    return r;
  }

  private Frame resolved(Halt halt, long gas, long gasLeft, byte[] output, Address created,
      int depth) {
    if (tracer != null) {
      tracer.callExit(depth, halt, gas - gasLeft, output);
    }
    immediate = new CallResult(halt, gasLeft, output, created);
    return null;
  }

  /** Reports a call that fails before it can start (call depth, caller's balance). */
  void traceEarlyFailure(Frame.Kind kind, Address from, Address to, UInt256 value, byte[] input,
      long gas, int depth, Halt halt) {
    if (tracer != null) {
      tracer.callEnter(kind, from, to, value, input, gas, depth);
      tracer.callExit(depth, halt, 0, Frame.EMPTY);
    }
  }

  /**
   * Starts a call-kind frame, or returns null with the outcome in {@link #takeImmediate()}.
   * Callers have checked depth and balance.
   */
  Frame startCall(Frame.Kind kind, Address address, Address caller, Address codeAddress,
      UInt256 value, byte[] input, long gas, boolean isStatic, int depth) {
    if (tracer != null) {
      tracer.callEnter(kind, caller, codeAddress, value, input, gas, depth);
    }
    int checkpoint = state.checkpoint();
    Precompile precompile = precompiles.get(codeAddress);
    if (kind == Frame.Kind.CALL) {
      if (precompile == null && value.isZero() && !state.exists(address)) {
        return resolved(Halt.STOP, gas, gas, Frame.EMPTY, null, depth); // EIP-161: no touch
      }
      state.subtractBalance(caller, value);
      state.addBalance(address, value);
    } else if (kind == Frame.Kind.STATICCALL) {
      state.addBalance(address, UInt256.ZERO); // a touch, as the reference clients do
    }
    if (precompile instanceof StatefulPrecompile module) {
      return runModule(module, address, caller, codeAddress, value, input, gas, isStatic, depth,
          checkpoint);
    }
    if (precompile != null) {
      long cost = precompile.gas(input);
      byte[] out = cost <= gas ? precompile.run(input) : null;
      if (out == null) {
        state.revertTo(checkpoint);
        Halt why = cost <= gas ? Halt.PRECOMPILE_FAILURE : Halt.OUT_OF_GAS;
        return resolved(why, gas, 0, Frame.EMPTY, null, depth);
      }
      return resolved(Halt.RETURN, gas, gas - cost, out, null, depth);
    }
    Account codeAccount = state.account(codeAddress);
    if (!codeAccount.hasCode()) {
      return resolved(Halt.STOP, gas, gas, Frame.EMPTY, null, depth);
    }
    CodeInfo code = codeCache.get(codeAccount.codeHash(), () -> state.code(codeAccount));
    Frame f = newFrame(kind, address, caller, value, input, code, gas, isStatic, depth, checkpoint);
    return f;
  }

  private Frame runModule(StatefulPrecompile module, Address address, Address caller,
      Address codeAddress, UInt256 value, byte[] input, long gas, boolean isStatic, int depth,
      int checkpoint) {
    if (!address.equals(codeAddress)) {
      // DELEGATECALL or CALLCODE: the module would act on the caller's storage.
      state.revertTo(checkpoint);
      return resolved(Halt.PRECOMPILE_FAILURE, gas, 0, Frame.EMPTY, null, depth);
    }
    StatefulPrecompile.Outcome outcome = module.call(new StatefulPrecompile.Call(state, block,
        caller, address, value, input, gas, isStatic));
    if (outcome.gasUsed() > gas || outcome.gasUsed() < 0) {
      state.revertTo(checkpoint);
      return resolved(Halt.OUT_OF_GAS, gas, 0, Frame.EMPTY, null, depth);
    }
    if (outcome.reverted()) {
      state.revertTo(checkpoint);
      return resolved(Halt.REVERT, gas, gas - outcome.gasUsed(), outcome.output(), null, depth);
    }
    return resolved(Halt.RETURN, gas, gas - outcome.gasUsed(), outcome.output(), null, depth);
  }

  /** Starts a create frame, or returns null with the outcome in {@link #takeImmediate()}. */
  Frame startCreate(Frame.Kind kind, Address creator, UInt256 value, byte[] initCode,
      UInt256 salt, long gas, int depth) {
    long nonce = state.nonce(creator);
    Address address = kind == Frame.Kind.CREATE
        ? createAddress(creator, nonce)
        : create2Address(creator, salt, initCode);
    if (tracer != null) {
      tracer.callEnter(kind, creator, address, value, initCode, gas, depth);
    }
    if (depth > GasCosts.MAX_CALL_DEPTH) {
      return resolved(Halt.CALL_DEPTH_EXCEEDED, gas, gas, Frame.EMPTY, null, depth);
    }
    if (state.balance(creator).compareTo(value) < 0) {
      return resolved(Halt.INSUFFICIENT_BALANCE, gas, gas, Frame.EMPTY, null, depth);
    }
    if (nonce == -1L) {
      return resolved(Halt.NONCE_OVERFLOW, gas, gas, Frame.EMPTY, null, depth);
    }
    state.setNonce(state.account(creator), nonce + 1);
    state.warmAddress(address);
    if (state.hasCollision(address)) {
      return resolved(Halt.CREATE_COLLISION, gas, 0, Frame.EMPTY, null, depth);
    }
    int checkpoint = state.checkpoint();
    state.createContractAccount(address);
    state.subtractBalance(creator, value);
    state.addBalance(address, value);
    CodeInfo code = new CodeInfo(initCode);
    return newFrame(kind, address, creator, value, Frame.EMPTY, code, gas, false, depth, checkpoint);
  }

  private Frame newFrame(Frame.Kind kind, Address address, Address caller, UInt256 value,
      byte[] input, CodeInfo code, long gas, boolean isStatic, int depth, int checkpoint) {
    if (depth >= stacks.length) {
      int size = Math.min(GasCosts.MAX_CALL_DEPTH + 1, Math.max(depth + 1, stacks.length * 2 + 4));
      stacks = Arrays.copyOf(stacks, size);
      memories = Arrays.copyOf(memories, size);
    }
    long[] stack = stacks[depth];
    if (stack == null) {
      stack = new long[GasCosts.STACK_LIMIT * 4];
      stacks[depth] = stack;
    }
    Memory memory = memories[depth];
    if (memory == null) {
      memory = new Memory();
      memories[depth] = memory;
    } else {
      memory.reset();
    }
    return new Frame(kind, address, caller, value, input, code, gas, isStatic, depth,
        checkpoint, stack, memory);
  }
}
