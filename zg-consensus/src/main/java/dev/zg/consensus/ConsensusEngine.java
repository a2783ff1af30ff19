package dev.zg.consensus;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import java.util.List;
import java.util.Objects;

/**
 * The Tendermint consensus engine of one validator, as a pure state machine: {@link #handle}
 * takes one {@link Input} and returns the {@link Output}s it causes, in order. There is no
 * clock, thread, randomness or I/O inside; the host owns the network, the timers, the disk and
 * the block executor, and drives the engine from one thread.
 *
 * <pre>
 *   host event                 Input                  Outputs the host must carry out
 *   boot / restart / commit -> StartHeight        -> (as below)
 *   network message         -> MessageReceived    -> PersistSigningState, then Broadcast
 *   timer fired             -> TimeoutFired           ScheduleTimeout  (set a timer)
 *   value built             -> ValueReady             RequestValue     (build a block)
 *   block checked           -> ValidityVerdict        ValidateValue    (check a block)
 *   block sync              -> SyncedCommit           Commit           (store, execute, then
 *                                                                       StartHeight(h + 1))
 *                                                     EvidenceFound, PeerBehind, Rejected
 * </pre>
 *
 * Write-ahead: a {@link Output.PersistSigningState} must be durable before any later output
 * is applied. On restart, construct the engine with the last durable {@link SigningState}
 * and start the height after the last stored commit.
 *
 * <p>The rules themselves are in {@link HeightRunner}; this class routes inputs by height:
 * earlier heights only tell that a peer is behind, the current one goes to the runner, the
 * next few are buffered until the host starts them.
 */
public final class ConsensusEngine {
  private final EngineConfig config;
  private final Effects fx;
  private final FutureMessages future = new FutureMessages();
  private HeightRunner runner;

  /**
   * @param restored the last persisted signing state, or {@link SigningState#NONE}. Its
   *     messages are checked to be this validator's, with valid signatures, here, and its
   *     lock proof against the validator set when that height starts: the engine checked the
   *     state before the host wrote it and checks it again after reading. A state that fails
   *     is a fault (a corrupt disk, another validator's file), not input: the engine throws
   *     {@link IllegalArgumentException} rather than run without its double-sign protection.
   */
  public ConsensusEngine(EngineConfig config, Signer signer, SignatureVerifier verifier,
      SigningState restored) {
    this.config = Objects.requireNonNull(config, "config");
    for (ConsensusMessage m : restored.signed()) {
      Check.argument(m.signer().equals(signer.address()),
          "the signing state belongs to another validator: " + m.signer());
      Check.argument(m.verify(config.chainId(), verifier),
          "a message of the signing state does not verify: corrupted, or another chain");
    }
    this.fx = new Effects(config, signer, verifier,
        new SignGuard(restored, config.limits().roundsBehindKeptMax()));
  }

  /** Handles one input; never throws on bad input (it is answered with Rejected). */
  public List<Output> handle(Input input) {
    switch (input) {
      case Input.StartHeight s -> startHeight(s);
      case Input.MessageReceived m -> receive(m.message());
      case Input.TimeoutFired t -> timeout(t.timeout());
      case Input.ValueReady v -> {
        if (current(v.height())) {
          runner.onValueReady(v);
        }
      }
      case Input.ValidityVerdict v -> {
        if (current(v.height())) {
          runner.onVerdict(v);
        }
      }
      case Input.SyncedCommit c -> {
        if (current(c.certificate().height())) {
          runner.onSyncedCommit(c.value(), c.certificate());
        }
      }
    }
    return fx.drain();
  }

  private boolean current(long height) {
    if (runner != null && runner.height() == height) {
      return true;
    }
    fx.reject(runner == null ? RejectReason.NOT_STARTED : RejectReason.STALE,
        "input for h=" + height);
    return false;
  }

  private void startHeight(Input.StartHeight start) {
    if (runner != null && start.height() <= runner.height()) {
      fx.reject(RejectReason.STALE, "start of h=" + start.height() + " at h=" + runner.height());
      return;
    }
    runner = new HeightRunner(start.height(), start.validators(), fx);
    runner.start(fx.guard.state());
    for (ConsensusMessage m : future.take(start.height())) {
      runner.onMessage(m);
    }
  }

  private void receive(ConsensusMessage m) {
    RejectReason malformed = malformed(m);
    if (runner == null || malformed != null) {
      fx.reject(runner == null ? RejectReason.NOT_STARTED : malformed, Describe.of(m));
      return;
    }
    long height = runner.height();
    if (m.height() < height || (m.height() == height && runner.decided())) {
      peerBehind(m);
    } else if (m.height() == height) {
      runner.onMessage(m);
    } else if (m.height() - height > config.limits().heightsAheadMax()) {
      fx.reject(RejectReason.HEIGHT_TOO_FAR_AHEAD, Describe.of(m));
    } else if (future.contains(m)) {
      fx.reject(RejectReason.DUPLICATE, Describe.of(m));
    } else if (!runner.validators.contains(m.signer())) {
      // The next height's set is not known yet; the current one is the best filter.
      fx.reject(RejectReason.NOT_A_VALIDATOR, Describe.of(m));
    } else if (!m.verify(config.chainId(), fx.verifier)) {
      fx.reject(RejectReason.BAD_SIGNATURE, Describe.of(m));
    } else if (!future.add(m, config.limits().bufferedPerSignerMax())) {
      fx.reject(RejectReason.BUFFER_FULL, Describe.of(m));
    }
  }

  /** Field ranges every message must respect before anything else looks at it. */
  private static RejectReason malformed(ConsensusMessage m) {
    if (m.height() < 1) {
      return RejectReason.BAD_HEIGHT;
    }
    if (m.round() < 0 || m.round() > Limits.ROUND_MAX) {
      return RejectReason.BAD_ROUND;
    }
    if (m instanceof Proposal p && (p.polRound() < -1 || p.polRound() >= p.round())) {
      return RejectReason.BAD_POL_ROUND; // vr is -1 or an earlier round (lines 22, 28)
    }
    return null;
  }

  /** A signed message for a height we decided: its sender can use block sync. */
  private void peerBehind(ConsensusMessage m) {
    Address signer = m.signer();
    if (signer.equals(fx.signer.address()) || !runner.validators.contains(signer)) {
      fx.reject(RejectReason.OLD_HEIGHT, Describe.of(m));
    } else if (!m.verify(config.chainId(), fx.verifier)) {
      fx.reject(RejectReason.BAD_SIGNATURE, Describe.of(m));
    } else {
      fx.emit(new Output.PeerBehind(signer, m.height()));
    }
  }

  private void timeout(Timeout t) {
    // Timers of earlier heights are normal after a commit: drop them quietly.
    if (runner != null && t.height() == runner.height()) {
      runner.onTimeout(t);
    }
  }

  /** Where the engine stands (for hosts' status pages and for tests). */
  public Status status() {
    if (runner == null) {
      return new Status(0, -1, Step.PROPOSE, false, -1, null, -1, future.size());
    }
    return new Status(runner.height(), runner.round(), runner.step(), runner.decided(),
        runner.lockedRound(), runner.lockedValueId(), runner.validRound(), future.size());
  }

  /** The signing state as of the last signature (what the host was last told to persist). */
  public SigningState signingState() {
    return fx.guard.state();
  }

  /** A snapshot of the engine's position; {@code lockedValueId} is null when unlocked. */
  public record Status(long height, int round, Step step, boolean decided, int lockedRound,
      Hash lockedValueId, int validRound, int bufferedMessages) {}
}
