package dev.zg.node.validator;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Secp256k1;
import dev.zg.consensus.ConsensusMessage;
import dev.zg.consensus.Proposal;
import dev.zg.consensus.Value;
import java.util.List;
import java.util.Objects;

/** What validators say to each other over a peer connection, one per frame. */
public sealed interface WireMessage {
  /** Handshake, first frame each way: which chain, and a fresh challenge for the peer. */
  record Hello(long chainId, Hash networkHash, byte[] nonce) implements WireMessage {
    public Hello {
      Objects.requireNonNull(networkHash, "networkHash");
      nonce = nonce.clone();
    }
  }

  /** Handshake, second frame each way: the sender's validator key signs the peer's nonce. */
  record Auth(Secp256k1.Signature signature) implements WireMessage {
    public Auth {
      Objects.requireNonNull(signature, "signature");
    }
  }

  /** A proposal or vote (signed by its validator; relayed as is). */
  record Consensus(ConsensusMessage message) implements WireMessage {
    public Consensus {
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * A proposal whose block follows in {@link BlockPart}s: the signed proposal's fields (the
   * signature covers the block hash {@code valueId}) and the part-set header. Sent instead of
   * {@link Consensus} for blocks larger than one part.
   */
  record ProposalParts(long height, int round, Hash valueId, int polRound, Address signer,
      Secp256k1.Signature signature, PartSet.Header parts) implements WireMessage {
    public ProposalParts {
      Objects.requireNonNull(valueId, "valueId");
      Objects.requireNonNull(signer, "signer");
      Objects.requireNonNull(signature, "signature");
      Objects.requireNonNull(parts, "parts");
    }

    /** The signed proposal carrying {@code block} (empty to check the signature early). */
    public Proposal proposal(byte[] block) {
      return new Proposal(height, round, new Value(valueId, block), polRound, signer,
          signature);
    }

    public static ProposalParts of(Proposal p, PartSet.Header parts) {
      return new ProposalParts(p.height(), p.round(), p.value().id(), p.polRound(), p.signer(),
          p.signature(), parts);
    }
  }

  /** One part of the block of {@code proposer}'s proposal at {@code height}/{@code round}. */
  record BlockPart(Address proposer, long height, int round, PartSet.Part part)
      implements WireMessage {
    public BlockPart {
      Objects.requireNonNull(proposer, "proposer");
      Objects.requireNonNull(part, "part");
    }
  }

  /** Transactions for the pool, in their raw (signed) encoding. */
  record Transactions(List<byte[]> raw) implements WireMessage {
    public Transactions {
      raw = List.copyOf(raw);
    }
  }

  /** The sender's committed head: how peers learn they are behind. */
  record Status(long height) implements WireMessage {}

  /** Block sync: the committed blocks from {@code fromHeight} on, at most {@code count}. */
  record SyncRequest(long fromHeight, int count) implements WireMessage {}

  /** Block sync: committed blocks in height order, each with its commit certificate. */
  record SyncResponse(List<CommittedBlock> blocks) implements WireMessage {
    public SyncResponse {
      blocks = List.copyOf(blocks);
    }
  }

  /** A block's RLP and its certificate's RLP, as stored. */
  record CommittedBlock(byte[] block, byte[] certificate) {
    public CommittedBlock {
      block = block.clone();
      certificate = certificate.clone();
    }
  }
}
