package dev.zg.evm.interpreter;

import static dev.zg.evm.interpreter.Opcodes.*;

import dev.zg.common.Keccak256;
import dev.zg.common.Word256;

/**
 * The instruction loop. It runs one frame until the frame halts or suspends on a call or
 * create (then {@link Frame#pendingChild} is set and the loop returns null; the EVM runs the
 * child and later calls {@link #run} again to resume). Everything is on the heap-free path:
 * pc, stack height and gas live in locals, stack items are limbs in one long[] and each case
 * computes in place.
 *
 * <p>Benchmark before refactoring: this method must stay under the JIT's 8,000-byte limit
 * for compiling huge methods, so rarer or longer opcodes live in {@link Operations}.
 */
public final class Interpreter {
  private Interpreter() {}

  /** Runs {@code f} until it halts (returns how) or suspends on a child (returns null). */
  public static Halt run(Evm evm, Frame f) {
    final byte[] code = f.code.padded;
    final long[] s = f.stack;
    final Tracer tracer = evm.tracer();
    int pc = f.pc;
    int sp = f.sp;
    long gas = f.gas;
    Halt halt = null;
    int op = 0;
    long gasBefore = 0;
    boolean stepPending = false;
    long stepExtra = 0; // gas given to a callee that ran no code, counted in the CALL's cost
    while (true) {
      if (stepPending) {
        // Reported here rather than after each case so fast paths that `continue` are covered.
        tracer.stepDone(f, op, gasBefore - gas + stepExtra, null);
        stepPending = false;
        stepExtra = 0;
      }
      op = code[pc] & 0xff;
      if (tracer != null) {
        stepPending = true;
        f.pc = pc;
        f.sp = sp;
        f.gas = gas;
        tracer.step(f, op, gas, evm.state().refund());
        gasBefore = gas;
      }
      if (sp < INPUTS[op]) {
        halt = NAMES[op] == null ? Halt.INVALID_OPCODE : Halt.STACK_UNDERFLOW;
        break;
      }
      if (sp > MAX_HEIGHT[op]) {
        halt = Halt.STACK_OVERFLOW;
        break;
      }
      gas -= STATIC_GAS[op];
      if (gas < 0) {
        halt = Halt.OUT_OF_GAS;
        break;
      }
      int t = (sp - 1) << 2; // top item
      int u = t - 4; // second item
      switch (op) {
        case STOP -> halt = Halt.STOP;
        case ADD -> {
          Word256.add(s, t, u, u);
          sp--;
        }
        case MUL -> {
          Word256.mul(s, t, u, u);
          sp--;
        }
        case SUB -> {
          Word256.sub(s, t, u, u);
          sp--;
        }
        case DIV -> {
          Word256.div(s, t, u, u);
          sp--;
        }
        case SDIV -> {
          Word256.sdiv(s, t, u, u);
          sp--;
        }
        case MOD -> {
          Word256.mod(s, t, u, u);
          sp--;
        }
        case SMOD -> {
          Word256.smod(s, t, u, u);
          sp--;
        }
        case ADDMOD -> {
          Word256.addmod(s, t, u, u - 4, u - 4);
          sp -= 2;
        }
        case MULMOD -> {
          Word256.mulmod(s, t, u, u - 4, u - 4);
          sp -= 2;
        }
        case EXP -> {
          gas -= GasCosts.EXP_BYTE * Word256.byteLength(s, u);
          if (gas < 0) {
            halt = Halt.OUT_OF_GAS;
          } else {
            Word256.exp(s, t, u, u);
            sp--;
          }
        }
        case SIGNEXTEND -> {
          Word256.signExtend(s, t, u, u);
          sp--;
        }
        case LT -> {
          Word256.setLong(s, u, Word256.compareUnsigned(s, t, u) < 0 ? 1 : 0);
          sp--;
        }
        case GT -> {
          Word256.setLong(s, u, Word256.compareUnsigned(s, t, u) > 0 ? 1 : 0);
          sp--;
        }
        case SLT -> {
          Word256.setLong(s, u, Word256.compareSigned(s, t, u) < 0 ? 1 : 0);
          sp--;
        }
        case SGT -> {
          Word256.setLong(s, u, Word256.compareSigned(s, t, u) > 0 ? 1 : 0);
          sp--;
        }
        case EQ -> {
          Word256.setLong(s, u, Word256.equal(s, t, u) ? 1 : 0);
          sp--;
        }
        case ISZERO -> Word256.setLong(s, t, Word256.isZero(s, t) ? 1 : 0);
        case AND -> {
          Word256.and(s, t, u, u);
          sp--;
        }
        case OR -> {
          Word256.or(s, t, u, u);
          sp--;
        }
        case XOR -> {
          Word256.xor(s, t, u, u);
          sp--;
        }
        case NOT -> Word256.not(s, t, t);
        case BYTE -> {
          Word256.byteAt(s, t, u, u);
          sp--;
        }
        case SHL -> {
          Word256.shl(s, t, u, u);
          sp--;
        }
        case SHR -> {
          Word256.shr(s, t, u, u);
          sp--;
        }
        case SAR -> {
          Word256.sar(s, t, u, u);
          sp--;
        }
        case KECCAK256 -> {
          long offset = Operations.toMemoryOffset(s, t);
          long size = Operations.toMemoryOffset(s, u);
          long cost = Operations.memoryGas(f.memory, offset, size, GasCosts.KECCAK_WORD);
          if (cost > gas) {
            halt = Halt.OUT_OF_GAS;
          } else {
            gas -= cost;
            f.memory.expand(offset, size);
            byte[] out = evm.scratch32();
            Keccak256.hash(f.memory.data(), (int) offset, (int) size, out, 0);
            Word256.fromBytes(s, u, out, 0, 32);
            sp--;
          }
        }
        case POP -> sp--;
        case MLOAD -> {
          long offset = Operations.toMemoryOffset(s, t);
          long cost = f.memory.expansionGas(offset, 32);
          if (cost > gas) {
            halt = Halt.OUT_OF_GAS;
          } else {
            gas -= cost;
            f.memory.expand(offset, 32);
            Word256.fromBytes(s, t, f.memory.data(), (int) offset, 32);
          }
        }
        case MSTORE -> {
          long offset = Operations.toMemoryOffset(s, t);
          long cost = f.memory.expansionGas(offset, 32);
          if (cost > gas) {
            halt = Halt.OUT_OF_GAS;
          } else {
            gas -= cost;
            f.memory.expand(offset, 32);
            Word256.toBytes(s, u, f.memory.data(), (int) offset);
            sp -= 2;
          }
        }
        case MSTORE8 -> {
          long offset = Operations.toMemoryOffset(s, t);
          long cost = f.memory.expansionGas(offset, 1);
          if (cost > gas) {
            halt = Halt.OUT_OF_GAS;
          } else {
            gas -= cost;
            f.memory.expand(offset, 1);
            f.memory.data()[(int) offset] = (byte) s[u];
            sp -= 2;
          }
        }
        case JUMP -> {
          if (!Word256.fitsLong(s, t) || !f.code.isJumpDest(s[t])) {
            halt = Halt.INVALID_JUMP;
          } else {
            pc = (int) s[t];
            sp--;
            continue;
          }
        }
        case JUMPI -> {
          if (Word256.isZero(s, u)) {
            sp -= 2;
          } else if (!Word256.fitsLong(s, t) || !f.code.isJumpDest(s[t])) {
            halt = Halt.INVALID_JUMP;
          } else {
            pc = (int) s[t];
            sp -= 2;
            continue;
          }
        }
        case PC -> {
          Word256.setLong(s, t + 4, pc);
          sp++;
        }
        case MSIZE -> {
          Word256.setLong(s, t + 4, f.memory.size());
          sp++;
        }
        case GAS -> {
          Word256.setLong(s, t + 4, gas);
          sp++;
        }
        case JUMPDEST -> {}
        case PUSH0 -> {
          Word256.setZero(s, t + 4);
          sp++;
        }
        case PUSH1 -> {
          Word256.setLong(s, t + 4, code[pc + 1] & 0xff);
          sp++;
          pc += 2;
          continue;
        }
        case PUSH1 + 1, PUSH1 + 2, PUSH1 + 3, PUSH1 + 4, PUSH1 + 5, PUSH1 + 6, PUSH1 + 7 -> {
          // Up to 8 immediate bytes are one big-endian load: the code is padded past its end.
          int n = op - PUSH1 + 1;
          Word256.setLong(s, t + 4, Operations.pushedLong(code, pc + 1, n));
          sp++;
          pc += 1 + n;
          continue;
        }
        case DUP1 + 0 -> {
          Word256.copy(s, t - 0, t + 4);
          sp++;
        }
        case DUP1 + 1 -> {
          Word256.copy(s, t - 4, t + 4);
          sp++;
        }
        case DUP1 + 2 -> {
          Word256.copy(s, t - 8, t + 4);
          sp++;
        }
        case DUP1 + 3 -> {
          Word256.copy(s, t - 12, t + 4);
          sp++;
        }
        case DUP1 + 4 -> {
          Word256.copy(s, t - 16, t + 4);
          sp++;
        }
        case DUP1 + 5 -> {
          Word256.copy(s, t - 20, t + 4);
          sp++;
        }
        case DUP1 + 6 -> {
          Word256.copy(s, t - 24, t + 4);
          sp++;
        }
        case DUP1 + 7 -> {
          Word256.copy(s, t - 28, t + 4);
          sp++;
        }
        case DUP1 + 8 -> {
          Word256.copy(s, t - 32, t + 4);
          sp++;
        }
        case DUP1 + 9 -> {
          Word256.copy(s, t - 36, t + 4);
          sp++;
        }
        case DUP1 + 10 -> {
          Word256.copy(s, t - 40, t + 4);
          sp++;
        }
        case DUP1 + 11 -> {
          Word256.copy(s, t - 44, t + 4);
          sp++;
        }
        case DUP1 + 12 -> {
          Word256.copy(s, t - 48, t + 4);
          sp++;
        }
        case DUP1 + 13 -> {
          Word256.copy(s, t - 52, t + 4);
          sp++;
        }
        case DUP1 + 14 -> {
          Word256.copy(s, t - 56, t + 4);
          sp++;
        }
        case DUP1 + 15 -> {
          Word256.copy(s, t - 60, t + 4);
          sp++;
        }
        case SWAP1 + 0 -> Operations.swap(s, t, t - 4);
        case SWAP1 + 1 -> Operations.swap(s, t, t - 8);
        case SWAP1 + 2 -> Operations.swap(s, t, t - 12);
        case SWAP1 + 3 -> Operations.swap(s, t, t - 16);
        case SWAP1 + 4 -> Operations.swap(s, t, t - 20);
        case SWAP1 + 5 -> Operations.swap(s, t, t - 24);
        case SWAP1 + 6 -> Operations.swap(s, t, t - 28);
        case SWAP1 + 7 -> Operations.swap(s, t, t - 32);
        case SWAP1 + 8 -> Operations.swap(s, t, t - 36);
        case SWAP1 + 9 -> Operations.swap(s, t, t - 40);
        case SWAP1 + 10 -> Operations.swap(s, t, t - 44);
        case SWAP1 + 11 -> Operations.swap(s, t, t - 48);
        case SWAP1 + 12 -> Operations.swap(s, t, t - 52);
        case SWAP1 + 13 -> Operations.swap(s, t, t - 56);
        case SWAP1 + 14 -> Operations.swap(s, t, t - 60);
        case SWAP1 + 15 -> Operations.swap(s, t, t - 64);
        default -> {
          if (op >= PUSH1 + 8 && op <= PUSH32) {
            int n = op - PUSH1 + 1;
            Operations.push(s, t + 4, code, pc + 1, n);
            sp++;
            pc += 1 + n;
            continue;
          } else {
            // Everything else works on the frame directly.
            f.pc = pc;
            f.sp = sp;
            f.gas = gas;
            halt = Operations.execute(evm, f, op);
            if (f.pendingChild != null) {
              if (tracer != null) {
                tracer.stepDone(f, op, gasBefore - f.gas, null);
              }
              f.pc = pc + 1;
              return null;
            }
            sp = f.sp;
            gas = f.gas;
            stepExtra = f.immediateCallGas;
            f.immediateCallGas = 0;
          }
        }
      }
      if (halt != null) {
        break;
      }
      pc++;
    }
    f.pc = pc;
    f.sp = sp;
    f.gas = halt.consumesAllGas() ? 0 : gas;
    f.halt = halt;
    if (tracer != null) {
      // As the reference node traces a failing step: running out of gas costs all that was
      // left; other halts cost what was charged before the halt was found.
      long cost = halt == Halt.OUT_OF_GAS ? gasBefore : gasBefore - gas + stepExtra;
      tracer.stepDone(f, op, cost, halt.consumesAllGas() || halt == Halt.REVERT ? halt : null);
    }
    return halt;
  }
}
