package dev.zg.consensus.sim;

import dev.zg.consensus.Input;
import dev.zg.consensus.Output;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.List;

/**
 * What a simulation says about itself: nothing (the thousand-seed run), everything (a replay),
 * or the last lines before a failure (kept in a ring).
 */
public final class Trace {
  private final PrintStream out;
  private final ArrayDeque<String> ring;
  private final int ringSize;
  private final java.util.Map<String, String> names = new java.util.LinkedHashMap<>();

  private Trace(PrintStream out, int ringSize) {
    this.out = out;
    this.ringSize = ringSize;
    this.ring = ringSize > 0 ? new ArrayDeque<>(ringSize) : null;
  }

  public static Trace none() {
    return new Trace(null, 0);
  }

  public static Trace printing(PrintStream out) {
    return new Trace(out, 0);
  }

  /** Keeps the last {@code lines} lines for {@link #tail}. */
  public static Trace tail(int lines) {
    return new Trace(null, lines);
  }

  /** Shows {@code address} as {@code name} (n0, n1, ...) in the lines. */
  void name(dev.zg.common.Address address, String name) {
    names.put(address.toString(), name);
  }

  boolean on() {
    return out != null || ring != null;
  }

  void line(long now, String text) {
    if (!on()) {
      return;
    }
    for (var e : names.entrySet()) {
      text = text.replace(e.getKey(), e.getValue());
    }
    String line = String.format("%8d ms  %s", now, text);
    if (out != null) {
      out.println(line);
    } else {
      if (ring.size() == ringSize) {
        ring.removeFirst();
      }
      ring.addLast(line);
    }
  }

  void step(long now, SimNode node, Input input, int from, List<Output> outputs) {
    if (!on()) {
      return;
    }
    StringBuilder s = new StringBuilder().append(node).append(" <- ").append(describe(input));
    if (from >= 0) {
      s.append(" from n").append(from);
    }
    for (Output o : outputs) {
      s.append("\n              ").append(node).append(" -> ").append(describe(o));
    }
    line(now, s.toString());
  }

  /** The kept lines, oldest first. */
  public List<String> tail() {
    return ring == null ? List.of() : List.copyOf(ring);
  }

  private static String describe(Input input) {
    return switch (input) {
      case Input.MessageReceived m -> m.message().toString();
      case Input.StartHeight s -> "StartHeight h=" + s.height();
      case Input.TimeoutFired t -> "Timeout " + t.timeout();
      case Input.ValueReady v -> "ValueReady h=" + v.height() + " r=" + v.round();
      case Input.ValidityVerdict v -> "Verdict " + v.valueId().toHex().substring(0, 10) + " "
          + (v.valid() ? "valid" : "INVALID");
      case Input.SyncedCommit c -> "SyncedCommit h=" + c.certificate().height();
    };
  }

  private static String describe(Output output) {
    return switch (output) {
      case Output.PersistSigningState p -> "Persist " + p.state().lastSigned()
          + " lock r=" + p.state().lockedRound();
      case Output.Broadcast b -> "Broadcast " + b.message();
      case Output.ScheduleTimeout t -> "Timer " + t.timeout() + " in " + t.delayMillis() + " ms";
      case Output.RequestValue r -> "RequestValue h=" + r.height() + " r=" + r.round();
      case Output.ValidateValue v -> "Validate " + v.value();
      case Output.Commit c -> "COMMIT h=" + c.height() + " " + c.value() + " round "
          + c.certificate().round() + " with " + c.certificate().precommits().size()
          + " precommits";
      case Output.EvidenceFound e -> "EVIDENCE against " + e.evidence().offender();
      case Output.PeerBehind p -> "PeerBehind " + p.validator() + " at h=" + p.height();
      case Output.Rejected r -> "Rejected " + r.reason() + " " + r.detail();
    };
  }
}
