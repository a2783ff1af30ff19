package dev.zg.evm.trace;

import dev.zg.common.Hex;
import dev.zg.evm.interpreter.Frame;
import dev.zg.evm.interpreter.Halt;
import dev.zg.evm.interpreter.Opcodes;
import dev.zg.evm.interpreter.Tracer;
import java.io.PrintWriter;

/**
 * Writes one EIP-3155 JSON line per executed instruction:
 * {@code {"pc","op","gas","gasCost","memSize","stack","depth","refund","opName"}} with
 * {@code "error"} on the instruction that failed. Depth counts from 1 as in the EIP.
 */
public final class Eip3155Tracer implements Tracer {
  private final PrintWriter out;
  private final StringBuilder line = new StringBuilder(256);
  private boolean pending;
  private String pendingPrefix;
  private String pendingSuffix;

  public Eip3155Tracer(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void step(Frame frame, int opcode, long gasBefore, long refund) {
    flushPending(null, 0);
    line.setLength(0);
    line.append("{\"pc\":").append(frame.pc())
        .append(",\"op\":").append(opcode)
        .append(",\"gas\":\"0x").append(Long.toHexString(gasBefore)).append('"');
    pendingPrefix = line.toString();
    line.setLength(0);
    line.append(",\"memSize\":").append(frame.memory().size()).append(",\"stack\":[");
    for (int i = 0; i < frame.stackSize(); i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append('"').append(frame.stackItem(i).toHexQuantity()).append('"');
    }
    line.append("],\"depth\":").append(frame.depth() + 1)
        .append(",\"refund\":").append(refund)
        .append(",\"opName\":\"").append(Opcodes.name(opcode)).append('"');
    if (frame.returnData().length > 0) {
      line.append(",\"returnData\":\"").append(Hex.prefixed(frame.returnData())).append('"');
    }
    pendingSuffix = line.toString();
    pending = true;
  }

  @Override
  public void stepDone(Frame frame, int opcode, long gasCost, Halt error) {
    flushPending(error, gasCost);
  }

  private void flushPending(Halt error, long gasCost) {
    if (!pending) {
      return;
    }
    pending = false;
    StringBuilder b = new StringBuilder(pendingPrefix.length() + pendingSuffix.length() + 48);
    b.append(pendingPrefix).append(",\"gasCost\":\"0x").append(Long.toHexString(gasCost))
        .append('"').append(pendingSuffix);
    if (error != null && error.traceError() != null) {
      b.append(",\"error\":\"").append(error.traceError()).append('"');
    }
    b.append('}');
    out.println(b);
  }

  /** Prints the closing summary line. */
  public void summary(byte[] output, long gasUsed, Halt halt) {
    flushPending(null, 0);
    out.println("{\"output\":\"" + Hex.encode(output) + "\",\"gasUsed\":\"0x"
        + Long.toHexString(gasUsed) + "\"" + (halt.traceError() == null ? ""
            : ",\"error\":\"" + halt.traceError() + "\"") + "}");
    out.flush();
  }
}
