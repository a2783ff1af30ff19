package dev.zg.evm.interpreter;

import static dev.zg.evm.interpreter.Opcodes.*;

import dev.zg.common.Address;
import dev.zg.common.UInt256;
import dev.zg.common.Word256;
import dev.zg.evm.state.EvmState;

/**
 * CALL, CALLCODE, DELEGATECALL, STATICCALL, CREATE and CREATE2: gas (EIP-150's all but one
 * 64th, EIP-2929 access, value and new-account charges), argument handling, and delivering a
 * child's result back into its parent.
 */
final class Calls {
  /** Call kinds by opcode - CALL (CALL 0xf1, CALLCODE 0xf2, DELEGATECALL 0xf4, STATICCALL 0xfa). */
  private static final Frame.Kind[] KINDS = new Frame.Kind[STATICCALL - CALL + 1];

  static {
    KINDS[0] = Frame.Kind.CALL;
    KINDS[CALLCODE - CALL] = Frame.Kind.CALLCODE;
    KINDS[DELEGATECALL - CALL] = Frame.Kind.DELEGATECALL;
    KINDS[STATICCALL - CALL] = Frame.Kind.STATICCALL;
  }

  private Calls() {}

  static Halt execute(Evm evm, Frame f, int op) {
    return switch (op) {
      case CREATE, CREATE2 -> create(evm, f, op);
      default -> call(evm, f, op);
    };
  }

  private static Halt call(Evm evm, Frame f, int op) {
    long[] s = f.stack;
    int t = (f.sp - 1) << 2;
    boolean hasValue = op == CALL || op == CALLCODE;
    int args = t - 8; // first memory argument
    Address target = Operations.toAddress(s, t - 4);
    UInt256 value = UInt256.ZERO;
    if (hasValue) {
      value = UInt256.fromWords(s, t - 8);
      args = t - 12;
    }
    if (op == CALL && f.isStatic && !value.isZero()) {
      return Halt.STATIC_STATE_CHANGE;
    }
    long inOffset = Operations.toMemoryOffset(s, args);
    long inSize = Operations.toMemoryOffset(s, args - 4);
    long outOffset = Operations.toMemoryOffset(s, args - 8);
    long outSize = Operations.toMemoryOffset(s, args - 12);
    EvmState state = evm.state();

    long memoryCost = Math.max(f.memory.expansionGas(inOffset, inSize),
        f.memory.expansionGas(outOffset, outSize));
    if (memoryCost == Long.MAX_VALUE) {
      return Halt.OUT_OF_GAS;
    }
    long cost = Operations.accessCost(state, target) + memoryCost;
    if (!value.isZero()) {
      cost += GasCosts.CALL_VALUE;
      if (op == CALL && state.account(target).isDead()) {
        cost += GasCosts.NEW_ACCOUNT;
      }
    }
    if (!Operations.charge(f, cost)) {
      return Halt.OUT_OF_GAS;
    }
    f.memory.expand(inOffset, inSize);
    f.memory.expand(outOffset, outSize);
    long requested = Word256.fitsLong(s, t) && s[t] >= 0 ? s[t] : Long.MAX_VALUE;
    long childGas = Math.min(requested, f.gas - f.gas / 64);
    f.gas -= childGas;
    if (!value.isZero()) {
      childGas += GasCosts.CALL_STIPEND;
    }
    f.sp -= hasValue ? 7 : 6;
    f.childOutOffset = outOffset;
    f.childOutSize = outSize;

    byte[] input = inSize == 0 ? Frame.EMPTY : f.memory.read((int) inOffset, (int) inSize);
    boolean tooDeep = f.depth + 1 > GasCosts.MAX_CALL_DEPTH;
    if (tooDeep || (hasValue && state.balance(f.address).compareTo(value) < 0)) {
      evm.traceEarlyFailure(KINDS[op - CALL], f.address, target, value, input, childGas,
          f.depth + 1, tooDeep ? Halt.CALL_DEPTH_EXCEEDED : Halt.INSUFFICIENT_BALANCE);
      f.immediateCallGas = childGas;
      deliver(f, false, false, childGas, Frame.EMPTY, null, false);
      return null;
    }
    Frame child = switch (op) {
      case CALL -> evm.startCall(Frame.Kind.CALL, target, f.address, target, value, input,
          childGas, f.isStatic, f.depth + 1);
      case CALLCODE -> evm.startCall(Frame.Kind.CALLCODE, f.address, f.address, target, value,
          input, childGas, f.isStatic, f.depth + 1);
      case DELEGATECALL -> evm.startCall(Frame.Kind.DELEGATECALL, f.address, f.caller, target,
          f.value, input, childGas, f.isStatic, f.depth + 1);
      default -> evm.startCall(Frame.Kind.STATICCALL, target, f.address, target, UInt256.ZERO,
          input, childGas, true, f.depth + 1);
    };
    if (child != null) {
      f.pendingChild = child;
      return null;
    }
    CallResult r = evm.takeImmediate();
    f.immediateCallGas = childGas;
    deliver(f, false, r.success(), r.gasLeft(), r.output(), null, r.halt() == Halt.REVERT);
    return null;
  }

  private static Halt create(Evm evm, Frame f, int op) {
    if (f.isStatic) {
      return Halt.STATIC_STATE_CHANGE;
    }
    long[] s = f.stack;
    int t = (f.sp - 1) << 2;
    UInt256 value = UInt256.fromWords(s, t);
    long offset = Operations.toMemoryOffset(s, t - 4);
    long size = Operations.toMemoryOffset(s, t - 8);
    UInt256 salt = op == CREATE2 ? UInt256.fromWords(s, t - 12) : null;
    if (size > GasCosts.MAX_INIT_CODE_SIZE) {
      // EIP-3860: checked after the memory and word charges in the reference clients, but
      // either way the frame halts exceptionally, so the order is invisible.
      return Halt.INIT_CODE_SIZE_EXCEEDED;
    }
    long perWord = GasCosts.INIT_CODE_WORD + (op == CREATE2 ? GasCosts.KECCAK_WORD : 0);
    if (!Operations.charge(f, Operations.memoryGas(f.memory, offset, size, perWord))) {
      return Halt.OUT_OF_GAS;
    }
    f.memory.expand(offset, size);
    byte[] initCode = size == 0 ? Frame.EMPTY : f.memory.read((int) offset, (int) size);
    long childGas = f.gas - f.gas / 64;
    f.gas -= childGas;
    f.sp -= op == CREATE2 ? 4 : 3;
    f.childOutOffset = 0;
    f.childOutSize = 0;
    Frame child = evm.startCreate(op == CREATE ? Frame.Kind.CREATE : Frame.Kind.CREATE2,
        f.address, value, initCode, salt, childGas, f.depth + 1);
    if (child != null) {
      f.pendingChild = child;
      return null;
    }
    CallResult r = evm.takeImmediate();
    deliver(f, true, r.success(), r.gasLeft(), r.output(), r.createdAddress(),
        r.halt() == Halt.REVERT);
    return null;
  }

  /** Applies a finished child to its suspended parent. */
  static void resume(Evm evm, Frame parent, Frame child, CallResult r) {
    deliver(parent, child.isCreate(), r.success(), r.gasLeft(), r.output(), r.createdAddress(),
        r.halt() == Halt.REVERT);
  }

  private static void deliver(Frame f, boolean isCreate, boolean success, long gasLeft,
      byte[] output, Address created, boolean reverted) {
    f.gas += gasLeft;
    int slot = f.sp << 2;
    if (isCreate) {
      if (success && created != null) {
        Operations.setAddress(f.stack, slot, created);
      } else {
        Word256.setZero(f.stack, slot);
      }
      f.returnData = reverted ? output : Frame.EMPTY;
    } else {
      Word256.setLong(f.stack, slot, success ? 1 : 0);
      f.returnData = output;
      if ((success || reverted) && f.childOutSize > 0 && output.length > 0) {
        int n = (int) Math.min(f.childOutSize, output.length);
        System.arraycopy(output, 0, f.memory.data(), (int) f.childOutOffset, n);
      }
    }
    f.sp++;
  }
}
