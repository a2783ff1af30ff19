package dev.zg.consensus;

import dev.zg.common.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Collects the outputs of one {@link ConsensusEngine#handle} call, and signs through the
 * {@link SignGuard} so that every new signature is preceded by its persist output.
 */
final class Effects {
  final EngineConfig config;
  final Signer signer;
  final SignatureVerifier verifier;
  final SignGuard guard;
  private List<Output> outputs = new ArrayList<>();

  Effects(EngineConfig config, Signer signer, SignatureVerifier verifier, SignGuard guard) {
    this.config = config;
    this.signer = signer;
    this.verifier = verifier;
    this.guard = guard;
  }

  void emit(Output output) {
    outputs.add(output);
  }

  void reject(RejectReason reason, String detail) {
    outputs.add(new Output.Rejected(reason, detail));
  }

  void schedule(Timeout.Kind kind, long height, int round) {
    long delay = config.timeouts().durationMillis(kind, round);
    outputs.add(new Output.ScheduleTimeout(new Timeout(kind, height, round), delay));
  }

  List<Output> drain() {
    List<Output> done = outputs;
    outputs = new ArrayList<>();
    return done;
  }

  /** Signs and broadcasts a proposal made under the given lock; null when refused. */
  Proposal propose(long height, int round, Value value, int polRound, Lock lock) {
    ConsensusMessage prior = guard.signedAt(height, round, Step.PROPOSE);
    if (prior != null) {
      return (Proposal) resendOrRefuse(prior, prior instanceof Proposal p
          && p.polRound() == polRound && p.value().id().equals(value.id()));
    }
    if (!guard.mayNewlySign(height, round, Step.PROPOSE)) {
      return (Proposal) resendOrRefuse(null, false);
    }
    Proposal p = Proposal.sign(config.chainId(), height, round, value, polRound, signer);
    persistAndSend(p, lock);
    return p;
  }

  /** Signs and broadcasts a vote made under the given lock; null when the guard refuses. */
  Vote vote(VoteType type, long height, int round, Hash valueId, Lock lock) {
    ConsensusMessage prior = guard.signedAt(height, round, type.step());
    if (prior != null) {
      boolean same = prior instanceof Vote v && Objects.equals(v.valueId(), valueId);
      return (Vote) resendOrRefuse(prior, same);
    }
    if (!guard.mayNewlySign(height, round, type.step())) {
      return (Vote) resendOrRefuse(null, false);
    }
    Vote v = Vote.sign(config.chainId(), type, height, round, valueId, signer);
    persistAndSend(v, lock);
    return v;
  }

  private void persistAndSend(ConsensusMessage signed, Lock lock) {
    outputs.add(new Output.PersistSigningState(guard.record(signed, lock)));
    outputs.add(new Output.Broadcast(signed));
  }

  private ConsensusMessage resendOrRefuse(ConsensusMessage prior, boolean same) {
    if (same) {
      outputs.add(new Output.Broadcast(prior));
      return prior;
    }
    reject(RejectReason.SIGNING_REFUSED, "would conflict with " + guard.state().lastSigned());
    return null;
  }
}
