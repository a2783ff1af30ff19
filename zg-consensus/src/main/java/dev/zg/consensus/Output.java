package dev.zg.consensus;

import dev.zg.common.Address;
import java.util.Objects;

/**
 * What an engine asks its host to do, in order. The host must apply outputs in the order
 * given, and must make each {@link PersistSigningState} durable before applying any later
 * output (write-ahead): it precedes the broadcast of the message it covers.
 */
public sealed interface Output {
  /** Make this durable before going on (see {@link SigningState}). */
  record PersistSigningState(SigningState state) implements Output {
    public PersistSigningState {
      Objects.requireNonNull(state, "state");
    }
  }

  /**
   * Send to every other validator: a message this validator signed (it has counted its own
   * copy already) or one it relays, since gossip must carry every message to everyone.
   */
  record Broadcast(ConsensusMessage message) implements Output {
    public Broadcast {
      Objects.requireNonNull(message, "message");
    }
  }

  /** Fire {@link Input.TimeoutFired} with {@code timeout} after {@code delayMillis}. */
  record ScheduleTimeout(Timeout timeout, long delayMillis) implements Output {
    public ScheduleTimeout {
      Objects.requireNonNull(timeout, "timeout");
      Check.argument(delayMillis > 0, "delay must be positive");
    }
  }

  /** getValue() (line 18): answer with {@link Input.ValueReady} for this height and round. */
  record RequestValue(long height, int round) implements Output {}

  /** valid(v) (lines 23, 29, 36, 50): answer with {@link Input.ValidityVerdict}. */
  record ValidateValue(long height, Value value) implements Output {
    public ValidateValue {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * The decision (line 51): {@code value} is final at {@code height}. The host stores it with
   * the certificate, executes it, and then starts the next height with
   * {@link Input.StartHeight}.
   */
  record Commit(long height, Value value, CommitCertificate certificate) implements Output {
    public Commit {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(certificate, "certificate");
    }
  }

  /** A validator signed conflicting votes; the chain will slash with this. */
  record EvidenceFound(Evidence evidence) implements Output {
    public EvidenceFound {
      Objects.requireNonNull(evidence, "evidence");
    }
  }

  /**
   * A validator sent a correctly signed message for an earlier height: it is behind, and
   * block sync can send it the committed values with their certificates.
   */
  record PeerBehind(Address validator, long height) implements Output {}

  /** An input was dropped; the reason says why (for metrics and logs, never an error). */
  record Rejected(RejectReason reason, String detail) implements Output {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
