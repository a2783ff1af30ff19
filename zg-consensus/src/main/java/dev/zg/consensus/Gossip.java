package dev.zg.consensus;

/**
 * What a validator re-sends when it is stuck (see {@link Timeout.Kind#REBROADCAST}). The
 * paper assumes gossip: a message that one honest node has reaches every honest node. On a
 * lossy network with crashes that only holds if nodes repeat and relay, so this re-sends the
 * round's proposals and votes, the prevotes of the POL rounds in play (the locked and valid
 * rounds, and the proposals' POL rounds, whose quorum line 28 needs; it may include a
 * Byzantine vote that only this node got) with the proposals they prevoted (so that the
 * others learn of the polka and can propose its value), and its own votes of the previous
 * round.
 *
 * <p>It is deliberately simple: a transport that knows what each peer has (as CometBFT's
 * gossip does) can drop the copies a peer already holds.
 */
final class Gossip {
  private Gossip() {}

  static void resend(HeightLog log, int round, int[] polRounds, int self, Effects fx) {
    RoundLog current = log.existing(round);
    if (current != null) {
      current.proposals().forEach(p -> fx.emit(new Output.Broadcast(p)));
      relay(current, VoteType.PREVOTE, fx);
      relay(current, VoteType.PRECOMMIT, fx);
    }
    for (int i = 0; i < polRounds.length; i++) {
      RoundLog pol = polRounds[i] < 0 ? null : log.existing(polRounds[i]);
      if (pol != null && pol != current && firstIndexOf(polRounds, polRounds[i]) == i) {
        relay(pol, VoteType.PREVOTE, fx);
        var polka = pol.prevotes().quorumValue();
        Proposal proposal = polka == null ? null : pol.proposal(polka);
        if (proposal != null) {
          fx.emit(new Output.Broadcast(proposal));
        }
      }
    }
    RoundLog previous = log.existing(round - 1);
    if (previous != null && self >= 0) {
      for (VoteType type : VoteType.values()) {
        Vote own = previous.vote(type, self);
        if (own != null) {
          fx.emit(new Output.Broadcast(own));
        }
      }
    }
  }

  private static void relay(RoundLog r, VoteType type, Effects fx) {
    for (Vote v : r.votes(type).all()) {
      fx.emit(new Output.Broadcast(v));
    }
  }

  private static int firstIndexOf(int[] values, int value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
