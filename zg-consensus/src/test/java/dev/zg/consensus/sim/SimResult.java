package dev.zg.consensus.sim;

import dev.zg.consensus.RejectReason;
import java.util.Map;

/** What one schedule did, and whether every property held ({@code failure} null). */
public record SimResult(Scenario scenario, String failure, long fingerprint, long endMillis,
    long events, long messagesSent, long messagesDropped, int evidence, int maxRound,
    long livenessMillis, String heights, Map<RejectReason, Integer> rejections) {

  public boolean ok() {
    return failure == null;
  }

  public String summary() {
    return "seed " + scenario.seed() + ": " + (ok() ? "ok" : "FAILED: " + failure)
        + "\n  scenario: " + scenario.describe()
        + "\n  ran to " + endMillis + " ms, " + events + " events, " + messagesSent
        + " messages sent (" + messagesDropped + " dropped), max commit round " + maxRound
        + ", " + evidence + " evidence, liveness after faults "
        + (livenessMillis < 0 ? "not reached" : livenessMillis + " ms")
        + "\n  committed heights " + heights
        + "\n  rejections " + rejections;
  }
}
