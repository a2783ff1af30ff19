package dev.zg.consensus;

import dev.zg.common.Address;
import java.util.List;

/**
 * The host's side of the engine, one method per {@link Output}: the seam where the node's
 * transport, timer wheel, signing-state store, block builder, block executor and slashing
 * module plug in. {@link #apply} hands outputs over in order, which carries the write-ahead
 * rule: {@link #persist} must return only once the state is durable, since the broadcast of
 * the message it covers comes next.
 */
public interface ConsensusHost {
  /** Store durably (fsync) before returning. */
  void persist(SigningState state);

  void broadcast(ConsensusMessage message);

  void schedule(Timeout timeout, long delayMillis);

  /** Build a block for this height and round; answer with {@link Input.ValueReady}. */
  void requestValue(long height, int round);

  /** Check (execute) a proposed block; answer with {@link Input.ValidityVerdict}. */
  void validate(long height, Value value);

  /** Store and execute the block, then start the next height ({@link Input.StartHeight}). */
  void commit(long height, Value value, CommitCertificate certificate);

  default void evidence(Evidence evidence) {}

  default void peerBehind(Address validator, long height) {}

  default void rejected(RejectReason reason, String detail) {}

  /** Applies {@code outputs} in order. */
  static void apply(List<Output> outputs, ConsensusHost host) {
    for (Output output : outputs) {
      switch (output) {
        case Output.PersistSigningState p -> host.persist(p.state());
        case Output.Broadcast b -> host.broadcast(b.message());
        case Output.ScheduleTimeout t -> host.schedule(t.timeout(), t.delayMillis());
        case Output.RequestValue r -> host.requestValue(r.height(), r.round());
        case Output.ValidateValue v -> host.validate(v.height(), v.value());
        case Output.Commit c -> host.commit(c.height(), c.value(), c.certificate());
        case Output.EvidenceFound e -> host.evidence(e.evidence());
        case Output.PeerBehind p -> host.peerBehind(p.validator(), p.height());
        case Output.Rejected r -> host.rejected(r.reason(), r.detail());
      }
    }
  }
}
