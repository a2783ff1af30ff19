package dev.zg.consensus;

import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import dev.zg.common.rlp.RlpWriter;
import java.nio.charset.StandardCharsets;

/**
 * What validators sign: Keccak-256 of an RLP list that starts with a domain tag, then the
 * chain id, the message kind (1 proposal, 2 prevote, 3 precommit), height, round and value id
 * (empty for nil), and for proposals the POL round plus one (so -1 encodes as 0). The tag and
 * chain id keep a consensus signature from ever being valid as a transaction or on another
 * chain; the kind keeps a prevote from passing as a precommit.
 */
public final class SigningDigests {
  /** Domain tag; a new encoding gets a new tag. */
  public static final String DOMAIN = "zg/consensus/v1";
  static final int PROPOSAL_CODE = 1;

  private static final byte[] DOMAIN_BYTES = DOMAIN.getBytes(StandardCharsets.US_ASCII);

  private SigningDigests() {}

  public static byte[] proposal(long chainId, long height, int round, Hash valueId,
      int polRound) {
    RlpWriter w = start(chainId, PROPOSAL_CODE, height, round, valueId);
    w.writeLong(polRound + 1L);
    return Keccak256.hash(w.endList().toByteArray());
  }

  /** {@code valueId} null is a nil vote. */
  public static byte[] vote(long chainId, VoteType type, long height, int round, Hash valueId) {
    return Keccak256.hash(start(chainId, type.code(), height, round, valueId)
        .endList().toByteArray());
  }

  private static RlpWriter start(long chainId, int code, long height, int round, Hash valueId) {
    Check.argument(height >= 1 && round >= 0, "height >= 1 and round >= 0");
    return new RlpWriter(128).startList()
        .writeBytes(DOMAIN_BYTES)
        .writeLong(chainId)
        .writeLong(code)
        .writeLong(height)
        .writeLong(round)
        .writeBytes(valueId == null ? new byte[0] : valueId.bytesUnsafe());
  }
}
