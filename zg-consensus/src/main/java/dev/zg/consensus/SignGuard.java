package dev.zg.consensus;

import java.util.ArrayList;
import java.util.List;

/**
 * Double-sign protection. A validator signs only at a (height, round, step) position after
 * the last one it signed; asked again at that same position it may only re-send the very
 * message it signed. Anything else is refused. Each new signature yields the signing state
 * the host must persist before sending it.
 */
final class SignGuard {
  private final int roundsKept;
  private SigningState state;

  SignGuard(SigningState restored, int roundsKept) {
    this.state = restored;
    this.roundsKept = roundsKept;
  }

  SigningState state() {
    return state;
  }

  /** The message already signed at exactly this position, or null. */
  ConsensusMessage signedAt(long height, int round, Step step) {
    ConsensusMessage last = state.lastSigned();
    boolean here = last != null && last.height() == height && last.round() == round
        && last.step() == step;
    return here ? last : null;
  }

  /** True when nothing has been signed at this position or after it. */
  boolean mayNewlySign(long height, int round, Step step) {
    return state.lastSigned() == null
        || SigningState.compare(height, round, step, state.height(), state.round(),
            state.step()) > 0;
  }

  /** Records a new signature with the lock it was made under; returns the state to persist. */
  SigningState record(ConsensusMessage signed, Lock lock) {
    int lockedRound = lock == null ? -1 : lock.round();
    Check.state(mayNewlySign(signed.height(), signed.round(), signed.step()),
        "signing at or before the last signed position");
    List<ConsensusMessage> kept = new ArrayList<>();
    if (state.height() == signed.height()) {
      for (ConsensusMessage m : state.signed()) {
        boolean recentVote = m instanceof Vote
            && (m.round() >= signed.round() - roundsKept || m.round() == lockedRound);
        boolean currentProposal = m instanceof Proposal && m.round() == signed.round();
        if (recentVote || currentProposal) {
          kept.add(m);
        }
      }
    }
    kept.add(signed);
    state = new SigningState(kept, lock);
    return state;
  }
}
