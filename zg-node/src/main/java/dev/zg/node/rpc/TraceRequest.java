package dev.zg.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.evm.TransactionResult;
import dev.zg.evm.interpreter.Tracer;
import dev.zg.evm.trace.CallTracer;
import dev.zg.evm.trace.StructLogger;
import dev.zg.rpc.RpcException;

/**
 * A debug_trace* options object: {@code {"tracer": "callTracer", "tracerConfig":
 * {"onlyTopCall": bool}}}, or the struct logger's {@code disableStack}, {@code
 * disableStorage}, {@code enableMemory}, {@code enableReturnData} and {@code limit}.
 */
record TraceRequest(CallTracer callTracer, StructLogger structLogger) {
  private static final int STEPS_MAX = 1_000_000;

  static TraceRequest of(JsonNode options) {
    if (options == null || options.isNull()) {
      return new TraceRequest(null, new StructLogger(StructLogger.Options.defaults(), STEPS_MAX));
    }
    if (!options.isObject()) {
      throw RpcException.invalidParams("invalid argument 1: trace options must be an object");
    }
    String tracer = options.path("tracer").asText("");
    if (tracer.equals("callTracer")) {
      boolean onlyTop = options.path("tracerConfig").path("onlyTopCall").asBoolean(false);
      return new TraceRequest(new CallTracer(onlyTop), null);
    }
    if (!tracer.isEmpty()) {
      throw new RpcException(Blocks.NOT_FOUND, "tracer " + tracer
          + " is not supported; use the default struct logger or callTracer");
    }
    int limit = options.path("limit").asInt(0);
    StructLogger.Options o = new StructLogger.Options(
        options.path("disableStack").asBoolean(false),
        options.path("disableStorage").asBoolean(false),
        options.path("enableMemory").asBoolean(false),
        options.path("enableReturnData").asBoolean(false),
        Math.max(0, limit));
    return new TraceRequest(null, new StructLogger(o, STEPS_MAX));
  }

  Tracer tracer() {
    return callTracer != null ? callTracer : structLogger;
  }

  /**
   * The trace of a finished run; {@code returnValue} is what it returned (for a creation, the
   * deployed code), reported when it succeeded or reverted.
   */
  JsonNode result(TransactionResult r, long gasLimit, byte[] returnValue) {
    if (callTracer != null) {
      return callTracer.result(gasLimit, r.gasUsed());
    }
    return structLogger.result(r.gasUsed(), !r.success(), r.success() || r.halt()
        == dev.zg.evm.interpreter.Halt.REVERT ? returnValue : new byte[0]);
  }
}
