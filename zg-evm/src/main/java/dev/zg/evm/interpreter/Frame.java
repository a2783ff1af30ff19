package dev.zg.evm.interpreter;

import dev.zg.common.Address;
import dev.zg.common.UInt256;

/**
 * One call or create in execution: its context, program counter, gas, stack and memory.
 *
 * <pre>
 *   created by Evm.startCall/startCreate  --(interpreter runs)-->  suspended on CALL/CREATE
 *        ^                                                            | child frame pushed
 *        |                                                            v
 *   resumed with the child's result  <-------------------------  child halts
 *   ... until it halts (STOP, RETURN, REVERT, SELFDESTRUCT or an exceptional halt)
 * </pre>
 *
 * The stack is four longs per item ({@link dev.zg.common.Word256} layout) in an array that
 * the EVM reuses per call depth; memory likewise.
 */
public final class Frame {
  public enum Kind { CALL, CALLCODE, DELEGATECALL, STATICCALL, CREATE, CREATE2 }

  final Kind kind;
  /** The account whose storage and balance this frame acts on (ADDRESS). */
  final Address address;
  final Address caller;
  /** CALLVALUE (for DELEGATECALL, the parent's). */
  final UInt256 value;
  final byte[] input;
  final CodeInfo code;
  final boolean isStatic;
  final int depth;
  /** Journal mark to return to when this frame fails. */
  final int checkpoint;

  int pc;
  long gas;
  /** Gas the frame was given, for tracers' gasUsed. */
  final long gasStart;
  final long[] stack;
  int sp;
  final Memory memory;
  byte[] returnData = EMPTY;

  // Set when the frame halts.
  Halt halt;
  byte[] output = EMPTY;

  /**
   * Gas handed to a callee that finished at once (precompile, no code), which tracers count in
   * the calling instruction's cost as the reference clients do.
   */
  long immediateCallGas;

  // Set while suspended on a child: the child to run, and where its output goes.
  Frame pendingChild;
  long childOutOffset;
  long childOutSize;

  static final byte[] EMPTY = new byte[0];

  Frame(Kind kind, Address address, Address caller, UInt256 value, byte[] input, CodeInfo code,
      long gas, boolean isStatic, int depth, int checkpoint, long[] stack, Memory memory) {
    this.kind = kind;
    this.address = address;
    this.caller = caller;
    this.value = value;
    this.input = input;
    this.code = code;
    this.gas = gas;
    this.gasStart = gas;
    this.isStatic = isStatic;
    this.depth = depth;
    this.checkpoint = checkpoint;
    this.stack = stack;
    this.memory = memory;
  }

  public Kind kind() {
    return kind;
  }

  public Address address() {
    return address;
  }

  public Address caller() {
    return caller;
  }

  public int depth() {
    return depth;
  }

  public int pc() {
    return pc;
  }

  public long gas() {
    return gas;
  }

  public int stackSize() {
    return sp;
  }

  /** Stack item {@code i} from the bottom, as a value (for tracers). */
  public UInt256 stackItem(int i) {
    return UInt256.fromWords(stack, i << 2);
  }

  public Memory memory() {
    return memory;
  }

  public UInt256 value() {
    return value;
  }

  /** The call data (a shared array: callers must not modify it). */
  public byte[] input() {
    return input;
  }

  public boolean isStatic() {
    return isStatic;
  }

  public byte[] returnData() {
    return returnData;
  }

  boolean isCreate() {
    return kind == Kind.CREATE || kind == Kind.CREATE2;
  }
}
