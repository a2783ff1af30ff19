package dev.zg.state.trie;

import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import dev.zg.state.kv.Durability;
import dev.zg.state.kv.WriteBatch;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A trie keyed by Keccak-256 of the caller's keys, as Ethereum's world state (by address) and
 * storage tries (by slot) are. Hashing spreads keys evenly, so paths stay short whatever keys
 * an attacker picks. Keys are not recoverable from the trie (no preimage store).
 */
public final class SecureTrie {
  private final MerklePatriciaTrie trie;

  private SecureTrie(MerklePatriciaTrie trie) {
    this.trie = trie;
  }

  public static SecureTrie empty(NodeStore store) {
    return new SecureTrie(MerklePatriciaTrie.empty(store));
  }

  public static SecureTrie inMemory() {
    return new SecureTrie(MerklePatriciaTrie.inMemory());
  }

  /** See {@link MerklePatriciaTrie#load}. */
  public static SecureTrie load(NodeStore store, Hash rootHash) {
    return new SecureTrie(MerklePatriciaTrie.load(store, rootHash));
  }

  public Optional<byte[]> get(byte[] key) {
    return trie.get(hashed(key));
  }

  /** Sets {@code key} to {@code value}; an empty value deletes the key. */
  public void put(byte[] key, byte[] value) {
    trie.put(hashed(key), value);
  }

  public void delete(byte[] key) {
    trie.delete(hashed(key));
  }

  public boolean isEmpty() {
    return trie.isEmpty();
  }

  public Hash rootHash() {
    return trie.rootHash();
  }

  public Hash commit() {
    return trie.commit();
  }

  public Hash commit(Durability durability) {
    return trie.commit(durability);
  }

  /** See {@link MerklePatriciaTrie#commit(WriteBatch)}. */
  public Hash commit(WriteBatch batch) {
    return trie.commit(batch);
  }

  /** The proof for {@code key} (the path of its hash), as {@code eth_getProof} returns it. */
  public List<byte[]> proof(byte[] key) {
    return trie.proof(hashed(key));
  }

  /** Verifies a proof for {@code key} (not its hash) against a secure trie's root. */
  public static Optional<byte[]> verifyProof(Hash rootHash, byte[] key, List<byte[]> proof) {
    return MerklePatriciaTrie.verifyProof(rootHash, hashed(key), proof);
  }

  public SecureTrie copy() {
    return new SecureTrie(trie.copy());
  }

  /** The underlying trie, keyed by hashes (to iterate, or to prove by hashed key). */
  public MerklePatriciaTrie trie() {
    return trie;
  }

  private static byte[] hashed(byte[] key) {
    return Keccak256.hash(Objects.requireNonNull(key, "key"));
  }
}
