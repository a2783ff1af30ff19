package dev.zg.evm.interpreter;

import static dev.zg.evm.interpreter.Opcodes.*;

import dev.zg.common.Address;
import dev.zg.common.Bytes;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import dev.zg.common.Word256;
import dev.zg.evm.state.Account;
import dev.zg.evm.state.EvmState;
import dev.zg.evm.state.Log;
import java.util.ArrayList;
import java.util.List;

/**
 * The opcodes that read the environment, touch state or memory at length, or end a frame.
 * Each works on the frame directly ({@code f.sp}, {@code f.gas}) and returns a halt or null.
 * Calls and creates are in {@link Calls}.
 */
final class Operations {
  private Operations() {}

  /** A memory offset or size from the stack, saturated at {@link Memory#MAX_BYTES}. */
  static long toMemoryOffset(long[] s, int o) {
    if (!Word256.fitsLong(s, o) || s[o] < 0 || s[o] >= Memory.MAX_BYTES) {
      return Memory.MAX_BYTES;
    }
    return s[o];
  }

  /** Expansion gas plus {@code perWord} per word of {@code size}; MAX_VALUE when unpayable. */
  static long memoryGas(Memory memory, long offset, long size, long perWord) {
    long expansion = memory.expansionGas(offset, size);
    if (expansion == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return expansion + perWord * GasCosts.words(size);
  }

  private static final java.lang.invoke.VarHandle LONG_BE =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class,
          java.nio.ByteOrder.BIG_ENDIAN);

  /** The {@code n} (1..8) big-endian bytes at {@code start}; the code is padded past its end. */
  static long pushedLong(byte[] code, int start, int n) {
    return (long) LONG_BE.get(code, start) >>> (64 - 8 * n);
  }

  /** Pushes {@code n} (1..32) big-endian code bytes starting at {@code start} into slot o. */
  static void push(long[] s, int o, byte[] code, int start, int n) {
    int end = start + n;
    for (int limb = 0; limb < 4; limb++) {
      int hi = end - 8 * limb;
      int lo = hi - 8;
      if (lo >= start) {
        s[o + limb] = (long) LONG_BE.get(code, lo);
      } else if (hi > start) {
        s[o + limb] = pushedLong(code, start, hi - start);
      } else {
        s[o + limb] = 0;
      }
    }
  }

  static void swap(long[] s, int a, int b) {
    for (int i = 0; i < 4; i++) {
      long x = s[a + i];
      s[a + i] = s[b + i];
      s[b + i] = x;
    }
  }

  static Address toAddress(long[] s, int o) {
    byte[] b = new byte[20];
    long hi = s[o + 2];
    b[0] = (byte) (hi >>> 24);
    b[1] = (byte) (hi >>> 16);
    b[2] = (byte) (hi >>> 8);
    b[3] = (byte) hi;
    Bytes.putLong(b, 4, s[o + 1]);
    Bytes.putLong(b, 12, s[o]);
    return Address.wrap(b);
  }

  static void setAddress(long[] s, int o, Address a) {
    Word256.fromBytes(s, o, a.bytesUnsafe(), 0, 20);
  }

  static void setValue(long[] s, int o, UInt256 v) {
    v.toWords(s, o);
  }

  /** Charges {@code cost}; false (and nothing charged) when the frame cannot pay. */
  static boolean charge(Frame f, long cost) {
    if (cost > f.gas) {
      return false;
    }
    f.gas -= cost;
    return true;
  }

  /** EIP-2929: 2600 for the first touch of an address in the transaction, 100 after. */
  static long accessCost(EvmState state, Address a) {
    return state.warmAddress(a) ? GasCosts.COLD_ACCOUNT_ACCESS : GasCosts.WARM_STORAGE_READ;
  }

  static Halt execute(Evm evm, Frame f, int op) {
    long[] s = f.stack;
    int t = (f.sp - 1) << 2;
    int next = t + 4;
    EvmState state = evm.state();
    switch (op) {
      case ADDRESS -> pushAddress(f, f.address);
      case BALANCE -> {
        Address a = toAddress(s, t);
        if (!charge(f, accessCost(state, a))) {
          return Halt.OUT_OF_GAS;
        }
        setValue(s, t, state.balance(a));
      }
      case ORIGIN -> pushAddress(f, evm.origin());
      case CALLER -> pushAddress(f, f.caller);
      case CALLVALUE -> pushValue(f, f.value);
      case CALLDATALOAD -> callDataLoad(f, s, t);
      case CALLDATASIZE -> pushLong(f, f.input.length);
      case CALLDATACOPY -> {
        return copyToMemory(f, f.input);
      }
      case CODESIZE -> pushLong(f, f.code.length);
      case CODECOPY -> {
        return copyToMemory(f, f.code.code());
      }
      case GASPRICE -> pushValue(f, evm.gasPrice());
      case EXTCODESIZE -> {
        Address a = toAddress(s, t);
        if (!charge(f, accessCost(state, a))) {
          return Halt.OUT_OF_GAS;
        }
        Word256.setLong(s, t, state.code(a).length);
      }
      case EXTCODECOPY -> {
        return extCodeCopy(evm, f);
      }
      case RETURNDATASIZE -> pushLong(f, f.returnData.length);
      case RETURNDATACOPY -> {
        return returnDataCopy(f);
      }
      case EXTCODEHASH -> {
        Address a = toAddress(s, t);
        if (!charge(f, accessCost(state, a))) {
          return Halt.OUT_OF_GAS;
        }
        Hash h = state.codeHashOrZero(a);
        Word256.fromBytes(s, t, h.bytesUnsafe(), 0, 32);
      }
      case BLOCKHASH -> blockHash(evm, s, t);
      case COINBASE -> pushAddress(f, evm.block().coinbase());
      case TIMESTAMP -> pushLong(f, evm.block().timestamp());
      case NUMBER -> pushLong(f, evm.block().number());
      case PREVRANDAO -> {
        Word256.fromBytes(s, next, evm.block().prevRandao().bytesUnsafe(), 0, 32);
        f.sp++;
      }
      case GASLIMIT -> pushLong(f, evm.block().gasLimit());
      case CHAINID -> pushLong(f, evm.block().chainId());
      case SELFBALANCE -> pushValue(f, state.balance(f.address));
      case BASEFEE -> pushValue(f, evm.block().baseFee());
      case BLOBHASH -> {
        List<Hash> hashes = evm.blobHashes();
        if (Word256.fitsLong(s, t) && s[t] >= 0 && s[t] < hashes.size()) {
          Word256.fromBytes(s, t, hashes.get((int) s[t]).bytesUnsafe(), 0, 32);
        } else {
          Word256.setZero(s, t);
        }
      }
      case BLOBBASEFEE -> pushValue(f, evm.blobBaseFee());
      case SLOAD -> {
        UInt256 key = UInt256.fromWords(s, t);
        long cost = state.warmSlot(f.address, key) ? GasCosts.COLD_SLOAD : GasCosts.WARM_STORAGE_READ;
        if (!charge(f, cost)) {
          return Halt.OUT_OF_GAS;
        }
        setValue(s, t, state.storage(f.address, key));
      }
      case SSTORE -> {
        return Storage.sstore(evm, f);
      }
      case TLOAD -> setValue(s, t, state.transientStorage(f.address, UInt256.fromWords(s, t)));
      case TSTORE -> {
        if (f.isStatic) {
          return Halt.STATIC_STATE_CHANGE;
        }
        state.setTransientStorage(f.address, UInt256.fromWords(s, t), UInt256.fromWords(s, t - 4));
        f.sp -= 2;
      }
      case MCOPY -> {
        return memoryCopy(f);
      }
      case LOG0, LOG0 + 1, LOG0 + 2, LOG0 + 3, LOG4 -> {
        return log(evm, f, op - LOG0);
      }
      case CREATE, CREATE2, CALL, CALLCODE, DELEGATECALL, STATICCALL -> {
        return Calls.execute(evm, f, op);
      }
      case RETURN, REVERT -> {
        long offset = toMemoryOffset(s, t);
        long size = toMemoryOffset(s, t - 4);
        if (!charge(f, memoryGas(f.memory, offset, size, 0))) {
          return Halt.OUT_OF_GAS;
        }
        f.memory.expand(offset, size);
        f.output = size == 0 ? Frame.EMPTY : f.memory.read((int) offset, (int) size);
        f.sp -= 2;
        return op == RETURN ? Halt.RETURN : Halt.REVERT;
      }
      case SELFDESTRUCT -> {
        return selfDestruct(evm, f);
      }
      default -> {
        return Halt.INVALID_OPCODE;
      }
    }
    return null;
  }

  private static void pushAddress(Frame f, Address a) {
    setAddress(f.stack, f.sp << 2, a);
    f.sp++;
  }

  private static void pushValue(Frame f, UInt256 v) {
    v.toWords(f.stack, f.sp << 2);
    f.sp++;
  }

  private static void pushLong(Frame f, long v) {
    Word256.setLong(f.stack, f.sp << 2, v);
    f.sp++;
  }

  private static void callDataLoad(Frame f, long[] s, int t) {
    byte[] input = f.input;
    if (!Word256.fitsLong(s, t) || s[t] < 0 || s[t] >= input.length) {
      Word256.setZero(s, t);
      return;
    }
    int start = (int) s[t];
    int n = Math.min(32, input.length - start);
    byte[] word = new byte[32];
    System.arraycopy(input, start, word, 0, n);
    Word256.fromBytes(s, t, word, 0, 32);
  }

  /** CALLDATACOPY and CODECOPY: (memOffset, sourceOffset, size), zeros past the source. */
  private static Halt copyToMemory(Frame f, byte[] source) {
    long[] s = f.stack;
    int t = (f.sp - 1) << 2;
    long memOffset = toMemoryOffset(s, t);
    long size = toMemoryOffset(s, t - 8);
    if (!charge(f, memoryGas(f.memory, memOffset, size, GasCosts.COPY_WORD))) {
      return Halt.OUT_OF_GAS;
    }
    f.memory.expand(memOffset, size);
    long sourceOffset = Word256.fitsLong(s, t - 4) && s[t - 4] >= 0 ? s[t - 4] : Long.MAX_VALUE;
    f.memory.write((int) memOffset, source, sourceOffset, (int) size);
    f.sp -= 3;
    return null;
  }

  private static Halt extCodeCopy(Evm evm, Frame f) {
    long[] s = f.stack;
    int t = (f.sp - 1) << 2;
    Address a = toAddress(s, t);
    long memOffset = toMemoryOffset(s, t - 4);
    long size = toMemoryOffset(s, t - 12);
    long cost = memoryGas(f.memory, memOffset, size, GasCosts.COPY_WORD);
    if (cost == Long.MAX_VALUE || !charge(f, accessCost(evm.state(), a) + cost)) {
      return Halt.OUT_OF_GAS;
    }
    f.memory.expand(memOffset, size);
    long codeOffset = Word256.fitsLong(s, t - 8) && s[t - 8] >= 0 ? s[t - 8] : Long.MAX_VALUE;
    f.memory.write((int) memOffset, evm.state().code(a), codeOffset, (int) size);
    f.sp -= 4;
    return null;
  }

  private static Halt returnDataCopy(Frame f) {
    long[] s = f.stack;
    int t = (f.sp - 1) << 2;
    long memOffset = toMemoryOffset(s, t);
    long size = toMemoryOffset(s, t - 8);
    if (!charge(f, memoryGas(f.memory, memOffset, size, GasCosts.COPY_WORD))) {
      return Halt.OUT_OF_GAS;
    }
    boolean offsetFits = Word256.fitsLong(s, t - 4) && s[t - 4] >= 0;
    boolean sizeFits = Word256.fitsLong(s, t - 8) && s[t - 8] >= 0;
    if (!offsetFits || !sizeFits || s[t - 4] + s[t - 8] > f.returnData.length
        || s[t - 4] + s[t - 8] < 0) {
      return Halt.RETURN_DATA_OUT_OF_BOUNDS;
    }
    f.memory.expand(memOffset, size);
    f.memory.write((int) memOffset, f.returnData, s[t - 4], (int) size);
    f.sp -= 3;
    return null;
  }

  private static void blockHash(Evm evm, long[] s, int t) {
    long current = evm.block().number();
    if (Word256.fitsLong(s, t) && s[t] >= 0 && s[t] < current && s[t] >= current - 256) {
      Hash h = evm.block().blockHashes().hash(s[t]);
      if (h != null) {
        Word256.fromBytes(s, t, h.bytesUnsafe(), 0, 32);
        return;
      }
    }
    Word256.setZero(s, t);
  }

  private static Halt memoryCopy(Frame f) {
    long[] s = f.stack;
    int t = (f.sp - 1) << 2;
    long dest = toMemoryOffset(s, t);
    long src = toMemoryOffset(s, t - 4);
    long size = toMemoryOffset(s, t - 8);
    long cost = memoryGas(f.memory, Math.max(dest, src), size, GasCosts.COPY_WORD);
    if (!charge(f, cost)) {
      return Halt.OUT_OF_GAS;
    }
    if (size > 0) {
      f.memory.expand(Math.max(dest, src), size);
      f.memory.copyWithin((int) src, (int) dest, (int) size);
    }
    f.sp -= 3;
    return null;
  }

  private static Halt log(Evm evm, Frame f, int topicCount) {
    if (f.isStatic) {
      return Halt.STATIC_STATE_CHANGE;
    }
    long[] s = f.stack;
    int t = (f.sp - 1) << 2;
    long offset = toMemoryOffset(s, t);
    long size = toMemoryOffset(s, t - 4);
    if (!charge(f, memoryGas(f.memory, offset, size, 0))) {
      return Halt.OUT_OF_GAS;
    }
    if (!charge(f, GasCosts.LOG_DATA_BYTE * size)) {
      return Halt.OUT_OF_GAS;
    }
    f.memory.expand(offset, size);
    List<Hash> topics = new ArrayList<>(topicCount);
    for (int i = 0; i < topicCount; i++) {
      byte[] topic = new byte[32];
      Word256.toBytes(s, t - 8 - 4 * i, topic, 0);
      topics.add(Hash.adopt(topic));
    }
    byte[] data = size == 0 ? Frame.EMPTY : f.memory.read((int) offset, (int) size);
    evm.state().addLog(new Log(f.address, topics, data));
    f.sp -= 2 + topicCount;
    return null;
  }

  /** SELFDESTRUCT as of EIP-6780: moves the balance; deletes only contracts of this tx. */
  private static Halt selfDestruct(Evm evm, Frame f) {
    if (f.isStatic) {
      return Halt.STATIC_STATE_CHANGE;
    }
    EvmState state = evm.state();
    Address beneficiary = toAddress(f.stack, (f.sp - 1) << 2);
    long cost = state.warmAddress(beneficiary) ? GasCosts.COLD_ACCOUNT_ACCESS : 0;
    Account self = state.account(f.address);
    UInt256 balance = self.balance();
    if (!balance.isZero() && state.account(beneficiary).isDead()) {
      cost += GasCosts.SELFDESTRUCT_NEW_ACCOUNT;
    }
    if (!charge(f, cost)) {
      return Halt.OUT_OF_GAS;
    }
    state.subtractBalance(f.address, balance);
    state.addBalance(beneficiary, balance);
    if (state.isCreatedInTransaction(f.address)) {
      state.markSelfDestructed(f.address);
    }
    f.sp--;
    return Halt.SELFDESTRUCT;
  }
}
