package dev.zg.node.validator;

import dev.zg.common.Bytes;
import dev.zg.consensus.CommitCertificate;
import dev.zg.consensus.MessageCodec;
import dev.zg.consensus.SigningState;
import dev.zg.state.kv.Column;
import dev.zg.state.kv.Durability;
import dev.zg.state.kv.KeyValueStore;
import dev.zg.state.kv.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The validator's own column in the chain's RocksDB: the signing state (the double-sign
 * guard, fsynced before any message it covers leaves) and the commit certificate of every
 * block, written in the block's own batch so a stored block always has its proof.
 */
public final class ConsensusStore {
  /** The extra column a validator's chain folder has. */
  public static final Column COLUMN = new Column("consensus");
  private static final byte[] SIGNING_STATE = "signing-state".getBytes(StandardCharsets.US_ASCII);
  private static final byte CERTIFICATE_PREFIX = 'c';

  private final KeyValueStore kv;

  public ConsensusStore(KeyValueStore kv) {
    this.kv = kv;
  }

  /** The last durable signing state, or NONE for a new validator. */
  public SigningState signingState() {
    Optional<byte[]> stored = kv.get(COLUMN, SIGNING_STATE);
    if (stored.isEmpty()) {
      return SigningState.NONE;
    }
    MessageCodec.Decoded<SigningState> decoded = MessageCodec.decodeSigningState(stored.get());
    if (!decoded.ok()) {
      // Running without the guard could double-sign: refuse to start instead.
      throw new IllegalStateException("the stored signing state is corrupt: "
          + decoded.problem());
    }
    return decoded.value();
  }

  /** Writes the signing state and fsyncs before returning. */
  public void persist(SigningState state) {
    try (WriteBatch batch = kv.newBatch()) {
      batch.put(COLUMN, SIGNING_STATE, MessageCodec.encode(state));
      batch.commit(Durability.FSYNC);
    }
  }

  /** Adds the certificate to a block's batch. */
  public void putCertificate(WriteBatch batch, CommitCertificate certificate) {
    batch.put(COLUMN, certificateKey(certificate.height()), MessageCodec.encode(certificate));
  }

  /** The certificate's bytes as stored, for block sync. */
  public Optional<byte[]> certificateBytes(long height) {
    return kv.get(COLUMN, certificateKey(height));
  }

  private static byte[] certificateKey(long height) {
    byte[] key = new byte[9];
    key[0] = CERTIFICATE_PREFIX;
    Bytes.putLong(key, 1, height);
    return key;
  }
}
