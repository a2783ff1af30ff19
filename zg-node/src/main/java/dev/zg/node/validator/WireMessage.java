package dev.zg.node.validator;

import dev.zg.common.Hash;
import dev.zg.common.Secp256k1;
import dev.zg.consensus.ConsensusMessage;
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
