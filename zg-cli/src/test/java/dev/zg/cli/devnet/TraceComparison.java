package dev.zg.cli.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;

/**
 * Compares debug_trace* answers: zg's struct logger step by step with a reference node's, and
 * zg's callTracer (which Hardhat lacks) with the call frames the reference's struct logs show.
 */
final class TraceComparison {
  static final Set<String> CALL_OPS = Set.of("CALL", "CALLCODE", "DELEGATECALL", "STATICCALL",
      "CREATE", "CREATE2");

  private final SoftAssertions soft;

  TraceComparison(SoftAssertions soft) {
    this.soft = soft;
  }

  /**
   * The struct logger's result ({@code failed}, {@code gas}, {@code returnValue}) and each step
   * (pc, op, gas, gasCost, depth, stack); only the first differing step is reported.
   */
  void structLogs(String label, JsonNode z, JsonNode h) {
    soft.assertThat(z.get("failed")).as("%s: trace failed", label).isEqualTo(h.get("failed"));
    soft.assertThat(z.get("gas").asLong()).as("%s: trace gas", label)
        .isEqualTo(h.get("gas").asLong());
    soft.assertThat(stripHex(z.get("returnValue").asText())).as("%s: trace return value", label)
        .isEqualTo(stripHex(h.get("returnValue").asText()));
    JsonNode zs = z.get("structLogs");
    JsonNode hs = h.get("structLogs");
    soft.assertThat(zs.size()).as("%s: trace steps", label).isEqualTo(hs.size());
    for (int i = 0; i < Math.min(zs.size(), hs.size()); i++) {
      String step = stepKey(zs.get(i));
      String expected = stepKey(hs.get(i));
      long cost = zs.get(i).get("gasCost").asLong();
      long expectedCost = hs.get(i).get("gasCost").asLong();
      if (!step.equals(expected) || cost != expectedCost) {
        soft.fail("%s: trace step %d differs:%n  zg      %s cost=%d%n  Hardhat %s cost=%d",
            label, i, step, cost, expected, expectedCost);
        return; // later steps would only repeat the difference
      }
    }
  }

  private static String stepKey(JsonNode step) {
    List<String> stack = new ArrayList<>();
    step.path("stack").forEach(s -> stack.add(word(s.asText()).toString(16)));
    return "pc=" + step.get("pc").asInt() + " op=" + step.get("op").asText() + " gas="
        + step.get("gas").asLong() + " depth=" + step.get("depth").asInt() + " stack=" + stack;
  }

  /**
   * zg's callTracer tree: its totals against the receipt, its frames (type, depth, target) in
   * order against those the reference's struct logs show.
   */
  void callTracer(String label, JsonNode tree, JsonNode receipt, JsonNode referenceStructLogs) {
    soft.assertThat(tree.get("gasUsed").asText()).as("%s: callTracer gasUsed", label)
        .isEqualTo(receipt.get("gasUsed").asText());
    soft.assertThat(tree.get("from").asText()).as("%s: callTracer from", label)
        .isEqualTo(receipt.get("from").asText());
    List<String> frames = new ArrayList<>();
    flatten(tree.path("calls"), 2, frames);
    soft.assertThat(frames).as("%s: callTracer frames vs the reference's struct logs", label)
        .isEqualTo(framesOf(referenceStructLogs));
    boolean failed = receipt.get("status").asText().equals("0x0");
    soft.assertThat(tree.has("error")).as("%s: callTracer error on a failed transaction", label)
        .isEqualTo(failed);
  }

  private static void flatten(JsonNode calls, int depth, List<String> out) {
    for (JsonNode call : calls) {
      String type = call.get("type").asText();
      String target = type.startsWith("CREATE") ? "" : " " + call.get("to").asText();
      out.add(type + "@" + depth + target);
      flatten(call.path("calls"), depth + 1, out);
    }
  }

  /**
   * The frames go-ethereum's callTracer reports, read off struct logs: one per call or creation
   * opcode that went through, whether it ran code (the next step is one level deeper) or
   * returned at once (no code, a precompile, an address collision: the next step is at the
   * same level). An opcode that faulted itself (next step shallower) made no frame.
   */
  private static List<String> framesOf(JsonNode logs) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i + 1 < logs.size(); i++) {
      JsonNode step = logs.get(i);
      String op = step.get("op").asText();
      int depth = step.get("depth").asInt();
      if (!CALL_OPS.contains(op) || logs.get(i + 1).get("depth").asInt() < depth) {
        continue;
      }
      JsonNode stack = step.get("stack");
      String target = op.startsWith("CREATE") ? "" : " 0x" + String.format("%40s",
          word(stack.get(stack.size() - 2).asText()).toString(16)).replace(' ', '0');
      out.add(op + "@" + (depth + 1) + target);
    }
    return out;
  }

  /** A stack word as either node writes it: 0x-quantity or 64 hex digits. */
  private static BigInteger word(String hex) {
    return new BigInteger(stripHex(hex), 16);
  }

  static String stripHex(String s) {
    String t = s.startsWith("0x") ? s.substring(2) : s;
    return t.isEmpty() ? "0" : t;
  }
}
