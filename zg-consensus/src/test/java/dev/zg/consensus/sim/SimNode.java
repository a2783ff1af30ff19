package dev.zg.consensus.sim;

import dev.zg.common.Secp256k1;
import dev.zg.consensus.ConsensusEngine;
import dev.zg.consensus.Signer;
import dev.zg.consensus.SigningState;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A simulated validator's host: the engine (gone while crashed), its "disk" (the persisted
 * signing state and the committed chain, which survive crashes) and its memory (the sync
 * inbox, which does not).
 */
final class SimNode {
  final int index;
  final Secp256k1.KeyPair key;
  final Signer signer;
  final boolean byzantine;
  final boolean silent;

  ConsensusEngine engine;
  boolean up;
  int incarnation;
  /** Crash after applying this many outputs of the next engine step; -1 for none. */
  int crashAfterOutputs = -1;
  long restartDelayMillis = -1;

  SigningState disk = SigningState.NONE;
  final List<Committed> chain = new ArrayList<>();
  final TreeMap<Long, Committed> syncInbox = new TreeMap<>();
  final long[] lastServedMillis;

  SimNode(int index, int size, boolean byzantine, boolean silent) {
    this.index = index;
    this.key = MemoCrypto.key(index);
    this.signer = MemoCrypto.signer(key);
    this.byzantine = byzantine;
    this.silent = silent;
    this.lastServedMillis = new long[size];
    java.util.Arrays.fill(lastServedMillis, Long.MIN_VALUE / 2);
  }

  boolean honest() {
    return !byzantine;
  }

  long committedHeight() {
    return chain.size();
  }

  @Override
  public String toString() {
    return "n" + index;
  }
}
