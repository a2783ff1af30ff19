package dev.zg.chain.state;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import java.util.List;

/**
 * What {@code eth_getProof} returns: the account's fields, the proof of the account in the
 * state trie, and a proof per requested storage slot (each proves presence or absence).
 * A missing account has zero nonce and balance, the empty code hash and the empty storage root.
 */
public record AccountProof(
    Address address,
    List<byte[]> accountProof,
    long nonce,
    UInt256 balance,
    Hash codeHash,
    Hash storageHash,
    List<StorageProof> storageProof) {

  public AccountProof {
    accountProof = List.copyOf(accountProof);
    storageProof = List.copyOf(storageProof);
  }

  /** One slot's value and its proof in the account's storage trie. */
  public record StorageProof(UInt256 key, UInt256 value, List<byte[]> proof) {
    public StorageProof {
      proof = List.copyOf(proof);
    }
  }
}
