package dev.zg.evm.trace;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.common.Hex;
import dev.zg.common.UInt256;
import dev.zg.evm.interpreter.Frame;
import dev.zg.evm.interpreter.Halt;
import dev.zg.evm.interpreter.Opcodes;
import dev.zg.evm.interpreter.Tracer;
import java.util.ArrayDeque;
import java.util.TreeMap;

/**
 * geth's default ("struct") logger for debug_traceTransaction: one entry per instruction with
 * pc, op, gas, gasCost, depth, stack, optionally memory, storage touched so far in the
 * current contract, and the error on the failing instruction. Bounded by a step limit so a
 * trace of a huge transaction cannot exhaust memory.
 */
public final class StructLogger implements Tracer {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** Options as geth names them. */
  public record Options(boolean disableStack, boolean disableStorage, boolean enableMemory,
      boolean enableReturnData, int limit) {
    public static Options defaults() {
      return new Options(false, false, false, false, 0);
    }
  }

  private final Options options;
  private final int stepsMax;
  private final ArrayNode logs = JSON.arrayNode();
  private final ArrayDeque<TreeMap<String, String>> storageByDepth = new ArrayDeque<>();
  private ObjectNode pending;
  private boolean truncated;

  public StructLogger(Options options, int stepsMax) {
    this.options = options;
    this.stepsMax = options.limit() > 0 ? Math.min(options.limit(), stepsMax) : stepsMax;
  }

  @Override
  public void callEnter(Frame.Kind kind, dev.zg.common.Address from, dev.zg.common.Address to,
      UInt256 value, byte[] input, long gas, int depth) {
    storageByDepth.push(new TreeMap<>());
  }

  @Override
  public void callExit(int depth, Halt halt, long gasUsed, byte[] output) {
    storageByDepth.pop();
  }

  @Override
  public void step(Frame frame, int opcode, long gasBefore, long refund) {
    if (logs.size() >= stepsMax) {
      truncated = true;
      pending = null;
      return;
    }
    ObjectNode log = JSON.objectNode();
    log.put("pc", frame.pc());
    log.put("op", Opcodes.name(opcode));
    log.put("gas", gasBefore);
    log.put("gasCost", 0);
    log.put("depth", frame.depth() + 1);
    if (!options.disableStack()) {
      ArrayNode stack = log.putArray("stack");
      for (int i = 0; i < frame.stackSize(); i++) {
        stack.add(frame.stackItem(i).toHexQuantity());
      }
    }
    if (options.enableMemory()) {
      ArrayNode memory = log.putArray("memory");
      byte[] snapshot = frame.memory().snapshot();
      for (int i = 0; i < snapshot.length; i += 32) {
        memory.add(Hex.encode(snapshot, i, 32));
      }
    }
    if (options.enableReturnData() && frame.returnData().length > 0) {
      log.put("returnData", Hex.prefixed(frame.returnData()));
    }
    if (refund != 0) {
      log.put("refund", refund);
    }
    recordStorage(frame, opcode, log);
    pending = log;
    logs.add(log);
  }

  private void recordStorage(Frame frame, int opcode, ObjectNode log) {
    if (options.disableStorage() || storageByDepth.isEmpty()) {
      return;
    }
    TreeMap<String, String> storage = storageByDepth.peek();
    int n = frame.stackSize();
    if (opcode == Opcodes.SSTORE && n >= 2) {
      storage.put(word(frame.stackItem(n - 1)), word(frame.stackItem(n - 2)));
    } else if (opcode == Opcodes.SLOAD && n >= 1) {
      // geth shows the value loaded; the slot is known now, its value once loaded.
      storage.putIfAbsent(word(frame.stackItem(n - 1)), null);
    } else if (opcode != Opcodes.SLOAD && opcode != Opcodes.SSTORE) {
      return;
    }
    ObjectNode out = log.putObject("storage");
    storage.forEach((k, v) -> out.put(k, v == null ? word(UInt256.ZERO) : v));
  }

  @Override
  public void stepDone(Frame frame, int opcode, long gasCost, Halt error) {
    if (pending == null) {
      return;
    }
    pending.put("gasCost", gasCost);
    if (opcode == Opcodes.SLOAD && !options.disableStorage() && frame.stackSize() >= 1
        && error == null && !storageByDepth.isEmpty()) {
      // The loaded value is on top of the stack now; fill in the slot recorded without one.
      ObjectNode storage = (ObjectNode) pending.get("storage");
      for (var e : storageByDepth.peek().entrySet()) {
        if (e.getValue() == null) {
          e.setValue(word(frame.stackItem(frame.stackSize() - 1)));
          storage.put(e.getKey(), e.getValue());
        }
      }
    }
    if (error != null && error.traceError() != null) {
      pending.put("error", error.traceError());
    }
    pending = null;
  }

  /** {@code {gas, failed, returnValue, structLogs}} for the finished transaction. */
  public ObjectNode result(long gasUsed, boolean failed, byte[] returnValue) {
    ObjectNode out = JSON.objectNode();
    out.put("gas", gasUsed);
    out.put("failed", failed);
    out.put("returnValue", Hex.encode(returnValue));
    out.set("structLogs", logs);
    if (truncated) {
      out.put("truncated", true);
    }
    return out;
  }

  private static String word(UInt256 v) {
    return Hex.encode(v.toBytes32());
  }
}
