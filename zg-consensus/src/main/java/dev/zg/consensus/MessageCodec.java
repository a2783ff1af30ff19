package dev.zg.consensus;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Secp256k1;
import dev.zg.common.rlp.RlpException;
import dev.zg.common.rlp.RlpReader;
import dev.zg.common.rlp.RlpWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * RLP encodings: messages for the transport, certificates and evidence for blocks and sync,
 * and the signing state for the host's disk. Decoding never throws: it returns a
 * {@link Decoded} with the value or the problem, since these bytes come from peers and disks.
 *
 * <pre>
 *   signature   [r, s, recoveryId]
 *   proposal    [1, height, round, valueBytes, valueId, polRound + 1, signer, signature]
 *   vote        [2 | 3, height, round, valueId or "", signer, signature]
 *   certificate [height, round, valueId, [vote, ...]]
 *   evidence    [vote, vote]
 *   signing     [[message, ...], [] or [proposal, [prevote, ...]]]   (signed, lock)
 * </pre>
 * The value id is carried so that a decoded proposal is a faithful copy; the engine still
 * recomputes it from the bytes before trusting it.
 */
public final class MessageCodec {
  /** Votes in one certificate: one per validator at most. */
  private static final int CERTIFICATE_VOTES_MAX = ValidatorSet.VALIDATORS_MAX;
  /** Messages in one signing state: two votes per kept round, the locked round, a proposal. */
  private static final int SIGNED_MESSAGES_MAX = 2 * (Limits.ROUND_WINDOW_MAX + 2) + 1;

  private MessageCodec() {}

  /** A decoded value, or the reason the bytes are not one. */
  public record Decoded<T>(T value, String problem) {
    public boolean ok() {
      return value != null;
    }
  }

  public static byte[] encode(ConsensusMessage m) {
    return write(new RlpWriter(256), m).toByteArray();
  }

  public static Decoded<ConsensusMessage> decodeMessage(byte[] encoded) {
    return decode(encoded, MessageCodec::readMessage);
  }

  public static byte[] encode(CommitCertificate c) {
    RlpWriter w = new RlpWriter(1024).startList().writeLong(c.height()).writeLong(c.round())
        .writeBytes(c.valueId().bytesUnsafe()).startList();
    for (Vote v : c.precommits()) {
      write(w, v);
    }
    return w.endList().endList().toByteArray();
  }

  public static Decoded<CommitCertificate> decodeCertificate(byte[] encoded) {
    return decode(encoded, r -> {
      RlpReader list = r.readList();
      long height = list.readLong("height");
      if (height < 1) {
        throw new RlpException("height out of range: " + Long.toUnsignedString(height));
      }
      int round = readRound(list);
      Hash valueId = Hash.wrap(list.readBytes(32, "value id"));
      List<Vote> precommits = new ArrayList<>();
      for (ConsensusMessage m : readMessages(list.readList(), CERTIFICATE_VOTES_MAX)) {
        precommits.add(asVote(m));
      }
      list.expectEnd("certificate");
      return new CommitCertificate(height, round, valueId, precommits);
    });
  }

  public static byte[] encode(DuplicateVoteEvidence e) {
    RlpWriter w = new RlpWriter(512).startList();
    return write(write(w, e.first()), e.second()).endList().toByteArray();
  }

  public static Decoded<DuplicateVoteEvidence> decodeEvidence(byte[] encoded) {
    return decode(encoded, r -> {
      RlpReader list = r.readList();
      Vote first = asVote(readMessage(list));
      Vote second = asVote(readMessage(list));
      list.expectEnd("evidence");
      return new DuplicateVoteEvidence(first, second);
    });
  }

  public static byte[] encode(SigningState s) {
    RlpWriter w = new RlpWriter(1024).startList().startList();
    for (ConsensusMessage m : s.signed()) {
      write(w, m);
    }
    w.endList().startList();
    if (s.lock() != null) {
      write(w, s.lock().proposal()).startList();
      for (Vote v : s.lock().prevotes()) {
        write(w, v);
      }
      w.endList();
    }
    return w.endList().endList().toByteArray();
  }

  public static Decoded<SigningState> decodeSigningState(byte[] encoded) {
    return decode(encoded, r -> {
      RlpReader list = r.readList();
      List<ConsensusMessage> signed = readMessages(list.readList(), SIGNED_MESSAGES_MAX);
      RlpReader lockList = list.readList();
      Lock lock = null;
      if (lockList.hasNext()) {
        ConsensusMessage proposal = readMessage(lockList);
        if (!(proposal instanceof Proposal p)) {
          throw new RlpException("a lock starts with a proposal");
        }
        List<Vote> prevotes = new ArrayList<>();
        for (ConsensusMessage m : readMessages(lockList.readList(), CERTIFICATE_VOTES_MAX)) {
          prevotes.add(asVote(m));
        }
        lockList.expectEnd("lock");
        lock = new Lock(p, prevotes);
      }
      list.expectEnd("signing state");
      return new SigningState(signed, lock);
    });
  }

  private static List<ConsensusMessage> readMessages(RlpReader r, int max) {
    List<ConsensusMessage> messages = new ArrayList<>();
    while (r.hasNext()) {
      if (messages.size() == max) {
        throw new RlpException("more than " + max + " messages");
      }
      messages.add(readMessage(r));
    }
    return messages;
  }

  private static <T> Decoded<T> decode(byte[] encoded, Function<RlpReader, T> read) {
    try {
      RlpReader reader = new RlpReader(encoded);
      T value = read.apply(reader);
      reader.expectEnd("input");
      return new Decoded<>(value, "");
    } catch (RlpException | IllegalArgumentException | NullPointerException e) {
      // Record constructors check their fields; their complaints are decoding problems here.
      return new Decoded<>(null, String.valueOf(e.getMessage()));
    }
  }

  private static RlpWriter write(RlpWriter w, ConsensusMessage m) {
    w.startList();
    switch (m) {
      case Proposal p -> w.writeLong(SigningDigests.PROPOSAL_CODE).writeLong(p.height())
          .writeLong(p.round()).writeBytes(p.value().bytesUnsafe())
          .writeBytes(p.value().id().bytesUnsafe()).writeLong(p.polRound() + 1L);
      case Vote v -> w.writeLong(v.type().code()).writeLong(v.height()).writeLong(v.round())
          .writeBytes(v.valueId() == null ? new byte[0] : v.valueId().bytesUnsafe());
    }
    w.writeBytes(m.signer().bytesUnsafe());
    Secp256k1.Signature s = m.signature();
    w.startList().writeBigInteger(s.r()).writeBigInteger(s.s()).writeLong(s.recoveryId());
    return w.endList().endList();
  }

  private static ConsensusMessage readMessage(RlpReader outer) {
    RlpReader r = outer.readList();
    int code = readBounded(r, "kind", 255);
    long height = r.readLong("height");
    int round = readRound(r);
    ConsensusMessage m;
    if (code == SigningDigests.PROPOSAL_CODE) {
      byte[] bytes = r.readBytes();
      Hash id = Hash.wrap(r.readBytes(32, "value id"));
      int polRound = readBounded(r, "pol round + 1", Limits.ROUND_MAX + 1L) - 1;
      m = new Proposal(height, round, new Value(id, bytes), polRound, readAddress(r),
          readSignature(r));
    } else {
      VoteType type = VoteType.fromCode(code);
      if (type == null) {
        throw new RlpException("unknown message kind " + code);
      }
      Hash id = readOptionalHash(r);
      m = new Vote(type, height, round, id, readAddress(r), readSignature(r));
    }
    r.expectEnd("message");
    if (height < 1) {
      throw new RlpException("height out of range: " + Long.toUnsignedString(height));
    }
    return m;
  }

  private static int readRound(RlpReader r) {
    return readBounded(r, "round", Limits.ROUND_MAX);
  }

  /** An integer in [0, max]; readLong returns unsigned 64-bit values, so negative is huge. */
  private static int readBounded(RlpReader r, String what, long max) {
    long value = r.readLong(what);
    if (value < 0 || value > max) {
      throw new RlpException(what + " out of range: " + Long.toUnsignedString(value));
    }
    return (int) value;
  }

  private static Hash readOptionalHash(RlpReader r) {
    byte[] bytes = r.readBytes();
    if (bytes.length == 0) {
      return null;
    }
    if (bytes.length != Hash.LENGTH) {
      throw new RlpException("a value id is 32 bytes or empty, got " + bytes.length);
    }
    return Hash.wrap(bytes);
  }

  private static Address readAddress(RlpReader r) {
    return Address.wrap(r.readBytes(Address.LENGTH, "signer"));
  }

  private static Secp256k1.Signature readSignature(RlpReader outer) {
    RlpReader r = outer.readList();
    Secp256k1.Signature s = new Secp256k1.Signature(r.readUInt256("r"), r.readUInt256("s"),
        readBounded(r, "recovery id", 3));
    r.expectEnd("signature");
    return s;
  }

  private static Vote asVote(ConsensusMessage m) {
    if (m instanceof Vote v) {
      return v;
    }
    throw new RlpException("expected a vote, found a proposal");
  }
}
