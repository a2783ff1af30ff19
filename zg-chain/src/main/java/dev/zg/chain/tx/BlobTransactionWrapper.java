package dev.zg.chain.tx;

import java.util.List;
import java.util.Objects;

/**
 * The EIP-4844 network form of a blob transaction, as gossiped and sent to
 * {@code eth_sendRawTransaction}: {@code 0x03 || rlp([txPayloadBody, blobs, commitments,
 * proofs])}. Blocks never hold this form; they hold {@link #transaction()} alone, and its hash
 * is the transaction hash.
 *
 * <p>Construction checks only field sizes. Whether the sidecar belongs to the transaction is
 * {@link CancunTransactionValidator#validateNetworkForm}'s job (counts and versioned hashes);
 * proving blobs against commitments is KZG's, outside this package.
 */
public record BlobTransactionWrapper(
    BlobTransaction transaction,
    List<Blob> blobs,
    List<KzgCommitment> commitments,
    List<KzgProof> proofs) {

  public BlobTransactionWrapper {
    Objects.requireNonNull(transaction, "transaction");
    blobs = List.copyOf(blobs);
    commitments = List.copyOf(commitments);
    proofs = List.copyOf(proofs);
  }
}
