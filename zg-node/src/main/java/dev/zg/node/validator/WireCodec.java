package dev.zg.node.validator;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Secp256k1;
import dev.zg.common.rlp.RlpException;
import dev.zg.common.rlp.RlpReader;
import dev.zg.common.rlp.RlpWriter;
import dev.zg.consensus.ConsensusMessage;
import dev.zg.consensus.MessageCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of a frame: one type byte, then the payload (RLP, or the consensus codec's bytes
 * for consensus messages). Decoding is strict: unknown types, bad RLP, trailing bytes and
 * out-of-range counts are all {@link WireException}s, and a peer that sends one is banned.
 */
public final class WireCodec {
  /**
   * The largest frame (type byte and payload). A proposal of a block up to one part travels
   * whole inside one; larger blocks travel in parts ({@link PartSet}).
   */
  public static final int FRAME_BYTES_MAX = 8 << 20;
  /** Transactions per gossip frame. */
  public static final int TRANSACTIONS_PER_FRAME_MAX = 4096;
  /** Blocks per sync request and response. */
  public static final int SYNC_BLOCKS_MAX = 64;
  static final int NONCE_BYTES = 32;

  private static final byte HELLO = 1;
  private static final byte AUTH = 2;
  private static final byte CONSENSUS = 3;
  private static final byte TRANSACTIONS = 4;
  private static final byte STATUS = 5;
  private static final byte SYNC_REQUEST = 6;
  private static final byte SYNC_RESPONSE = 7;
  private static final byte PROPOSAL_PARTS = 8;
  private static final byte BLOCK_PART = 9;

  private WireCodec() {}

  /** A malformed frame. */
  public static final class WireException extends Exception {
    public WireException(String message) {
      super(message);
    }
  }

  public static byte[] encode(WireMessage message) {
    return switch (message) {
      case WireMessage.Hello h -> frame(HELLO, new RlpWriter(96).startList()
          .writeLong(h.chainId()).writeBytes(h.networkHash().bytesUnsafe())
          .writeBytes(h.nonce()).endList().toByteArray());
      case WireMessage.Auth a -> frame(AUTH, a.signature().toBytes());
      case WireMessage.Consensus c -> frame(CONSENSUS, MessageCodec.encode(c.message()));
      case WireMessage.Transactions t -> {
        RlpWriter w = new RlpWriter(256 * t.raw().size() + 16).startList();
        t.raw().forEach(w::writeBytes);
        yield frame(TRANSACTIONS, w.endList().toByteArray());
      }
      case WireMessage.Status s -> frame(STATUS, RlpWriter.encodeLong(s.height()));
      case WireMessage.SyncRequest r -> frame(SYNC_REQUEST, new RlpWriter(24).startList()
          .writeLong(r.fromHeight()).writeLong(r.count()).endList().toByteArray());
      case WireMessage.SyncResponse r -> {
        RlpWriter w = new RlpWriter(4096).startList();
        for (WireMessage.CommittedBlock b : r.blocks()) {
          w.startList().writeBytes(b.block()).writeBytes(b.certificate()).endList();
        }
        yield frame(SYNC_RESPONSE, w.endList().toByteArray());
      }
      // polRound is -1 or more: it travels plus one, as RLP integers are unsigned.
      case WireMessage.ProposalParts p -> frame(PROPOSAL_PARTS, new RlpWriter(256).startList()
          .writeLong(p.height()).writeLong(p.round()).writeBytes(p.valueId().bytesUnsafe())
          .writeLong(p.polRound() + 1L).writeBytes(p.signer().toArray())
          .writeBytes(p.signature().toBytes()).writeLong(p.parts().count())
          .writeBytes(p.parts().root().bytesUnsafe()).endList().toByteArray());
      case WireMessage.BlockPart b -> {
        PartSet.Part part = b.part();
        RlpWriter w = new RlpWriter(part.bytesUnsafe().length + 64 + 33 * part.proof().size())
            .startList().writeBytes(b.proposer().toArray()).writeLong(b.height())
            .writeLong(b.round()).writeLong(part.index()).writeBytes(part.bytesUnsafe())
            .startList();
        part.proof().forEach(h -> w.writeBytes(h.bytesUnsafe()));
        yield frame(BLOCK_PART, w.endList().endList().toByteArray());
      }
    };
  }

  private static byte[] frame(byte type, byte[] payload) {
    byte[] out = new byte[payload.length + 1];
    out[0] = type;
    System.arraycopy(payload, 0, out, 1, payload.length);
    return out;
  }

  /** Decodes one frame (type byte and payload). */
  public static WireMessage decode(byte[] frame) throws WireException {
    if (frame.length == 0 || frame.length > FRAME_BYTES_MAX) {
      throw new WireException("frame of " + frame.length + " bytes");
    }
    byte[] payload = new byte[frame.length - 1];
    System.arraycopy(frame, 1, payload, 0, payload.length);
    try {
      return switch (frame[0]) {
        case HELLO -> {
          RlpReader r = new RlpReader(payload);
          RlpReader l = r.readList();
          long chainId = l.readLong("chain id");
          Hash network = Hash.wrap(l.readBytes(32, "network hash"));
          byte[] nonce = l.readBytes(NONCE_BYTES, "nonce");
          l.expectEnd("hello");
          r.expectEnd("frame");
          yield new WireMessage.Hello(chainId, network, nonce);
        }
        case AUTH -> new WireMessage.Auth(signature(payload));
        case CONSENSUS -> {
          MessageCodec.Decoded<ConsensusMessage> d = MessageCodec.decodeMessage(payload);
          if (!d.ok()) {
            throw new WireException("consensus message: " + d.problem());
          }
          yield new WireMessage.Consensus(d.value());
        }
        case TRANSACTIONS -> {
          RlpReader r = new RlpReader(payload);
          RlpReader l = r.readList();
          List<byte[]> raw = new ArrayList<>();
          while (l.hasNext()) {
            if (raw.size() == TRANSACTIONS_PER_FRAME_MAX) {
              throw new WireException("more than " + TRANSACTIONS_PER_FRAME_MAX
                  + " transactions in a frame");
            }
            raw.add(l.readBytes());
          }
          r.expectEnd("frame");
          yield new WireMessage.Transactions(raw);
        }
        case STATUS -> {
          RlpReader r = new RlpReader(payload);
          long height = r.readLong("height");
          r.expectEnd("frame");
          if (height < 0) {
            throw new WireException("height out of range");
          }
          yield new WireMessage.Status(height);
        }
        case SYNC_REQUEST -> {
          RlpReader r = new RlpReader(payload);
          RlpReader l = r.readList();
          long from = l.readLong("from");
          long count = l.readLong("count");
          l.expectEnd("sync request");
          r.expectEnd("frame");
          if (from < 1 || count < 1 || count > SYNC_BLOCKS_MAX) {
            throw new WireException("sync request out of range: from " + from + ", count "
                + count);
          }
          yield new WireMessage.SyncRequest(from, (int) count);
        }
        case SYNC_RESPONSE -> {
          RlpReader r = new RlpReader(payload);
          RlpReader l = r.readList();
          List<WireMessage.CommittedBlock> blocks = new ArrayList<>();
          while (l.hasNext()) {
            if (blocks.size() == SYNC_BLOCKS_MAX) {
              throw new WireException("more than " + SYNC_BLOCKS_MAX + " blocks in a response");
            }
            RlpReader item = l.readList();
            byte[] block = item.readBytes();
            byte[] certificate = item.readBytes();
            item.expectEnd("committed block");
            blocks.add(new WireMessage.CommittedBlock(block, certificate));
          }
          r.expectEnd("frame");
          yield new WireMessage.SyncResponse(blocks);
        }
        case PROPOSAL_PARTS -> {
          RlpReader r = new RlpReader(payload);
          RlpReader l = r.readList();
          long height = l.readLong("height");
          long round = l.readLong("round");
          Hash valueId = Hash.wrap(l.readBytes(32, "value id"));
          long polRound = l.readLong("pol round") - 1;
          Address signer = Address.wrap(l.readBytes(20, "signer"));
          Secp256k1.Signature signature = signature(l.readBytes(65, "signature"));
          long count = l.readLong("part count");
          Hash root = Hash.wrap(l.readBytes(32, "part root"));
          l.expectEnd("proposal parts");
          r.expectEnd("frame");
          if (height < 1 || round < 0 || round > Integer.MAX_VALUE || polRound < -1
              || polRound >= round || count < 1 || count > PartSet.PARTS_MAX) {
            throw new WireException("proposal parts out of range");
          }
          yield new WireMessage.ProposalParts(height, (int) round, valueId, (int) polRound,
              signer, signature, new PartSet.Header((int) count, root));
        }
        case BLOCK_PART -> {
          RlpReader r = new RlpReader(payload);
          RlpReader l = r.readList();
          Address proposer = Address.wrap(l.readBytes(20, "proposer"));
          long height = l.readLong("height");
          long round = l.readLong("round");
          long index = l.readLong("index");
          byte[] bytes = l.readBytes();
          RlpReader proofList = l.readList();
          List<Hash> proof = new ArrayList<>();
          while (proofList.hasNext()) {
            if (proof.size() == PartSet.PROOF_HASHES_MAX) {
              throw new WireException("a part proof longer than " + PartSet.PROOF_HASHES_MAX);
            }
            proof.add(Hash.wrap(proofList.readBytes(32, "proof hash")));
          }
          l.expectEnd("block part");
          r.expectEnd("frame");
          if (height < 1 || round < 0 || round > Integer.MAX_VALUE || index < 0
              || index >= PartSet.PARTS_MAX || bytes.length < 1
              || bytes.length > PartSet.PART_BYTES) {
            throw new WireException("block part out of range");
          }
          yield new WireMessage.BlockPart(proposer, height, (int) round,
              new PartSet.Part((int) index, bytes, proof));
        }
        default -> throw new WireException("unknown frame type " + frame[0]);
      };
    } catch (RlpException | IllegalArgumentException e) {
      throw new WireException(e.getMessage());
    }
  }

  private static Secp256k1.Signature signature(byte[] bytes) throws WireException {
    if (bytes.length != 65 || bytes[64] < 0 || bytes[64] > 3) {
      throw new WireException("a signature is 65 bytes r || s || v");
    }
    byte[] r = new byte[32];
    byte[] s = new byte[32];
    System.arraycopy(bytes, 0, r, 0, 32);
    System.arraycopy(bytes, 32, s, 0, 32);
    return new Secp256k1.Signature(new java.math.BigInteger(1, r), new java.math.BigInteger(1, s),
        bytes[64]);
  }
}
