package dev.zg.consensus.sim;

import dev.zg.common.Hash;
import dev.zg.consensus.Evidence;
import dev.zg.consensus.Output;
import dev.zg.consensus.RejectReason;
import dev.zg.consensus.SignatureVerifier;
import dev.zg.consensus.ValidatorSet;
import dev.zg.consensus.Verification;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The properties, asserted as the simulation runs:
 * <ul>
 *   <li>agreement: no two honest nodes commit different values at one height;
 *   <li>finality and order: an honest node commits each height once, in order;
 *   <li>validity: a committed value is valid, its certificate verifies against the height's
 *       validator set and names it;
 *   <li>no honest double-signing: every evidence verifies and accuses a Byzantine validator,
 *       and an honest engine never has a signature refused by its own signing state.
 * </ul>
 * Liveness is checked by the simulation once faults end.
 */
final class Checker {
  private final Scenario scenario;
  private final long chainId;
  private final LongFunction<ValidatorSet> sets;
  private final SignatureVerifier verifier;
  private final Map<Long, Hash> decided = new HashMap<>();
  private final Map<Long, Integer> decidedBy = new HashMap<>();
  private final Map<dev.zg.common.Address, Integer> nodeOf;
  int evidenceCount;

  Checker(Scenario scenario, long chainId, LongFunction<ValidatorSet> sets,
      SignatureVerifier verifier, Map<dev.zg.common.Address, Integer> nodeOf) {
    this.scenario = scenario;
    this.chainId = chainId;
    this.sets = sets;
    this.verifier = verifier;
    this.nodeOf = nodeOf;
  }

  void onCommit(SimNode node, Output.Commit commit) {
    long h = commit.height();
    require(h == node.committedHeight() + 1, node + " committed height " + h + " after "
        + node.committedHeight() + " (a committed block is final and heights go in order)");
    Hash id = commit.value().id();
    require(id.equals(commit.certificate().valueId()), node + " certificate names another value");
    Verification v = commit.certificate().verify(chainId, sets.apply(h), verifier);
    require(v.valid(), node + " commit certificate at h=" + h + " invalid: " + v.problem());
    String text = new String(commit.value().bytes(), StandardCharsets.US_ASCII);
    require(!text.startsWith("invalid"), node + " committed an invalid value at h=" + h);
    Hash first = decided.putIfAbsent(h, id);
    if (first == null) {
      decidedBy.put(h, node.index);
    }
    require(first == null || first.equals(id), "SAFETY VIOLATION at height " + h + ": n"
        + decidedBy.get(h) + " committed " + first + ", " + node + " committed " + id);
  }

  void onEvidence(SimNode node, Evidence evidence) {
    Verification v = evidence.verify(chainId, sets.apply(evidence.height()), verifier);
    require(v.valid(), node + " emitted evidence that does not verify: " + v.problem());
    Integer offender = nodeOf.get(evidence.offender());
    require(offender != null && scenario.isByzantine(offender),
        "honest validator n" + offender + " double-signed (evidence from " + node + ")");
    evidenceCount++;
  }

  void onRejected(SimNode node, Output.Rejected rejected) {
    require(node.byzantine || rejected.reason() != RejectReason.SIGNING_REFUSED,
        node + " tried to sign against its signing state: " + rejected.detail());
  }

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new SimulationFailure(message);
    }
  }
}
