/**
 * The Tendermint BFT consensus engine ("The latest gossip on BFT consensus", Buchman, Kwon,
 * Milosevic, 2018) as a pure, deterministic state machine, and what it needs around it:
 * validator sets with stake-weighted proposer rotation and quorum arithmetic, signed
 * messages, commit certificates for block sync, duplicate-vote evidence for slashing, and the
 * signing state a validator persists so that it never double-signs across restarts.
 *
 * <p>Public: {@link dev.zg.consensus.ConsensusEngine} with its {@link dev.zg.consensus.Input}s
 * and {@link dev.zg.consensus.Output}s, the message and proof types, and the ports
 * {@link dev.zg.consensus.Signer}, {@link dev.zg.consensus.SignatureVerifier} and
 * {@link dev.zg.consensus.ValueIdFunction}. The rules ({@code HeightRunner}) and their
 * bookkeeping are package-private. The network transport, the block store and the staking
 * module are the host's; they plug in through the inputs and outputs.
 *
 * <p>Nullness: nothing accepts or returns null, except where a nil is meant and documented:
 * a vote's value id (the nil vote), the signing state's lock (unlocked) and its derived last
 * message and locked value id, and {@code SignatureVerifier.recover} (no signer).
 */
package dev.zg.consensus;
