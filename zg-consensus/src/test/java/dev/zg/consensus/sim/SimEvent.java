package dev.zg.consensus.sim;

import dev.zg.consensus.ConsensusMessage;
import dev.zg.consensus.Input;
import dev.zg.consensus.Timeout;
import java.util.List;

/** Everything that can happen in a simulation, at a virtual time. */
sealed interface SimEvent {
  /** A message arrives, if the receiver is still the incarnation it was sent to. */
  record Deliver(int from, int to, int incarnation, ConsensusMessage message)
      implements SimEvent {}

  /** Block sync: committed values with certificates, from a peer that is ahead. */
  record SyncDeliver(int from, int to, int incarnation, List<Committed> entries)
      implements SimEvent {}

  /** A timer the engine asked for. */
  record Fire(int node, int incarnation, Timeout timeout) implements SimEvent {}

  /** The host answers the engine (value, verdict) or starts the next height. */
  record HostInput(int node, int incarnation, Input input) implements SimEvent {}

  record Crash(Scenario.CrashEpisode episode) implements SimEvent {}

  record Restart(int node) implements SimEvent {}

  record PartitionStart(Scenario.PartitionEpisode episode) implements SimEvent {}

  record PartitionEnd(Scenario.PartitionEpisode episode) implements SimEvent {}

  /** Faults stop: heal, restart, reliable network; the liveness clock starts. */
  record FaultsEnd() implements SimEvent {}
}
