package dev.zg.consensus.sim;

import dev.zg.common.Hash;
import dev.zg.common.Secp256k1;
import dev.zg.consensus.ConsensusMessage;
import dev.zg.consensus.Proposal;
import dev.zg.consensus.Value;
import dev.zg.consensus.ValueIdFunction;
import dev.zg.consensus.Vote;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The equivocating validators' shared brain. A Byzantine node runs an ordinary engine (so it
 * keeps up with the protocol), but whatever the engine broadcasts it rewrites: per (height,
 * round) it splits the other nodes into two groups and sends each group a different signed
 * message, a second proposal with another value when it proposes, and a vote for the other
 * group's value (or a conflicting one) when it votes. Now and then one node gets both, so
 * that the equivocation is seen and reported; and now and then it adds junk (bad signatures,
 * far rounds and heights, proposals out of turn, broken POL rounds and value ids).
 *
 * <p>Colluding equivocators share the splits, which is how two of four break agreement in
 * the checker's own test.
 */
final class Byzantine {
  interface Sender {
    void send(int from, int to, ConsensusMessage message);
  }

  /** Per (height, round): who gets version one, and the two proposed values if any. */
  private static final class Split {
    final boolean[] groupOne;
    Value one;
    Value two;

    Split(boolean[] groupOne) {
      this.groupOne = groupOne;
    }
  }

  private final Scenario scenario;
  private final long chainId;
  private final SplittableRandom rng;
  private final Sender sender;
  private final Map<String, Split> splits = new HashMap<>();
  private final boolean junk;

  Byzantine(Scenario scenario, long chainId, SplittableRandom rng, Sender sender) {
    this.scenario = scenario;
    this.chainId = chainId;
    this.rng = rng;
    this.sender = sender;
    this.junk = scenario.kind() != Scenario.Kind.TWO_EQUIVOCATORS;
  }

  void broadcast(SimNode byz, ConsensusMessage m) {
    if (!m.signer().equals(byz.signer.address())) {
      sendAll(byz, m); // a relayed proposal
      return;
    }
    Split split = split(m.height(), m.round());
    ConsensusMessage one;
    ConsensusMessage two;
    switch (m) {
      case Proposal p -> {
        split.one = p.value();
        split.two = alternative(p);
        one = p;
        two = Proposal.sign(chainId, p.height(), p.round(), split.two, p.polRound(), byz.signer);
      }
      case Vote v -> {
        Hash idOne = split.one != null ? split.one.id() : v.valueId();
        Hash idTwo = split.two != null ? split.two.id() : conflicting(v);
        one = Vote.sign(chainId, v.type(), v.height(), v.round(), idOne, byz.signer);
        two = Vote.sign(chainId, v.type(), v.height(), v.round(), idTwo, byz.signer);
      }
    }
    int both = rng.nextInt(2) == 0 ? rng.nextInt(scenario.size()) : -1;
    for (int to = 0; to < scenario.size(); to++) {
      if (to != byz.index) {
        sender.send(byz.index, to, split.groupOne[to] ? one : two);
        if (to == both) {
          sender.send(byz.index, to, split.groupOne[to] ? two : one);
        }
      }
    }
    if (junk && rng.nextInt(4) == 0) {
      int to = rng.nextInt(scenario.size());
      if (to != byz.index) {
        sender.send(byz.index, to, junk(byz, m));
      }
    }
  }

  private void sendAll(SimNode byz, ConsensusMessage m) {
    for (int to = 0; to < scenario.size(); to++) {
      if (to != byz.index) {
        sender.send(byz.index, to, m);
      }
    }
  }

  private Split split(long height, int round) {
    return splits.computeIfAbsent(height + "/" + round, k -> {
      boolean[] groupOne = new boolean[scenario.size()];
      for (int i = 0; i < groupOne.length; i++) {
        groupOne[i] = rng.nextBoolean();
      }
      return new Split(groupOne);
    });
  }

  private Value alternative(Proposal p) {
    boolean invalid = junk && rng.nextInt(4) == 0;
    String text = (invalid ? "invalid" : "byzantine") + " h=" + p.height() + " r=" + p.round();
    return Value.of(text.getBytes(StandardCharsets.US_ASCII), ValueIdFunction.keccak());
  }

  private Hash conflicting(Vote v) {
    if (v.valueId() != null && rng.nextBoolean()) {
      return null;
    }
    return Hash.keccak(("fake h=" + v.height() + " r=" + v.round())
        .getBytes(StandardCharsets.US_ASCII));
  }

  /** A message an honest engine must reject without harm. */
  private ConsensusMessage junk(SimNode byz, ConsensusMessage m) {
    long h = m.height();
    int r = m.round();
    Value value = Value.of(("junk h=" + h).getBytes(StandardCharsets.US_ASCII),
        ValueIdFunction.keccak());
    return switch (rng.nextInt(7)) {
      case 0 -> new Vote(dev.zg.consensus.VoteType.PREVOTE, h, r, null, byz.signer.address(),
          new Secp256k1.Signature(BigInteger.valueOf(rng.nextLong(1, Long.MAX_VALUE)),
              BigInteger.TWO, 0)); // bad signature
      case 1 -> Vote.sign(chainId, dev.zg.consensus.VoteType.PRECOMMIT, h, r + 1_000, null,
          byz.signer); // far round
      case 2 -> Vote.sign(chainId, dev.zg.consensus.VoteType.PREVOTE, h + 50, 0, null,
          byz.signer); // far height
      case 3 -> Proposal.sign(chainId, h, r, value, -1, byz.signer); // out of turn, usually
      case 4 -> Proposal.sign(chainId, h, r, value, r, byz.signer); // POL round not < round
      case 5 -> Proposal.sign(chainId, h, r, new Value(Hash.keccak(new byte[] {1}),
          value.bytes()), -1, byz.signer); // id is not the value's
      default -> Vote.sign(chainId, dev.zg.consensus.VoteType.PREVOTE, Math.max(1, h - 1), 0,
          null, byz.signer); // an old height
    };
  }
}
