package dev.zg.evm.trace;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.UInt256;
import dev.zg.evm.interpreter.Frame;
import dev.zg.evm.interpreter.Halt;
import dev.zg.evm.interpreter.Tracer;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Builds the call tree of a transaction in the shape of geth's {@code callTracer}:
 * {@code {type, from, to, value, gas, gasUsed, input, output, error, revertReason, calls}}
 * with quantities as hex. The root's gas and gasUsed are the transaction's, set by the
 * caller through {@link #result(long, long)}.
 */
public final class CallTracer implements Tracer {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final byte[] ERROR_SELECTOR = {0x08, (byte) 0xc3, 0x79, (byte) 0xa0};

  private final boolean onlyTopCall;
  private final ArrayDeque<ObjectNode> open = new ArrayDeque<>();
  private ObjectNode root;

  public CallTracer(boolean onlyTopCall) {
    this.onlyTopCall = onlyTopCall;
  }

  @Override
  public void callEnter(Frame.Kind kind, Address from, Address to, UInt256 value, byte[] input,
      long gas, int depth) {
    ObjectNode call = JSON.objectNode();
    call.put("type", kind.name());
    call.put("from", from.toHex());
    call.put("to", to.toHex());
    if (kind != Frame.Kind.DELEGATECALL && kind != Frame.Kind.STATICCALL) {
      call.put("value", value.toHexQuantity());
    }
    call.put("gas", "0x" + Long.toHexString(gas));
    call.put("gasUsed", "0x0");
    call.put("input", Hex.prefixed(input));
    if (open.isEmpty()) {
      if (root == null) {
        root = call;
      }
    } else if (!onlyTopCall) {
      ObjectNode parent = open.peek();
      ArrayNode calls = parent.has("calls") ? (ArrayNode) parent.get("calls") : parent.putArray("calls");
      calls.add(call);
    }
    open.push(call);
  }

  @Override
  public void callExit(int depth, Halt halt, long gasUsed, byte[] output) {
    ObjectNode call = open.pop();
    call.put("gasUsed", "0x" + Long.toHexString(gasUsed));
    if (output.length > 0 || halt.isSuccess()) {
      call.put("output", Hex.prefixed(output));
    }
    if (!halt.isSuccess()) {
      call.put("error", halt.traceError());
      String reason = revertReason(output);
      if (halt == Halt.REVERT && reason != null) {
        call.put("revertReason", reason);
      }
    }
    if (call.has("calls")) {
      // geth lists children before the result fields; keep its key order for diffs.
      ArrayNode calls = (ArrayNode) call.remove("calls");
      call.set("calls", calls);
    }
  }

  /** The tree, with the root's gas and gasUsed replaced by the transaction's. */
  public ObjectNode result(long txGasLimit, long txGasUsed) {
    if (root == null) {
      return JSON.objectNode();
    }
    root.put("gas", "0x" + Long.toHexString(txGasLimit));
    root.put("gasUsed", "0x" + Long.toHexString(txGasUsed));
    return root;
  }

  /** The string of an {@code Error(string)} revert, or null. */
  static String revertReason(byte[] output) {
    if (output.length < 68 || !Arrays.equals(output, 0, 4, ERROR_SELECTOR, 0, 4)) {
      return null;
    }
    UInt256 offset = UInt256.fromBytes(output, 4, 32);
    if (!offset.fitsLong() || offset.toLongExact() + 36 + 32 > output.length) {
      return null;
    }
    int at = 4 + (int) offset.toLongExact();
    UInt256 length = UInt256.fromBytes(output, at, 32);
    if (!length.fitsLong() || at + 32 + length.toLongExact() > output.length) {
      return null;
    }
    return new String(output, at + 32, (int) length.toLongExact(),
        java.nio.charset.StandardCharsets.UTF_8);
  }
}
