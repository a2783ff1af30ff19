package dev.zg.consensus;

import dev.zg.common.Hash;
import java.util.Objects;

/** Everything that can happen to an engine; the host turns events into these, one at a time. */
public sealed interface Input {
  /**
   * Begin {@code height} with its validator set: at boot, on restart, and after each
   * {@link Output.Commit} once the host has stored and executed the committed value (the
   * paper's lines 52-54, split so the host controls when the next height starts and which
   * set applies to it).
   */
  record StartHeight(long height, ValidatorSet validators) implements Input {
    public StartHeight {
      Check.argument(height >= 1, "heights start at 1");
      Objects.requireNonNull(validators, "validators");
    }
  }

  /** A message from the network (unverified: the engine checks signature and membership). */
  record MessageReceived(ConsensusMessage message) implements Input {
    public MessageReceived {
      Objects.requireNonNull(message, "message");
    }
  }

  /** A timer set by {@link Output.ScheduleTimeout} fired. */
  record TimeoutFired(Timeout timeout) implements Input {
    public TimeoutFired {
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  /** The host's answer to {@link Output.RequestValue}: the value to propose (getValue()). */
  record ValueReady(long height, int round, Value value) implements Input {
    public ValueReady {
      Objects.requireNonNull(value, "value");
    }
  }

  /** The host's answer to {@link Output.ValidateValue}: the paper's valid(v). */
  record ValidityVerdict(long height, Hash valueId, boolean valid) implements Input {
    public ValidityVerdict {
      Objects.requireNonNull(valueId, "valueId");
    }
  }

  /**
   * A committed value from block sync, with its certificate: decides the current height if
   * the certificate verifies against the current validator set (used when a node missed the
   * messages of a height that the others already decided).
   */
  record SyncedCommit(Value value, CommitCertificate certificate) implements Input {
    public SyncedCommit {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(certificate, "certificate");
    }
  }
}
