package dev.zg.consensus.sim;

import dev.zg.common.Address;
import dev.zg.consensus.ConsensusEngine;
import dev.zg.consensus.ConsensusMessage;
import dev.zg.consensus.EngineConfig;
import dev.zg.consensus.Input;
import dev.zg.consensus.Limits;
import dev.zg.consensus.Output;
import dev.zg.consensus.RejectReason;
import dev.zg.consensus.SignatureVerifier;
import dev.zg.consensus.Timeouts;
import dev.zg.consensus.Validator;
import dev.zg.consensus.ValidatorSet;
import dev.zg.consensus.Value;
import dev.zg.consensus.ValueIdFunction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A seeded, single-threaded discrete-event simulation of a validator network, in the manner of
 * TigerBeetle's VOPR: virtual time, a priority queue of events ordered by (time, sequence),
 * and one {@link SplittableRandom} for every choice, so a seed replays exactly.
 *
 * <p>Phase one (until {@link Scenario#faultsEndMillis}): messages are delayed, dropped,
 * duplicated and reordered, partitions come and go, honest validators crash (sometimes while
 * applying their outputs) and restart from their persisted signing state with in-flight
 * messages lost, timers drift, and Byzantine validators equivocate. The {@link Checker}
 * asserts safety at every commit. Phase two: faults stop; every honest node that is not
 * silent must commit {@link #LIVENESS_HEIGHTS} more heights within
 * {@link #LIVENESS_BUDGET_MILLIS} of virtual time.
 */
public final class Simulation {
  public static final long CHAIN_ID = 16_661;
  static final int LIVENESS_HEIGHTS = 3;
  static final long LIVENESS_BUDGET_MILLIS = 120_000;
  static final long EVENTS_MAX = 2_000_000;
  static final long BLOCK_INTERVAL_MILLIS = 200;
  static final long RELIABLE_DELAY_MAX_MILLIS = 100;
  static final int SYNC_BATCH = 8;

  static final Timeouts TIMEOUTS = new Timeouts(1_000, 250, 500, 250, 500, 250, 1_000);

  private record Scheduled(long time, long seq, SimEvent event) {}

  private final Scenario sc;
  private final SplittableRandom rng;
  private final EngineConfig config;
  private final SignatureVerifier verifier = MemoCrypto.verifier();
  private final SimNode[] nodes;
  private final Map<Address, Integer> nodeOf = new HashMap<>();
  private final List<ValidatorSet> sets = new ArrayList<>();
  private final PriorityQueue<Scheduled> queue = new PriorityQueue<>((a, b) ->
      a.time != b.time ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
  private final Checker checker;
  private final Byzantine byzantine;
  private final Trace trace;
  private final Map<RejectReason, Integer> rejections = new EnumMap<>(RejectReason.class);

  private long seq;
  private long now;
  private long events;
  private long fingerprint = 0xcbf29ce484222325L;
  private int[] groupOf;
  private boolean faultsOver;
  private long livenessTarget = -1;
  private long livenessDeadline = Long.MAX_VALUE;
  private long livenessMillis = -1;
  private long sent;
  private long dropped;
  private int maxRound;
  private boolean amnesia;

  public Simulation(Scenario scenario, Trace trace) {
    this.sc = scenario;
    this.trace = trace;
    this.rng = new SplittableRandom(scenario.seed() * 0x9e3779b97f4a7c15L + 1);
    this.config = new EngineConfig(CHAIN_ID, TIMEOUTS, Limits.DEFAULT, ValueIdFunction.keccak());
    this.nodes = new SimNode[scenario.size()];
    List<Validator> members = new ArrayList<>();
    for (int i = 0; i < nodes.length; i++) {
      nodes[i] = new SimNode(i, nodes.length, scenario.isByzantine(i), scenario.isSilent(i));
      nodeOf.put(nodes[i].key.address(), i);
      trace.name(nodes[i].key.address(), "n" + i);
      members.add(new Validator(nodes[i].key.address(), scenario.powers()[i]));
    }
    sets.add(ValidatorSet.of(members));
    this.checker = new Checker(scenario, CHAIN_ID, this::set, verifier, nodeOf);
    this.byzantine = new Byzantine(scenario, CHAIN_ID, rng, this::send);
  }

  /**
   * A broken host, for the checker's own test: it loses the signing state on every crash,
   * as a host that does not persist before sending would.
   */
  Simulation withAmnesia() {
    amnesia = true;
    return this;
  }

  /** Runs the schedule to the end; never throws for a property violation, it reports it. */
  public SimResult run() {
    String failure = null;
    try {
      schedulePlan();
      loop();
      Checker.require(livenessMillis >= 0, "LIVENESS: after faults ended at "
          + sc.faultsEndMillis() + " ms, honest nodes did not all reach height "
          + livenessTarget + " by " + livenessDeadline + " ms; heights " + heights());
    } catch (SimulationFailure e) {
      failure = e.getMessage();
    } catch (RuntimeException e) {
      failure = "EXCEPTION " + e + " at " + stackTop(e);
    }
    if (failure != null) {
      trace.line(now, "FAILED: " + failure);
    }
    return new SimResult(sc, failure, fingerprint, now, events, sent, dropped,
        checker.evidenceCount, maxRound, livenessMillis, heights(), rejections);
  }

  private void schedulePlan() {
    for (SimNode node : nodes) {
      node.up = true;
      node.engine = newEngine(node);
      at(rng.nextLong(50), new SimEvent.HostInput(node.index, node.incarnation,
          new Input.StartHeight(1, set(1))));
    }
    for (Scenario.PartitionEpisode p : sc.partitions()) {
      at(p.startMillis(), new SimEvent.PartitionStart(p));
      at(p.startMillis() + p.millis(), new SimEvent.PartitionEnd(p));
    }
    for (Scenario.CrashEpisode c : sc.crashes()) {
      at(c.atMillis(), new SimEvent.Crash(c));
    }
    at(sc.faultsEndMillis(), new SimEvent.FaultsEnd());
  }

  private void loop() {
    while (!queue.isEmpty() && livenessMillis < 0) {
      Scheduled next = queue.poll();
      if (next.time > livenessDeadline) {
        return;
      }
      now = next.time;
      Checker.require(++events <= EVENTS_MAX, "event budget of " + EVENTS_MAX + " exceeded");
      mix(now);
      dispatch(next.event);
    }
  }

  private void dispatch(SimEvent event) {
    switch (event) {
      case SimEvent.Deliver d -> {
        SimNode to = nodes[d.to()];
        if (live(to, d.incarnation()) && connected(d.from(), d.to())) {
          feed(to, new Input.MessageReceived(d.message()), d.from());
        }
      }
      case SimEvent.SyncDeliver s -> {
        SimNode to = nodes[s.to()];
        if (live(to, s.incarnation()) && connected(s.from(), s.to())) {
          for (Committed c : s.entries()) {
            if (c.certificate().height() > to.committedHeight() && to.syncInbox.size() < 64) {
              to.syncInbox.put(c.certificate().height(), c);
            }
          }
          trySync(to);
        }
      }
      case SimEvent.Fire f -> {
        if (live(nodes[f.node()], f.incarnation())) {
          feed(nodes[f.node()], new Input.TimeoutFired(f.timeout()), -1);
        }
      }
      case SimEvent.HostInput h -> {
        SimNode node = nodes[h.node()];
        if (live(node, h.incarnation())) {
          feed(node, h.input(), -1);
          if (h.input() instanceof Input.StartHeight) {
            trySync(node);
          }
        }
      }
      case SimEvent.Crash c -> crash(c.episode());
      case SimEvent.Restart r -> restart(nodes[r.node()]);
      case SimEvent.PartitionStart p -> partition(p.episode().groupOf());
      case SimEvent.PartitionEnd p -> {
        if (groupOf == p.episode().groupOf()) {
          partition(null);
        }
      }
      case SimEvent.FaultsEnd f -> endFaults();
    }
  }

  private boolean live(SimNode node, int incarnation) {
    return node.up && node.incarnation == incarnation;
  }

  // ------------------------------------------------------------------------- the host

  /** One engine step, then its outputs in order, unless the node crashes part way. */
  private void feed(SimNode node, Input input, int from) {
    List<Output> outputs = node.engine.handle(input);
    trace.step(now, node, input, from, outputs);
    mix(node.index);
    int limit = outputs.size();
    if (node.crashAfterOutputs >= 0 && node.crashAfterOutputs < outputs.size()) {
      limit = node.crashAfterOutputs;
    }
    for (int i = 0; i < limit; i++) {
      apply(node, outputs.get(i));
    }
    if (limit < outputs.size()) {
      trace.line(now, node + " crashes after applying " + limit + " of " + outputs.size()
          + " outputs");
      goDown(node, node.restartDelayMillis);
    }
  }

  private void apply(SimNode node, Output output) {
    mix(kindCode(output));
    switch (output) {
      case Output.PersistSigningState p -> node.disk = p.state();
      case Output.Broadcast b -> broadcast(node, b.message());
      case Output.ScheduleTimeout t -> {
        long delay = Math.max(1, Math.round(t.delayMillis() * sc.clockRates()[node.index]));
        at(now + delay, new SimEvent.Fire(node.index, node.incarnation, t.timeout()));
      }
      case Output.RequestValue r -> hostReply(node, 1 + rng.nextLong(30),
          new Input.ValueReady(r.height(), r.round(), valueOf(node, r.height(), r.round())));
      case Output.ValidateValue v -> hostReply(node, 1 + rng.nextLong(30),
          new Input.ValidityVerdict(v.height(), v.value().id(), node.byzantine
              || !new String(v.value().bytes(), StandardCharsets.US_ASCII).startsWith("invalid")));
      case Output.Commit c -> commit(node, c);
      case Output.EvidenceFound e -> {
        if (node.honest()) {
          checker.onEvidence(node, e.evidence());
        }
      }
      case Output.PeerBehind p -> serveSync(node, nodeOf.get(p.validator()), p.height());
      case Output.Rejected r -> {
        rejections.merge(r.reason(), 1, Integer::sum);
        checker.onRejected(node, r);
      }
    }
  }

  private void commit(SimNode node, Output.Commit c) {
    maxRound = Math.max(maxRound, c.certificate().round());
    if (node.honest()) {
      checker.onCommit(node, c);
    }
    node.chain.add(new Committed(c.value(), c.certificate()));
    node.syncInbox.headMap(node.committedHeight(), true).clear();
    long next = c.height() + 1;
    long delay = node.syncInbox.containsKey(next) ? 1 : BLOCK_INTERVAL_MILLIS;
    hostReply(node, delay, new Input.StartHeight(next, set(next)));
    checkLiveness();
  }

  private Value valueOf(SimNode node, long height, int round) {
    // Seed-independent bytes, so signatures repeat across schedules (see MemoCrypto).
    String text = "value h=" + height + " r=" + round + " p=" + node.index;
    return Value.of(text.getBytes(StandardCharsets.US_ASCII), ValueIdFunction.keccak());
  }

  private void hostReply(SimNode node, long delay, Input input) {
    at(now + delay, new SimEvent.HostInput(node.index, node.incarnation, input));
  }

  private void trySync(SimNode node) {
    if (!node.up) {
      return; // crashed while starting the height
    }
    ConsensusEngine.Status status = node.engine.status();
    Committed next = node.syncInbox.get(node.committedHeight() + 1);
    if (next != null && status.height() == node.committedHeight() + 1 && !status.decided()) {
      feed(node, new Input.SyncedCommit(next.value(), next.certificate()), -1);
    }
  }

  /** Block sync, served at most every 200 ms per peer. */
  private void serveSync(SimNode node, Integer peer, long fromHeight) {
    if (peer == null || node.committedHeight() < fromHeight
        || now - node.lastServedMillis[peer] < 200) {
      return;
    }
    node.lastServedMillis[peer] = now;
    int from = (int) fromHeight - 1;
    int to = (int) Math.min(node.committedHeight(), fromHeight - 1 + SYNC_BATCH);
    List<Committed> entries = List.copyOf(node.chain.subList(from, to));
    sent++;
    if (!lost(node.index, peer)) {
      at(now + delay(), new SimEvent.SyncDeliver(node.index, peer, nodes[peer].incarnation,
          entries));
    }
  }

  // ---------------------------------------------------------------------- the network

  private void broadcast(SimNode node, ConsensusMessage m) {
    if (node.byzantine) {
      byzantine.broadcast(node, m);
      return;
    }
    for (int to = 0; to < nodes.length; to++) {
      if (to != node.index) {
        send(node.index, to, m);
      }
    }
  }

  private void send(int from, int to, ConsensusMessage m) {
    sent++;
    if (lost(from, to)) {
      return;
    }
    int copies = rng.nextDouble() < sc.duplicateRate() ? 2 : 1;
    for (int i = 0; i < copies; i++) {
      at(now + delay(), new SimEvent.Deliver(from, to, nodes[to].incarnation, m));
    }
  }

  private boolean lost(int from, int to) {
    boolean lost = !connected(from, to) || (!faultsOver && rng.nextDouble() < sc.dropRate());
    if (lost) {
      dropped++;
    }
    return lost;
  }

  private long delay() {
    return 1 + rng.nextLong(faultsOver ? RELIABLE_DELAY_MAX_MILLIS : sc.delayMaxMillis());
  }

  private boolean connected(int a, int b) {
    return groupOf == null || groupOf[a] == groupOf[b];
  }

  private void partition(int[] groups) {
    if (faultsOver && groups != null) {
      return;
    }
    groupOf = groups;
    trace.line(now, groups == null ? "partition healed"
        : "partition " + java.util.Arrays.toString(groups));
  }

  // ------------------------------------------------------------------ crashes, phases

  private void crash(Scenario.CrashEpisode c) {
    SimNode node = nodes[c.node()];
    if (!node.up || faultsOver) {
      return;
    }
    if (c.midOutputs()) {
      node.crashAfterOutputs = rng.nextInt(4);
      node.restartDelayMillis = c.downMillis();
    } else {
      goDown(node, c.downMillis());
    }
  }

  private void goDown(SimNode node, long downMillis) {
    trace.line(now, node + " crashed at height " + (node.committedHeight() + 1));
    node.up = false;
    node.engine = null;
    node.incarnation++; // timers, host replies and messages in flight to it are lost
    node.syncInbox.clear();
    node.crashAfterOutputs = -1;
    if (downMillis >= 0) {
      at(now + downMillis, new SimEvent.Restart(node.index));
    }
  }

  private void restart(SimNode node) {
    if (node.up || node.silent) {
      return;
    }
    node.up = true;
    node.incarnation++;
    if (amnesia) {
      node.disk = dev.zg.consensus.SigningState.NONE;
    }
    node.engine = newEngine(node);
    trace.line(now, node + " restarts at height " + (node.committedHeight() + 1)
        + " with signing state at h=" + node.disk.height() + " r=" + node.disk.round()
        + " " + node.disk.step());
    feed(node, new Input.StartHeight(node.committedHeight() + 1,
        set(node.committedHeight() + 1)), -1);
    trySync(node);
  }

  private ConsensusEngine newEngine(SimNode node) {
    return new ConsensusEngine(config, node.signer, verifier, node.disk);
  }

  private void endFaults() {
    faultsOver = true;
    partition(null);
    for (SimNode node : nodes) {
      node.crashAfterOutputs = -1;
      if (!node.up && !node.silent) {
        restart(node);
      }
    }
    long top = 0;
    for (SimNode node : nodes) {
      if (node.honest()) {
        top = Math.max(top, node.committedHeight());
      }
    }
    livenessTarget = top + LIVENESS_HEIGHTS;
    livenessDeadline = now + LIVENESS_BUDGET_MILLIS;
    trace.line(now, "faults end; every honest node must reach height " + livenessTarget);
    checkLiveness();
  }

  private void checkLiveness() {
    if (!faultsOver) {
      return;
    }
    for (SimNode node : nodes) {
      if (node.honest() && !node.silent && node.committedHeight() < livenessTarget) {
        return;
      }
    }
    livenessMillis = now - sc.faultsEndMillis();
  }

  // ----------------------------------------------------------------------- plumbing

  ValidatorSet set(long height) {
    while (sets.size() < height) {
      sets.add(sets.get(sets.size() - 1).nextHeight());
    }
    return sets.get((int) height - 1);
  }

  private void at(long time, SimEvent event) {
    queue.add(new Scheduled(time, seq++, event));
  }

  /** Folds a number into the run's fingerprint (FNV-1a style), to prove replays identical. */
  private void mix(long x) {
    fingerprint = (fingerprint ^ x) * 0x100000001b3L;
  }

  private String heights() {
    StringBuilder s = new StringBuilder("[");
    for (SimNode node : nodes) {
      s.append(node).append(node.byzantine ? "(byz)" : node.silent ? "(silent)" : "")
          .append('=').append(node.committedHeight()).append(node.up ? "" : "(down)")
          .append(node.index + 1 < nodes.length ? ", " : "]");
    }
    return s.toString();
  }

  /** A stable number per output kind (class hash codes differ between JVM runs). */
  private static int kindCode(Output output) {
    return switch (output) {
      case Output.PersistSigningState p -> 1;
      case Output.Broadcast b -> 2;
      case Output.ScheduleTimeout t -> 3 + 16 * t.timeout().kind().ordinal();
      case Output.RequestValue r -> 4;
      case Output.ValidateValue v -> 5;
      case Output.Commit c -> 6 + 16 * (int) c.height();
      case Output.EvidenceFound e -> 7;
      case Output.PeerBehind b -> 8;
      case Output.Rejected r -> 9 + 16 * r.reason().ordinal();
    };
  }

  private static String stackTop(RuntimeException e) {
    StackTraceElement[] stack = e.getStackTrace();
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(6, stack.length); i++) {
      s.append("\n    ").append(stack[i]);
    }
    return s.toString();
  }
}
