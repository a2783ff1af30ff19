package dev.zg.consensus;

import dev.zg.common.Secp256k1;
import dev.zg.consensus.sim.MemoCrypto;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One engine under test among validators whose keys the test holds, so it can hand-build
 * every message the engine receives. Validity requests are answered at once (valid unless
 * the value's text starts with "invalid").
 */
final class Harness {
  static final long CHAIN_ID = 77;
  static final Timeouts TIMEOUTS = new Timeouts(1_000, 100, 500, 50, 500, 50, 1_000);

  final List<Secp256k1.KeyPair> keys = new ArrayList<>();
  final List<Signer> signers = new ArrayList<>();
  final ValidatorSet set;
  final EngineConfig config;
  final SignatureVerifier verifier = SignatureVerifier.secp256k1();
  ConsensusEngine engine;
  int me;

  /** Validators with these powers; index i holds the i-th power. */
  Harness(long... powers) {
    this(Limits.DEFAULT, powers);
  }

  Harness(Limits limits, long... powers) {
    List<Validator> members = new ArrayList<>();
    for (int i = 0; i < powers.length; i++) {
      keys.add(MemoCrypto.key(i));
      signers.add(Signer.of(keys.get(i)));
      members.add(new Validator(keys.get(i).address(), powers[i]));
    }
    set = ValidatorSet.of(members);
    config = new EngineConfig(CHAIN_ID, TIMEOUTS, limits, ValueIdFunction.keccak());
  }

  /** The index of the proposer of {@code round} at height 1. */
  int proposer(int round) {
    return indexOf(set.advanceProposer(round).proposer());
  }

  /** A validator that does not propose in any of {@code rounds} at height 1. */
  int nonProposer(int... rounds) {
    outer:
    for (int i = 0; i < keys.size(); i++) {
      for (int r : rounds) {
        if (proposer(r) == i) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("every validator proposes in one of the rounds");
  }

  int indexOf(Validator v) {
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).address().equals(v.address())) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown validator");
  }

  List<Output> start(int validator) {
    return start(validator, SigningState.NONE);
  }

  List<Output> start(int validator, SigningState restored) {
    me = validator;
    engine = new ConsensusEngine(config, signers.get(validator), verifier, restored);
    return handle(new Input.StartHeight(1, set));
  }

  /** Handles an input and answers the validity requests it raises. */
  List<Output> handle(Input input) {
    List<Output> outputs = new ArrayList<>(engine.handle(input));
    for (int i = 0; i < outputs.size(); i++) {
      if (outputs.get(i) instanceof Output.ValidateValue v) {
        String text = new String(v.value().bytes(), StandardCharsets.US_ASCII);
        outputs.addAll(engine.handle(new Input.ValidityVerdict(v.height(), v.value().id(),
            !text.startsWith("invalid"))));
      }
    }
    return outputs;
  }

  List<Output> receive(ConsensusMessage... messages) {
    List<Output> outputs = new ArrayList<>();
    for (ConsensusMessage m : messages) {
      outputs.addAll(handle(new Input.MessageReceived(m)));
    }
    return outputs;
  }

  List<Output> timeout(Timeout.Kind kind, int round) {
    return handle(new Input.TimeoutFired(new Timeout(kind, 1, round)));
  }

  static Value value(String text) {
    return Value.of(text.getBytes(StandardCharsets.US_ASCII), ValueIdFunction.keccak());
  }

  Proposal proposal(int from, int round, Value value, int polRound) {
    return proposal(from, 1, round, value, polRound);
  }

  Proposal proposal(int from, long height, int round, Value value, int polRound) {
    return Proposal.sign(CHAIN_ID, height, round, value, polRound, signers.get(from));
  }

  Vote prevote(int from, int round, Value value) {
    return vote(from, VoteType.PREVOTE, 1, round, value);
  }

  Vote precommit(int from, int round, Value value) {
    return vote(from, VoteType.PRECOMMIT, 1, round, value);
  }

  Vote vote(int from, VoteType type, long height, int round, Value value) {
    return Vote.sign(CHAIN_ID, type, height, round, value == null ? null : value.id(),
        signers.get(from));
  }

  /** Prevotes (or precommits) for {@code value} from every validator except {@code except}. */
  Vote[] votesFromOthers(VoteType type, int round, Value value, int... except) {
    List<Vote> votes = new ArrayList<>();
    outer:
    for (int i = 0; i < keys.size(); i++) {
      for (int e : except) {
        if (i == e) {
          continue outer;
        }
      }
      votes.add(vote(i, type, 1, round, value));
    }
    return votes.toArray(new Vote[0]);
  }

  // ------------------------------------------------------------------- output queries

  static <T extends Output> List<T> all(List<Output> outputs, Class<T> kind) {
    List<T> found = new ArrayList<>();
    for (Output o : outputs) {
      if (kind.isInstance(o)) {
        found.add(kind.cast(o));
      }
    }
    return found;
  }

  /** The votes of {@code type} this engine broadcast (its own, not relays). */
  List<Vote> ownVotes(List<Output> outputs, VoteType type) {
    List<Vote> votes = new ArrayList<>();
    for (Output.Broadcast b : all(outputs, Output.Broadcast.class)) {
      if (b.message() instanceof Vote v && v.type() == type
          && v.signer().equals(keys.get(me).address())) {
        votes.add(v);
      }
    }
    return votes;
  }

  /** The one vote of {@code type} broadcast; fails unless there is exactly one. */
  Vote ownVote(List<Output> outputs, VoteType type) {
    List<Vote> votes = ownVotes(outputs, type);
    if (votes.size() != 1) {
      throw new AssertionError("expected one own " + type + ", got " + votes + " in " + outputs);
    }
    return votes.getFirst();
  }

  static List<RejectReason> rejections(List<Output> outputs) {
    return all(outputs, Output.Rejected.class).stream().map(Output.Rejected::reason).toList();
  }

  static List<Long> timerDelays(List<Output> outputs, Timeout.Kind kind) {
    return all(outputs, Output.ScheduleTimeout.class).stream()
        .filter(t -> t.timeout().kind() == kind).map(Output.ScheduleTimeout::delayMillis)
        .toList();
  }

  ConsensusEngine.Status status() {
    return engine.status();
  }
}
