package dev.zg.state.trie;

import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.state.Limits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Merkle proofs in the {@code eth_getProof} form: the RLP of every node on a key's path that
 * is stored by hash (the root, then each hashed node; embedded nodes travel inside their
 * parents). The same list proves absence, ending at the node where the key's path leaves the
 * trie.
 *
 * <p>Verification looks nodes up by hash, the way geth does, so order and extra nodes do not
 * matter; what matters is that every node on the path is present and hashes to what its
 * parent references.
 */
final class TrieProofs {
  private TrieProofs() {}

  static List<byte[]> prove(Node root, byte[] key, NodeResolver resolver, NodeEncoder encoder) {
    List<byte[]> proof = new ArrayList<>();
    if (root == null) {
      return proof;
    }
    encoder.ref(root);
    TrieLookup.find(root, key, resolver, node -> {
      byte[] encoded = encoder.encoded(node);
      if (proof.isEmpty() || encoded.length >= NodeEncoder.HASH_BYTES) {
        proof.add(encoded);
      }
    });
    return proof;
  }

  static Optional<byte[]> verify(Hash rootHash, byte[] key, List<byte[]> proof) {
    Objects.requireNonNull(rootHash, "rootHash");
    MerklePatriciaTrie.checkKey(key);
    if (proof.size() > Limits.PROOF_NODES_MAX) {
      throw new InvalidProofException("proof of " + proof.size() + " nodes exceeds the limit of "
          + Limits.PROOF_NODES_MAX);
    }
    if (rootHash.equals(Hash.EMPTY_TRIE_ROOT)) {
      return Optional.empty();
    }
    Map<Hash, byte[]> byHash = new HashMap<>();
    for (byte[] node : proof) {
      if (node.length > Limits.TRIE_NODE_BYTES_MAX) {
        throw new InvalidProofException("proof node of " + node.length
            + " bytes exceeds the limit of " + Limits.TRIE_NODE_BYTES_MAX);
      }
      byHash.put(Hash.keccak(node), node);
    }
    Node root = decode(byHash, rootHash.bytesUnsafe(), true);
    NodeResolver resolver = stored -> decode(byHash, stored.hash(), false);
    byte[] value = TrieLookup.find(root, key, resolver);
    return value == null ? Optional.empty() : Optional.of(value.clone());
  }

  private static Node decode(Map<Hash, byte[]> byHash, byte[] hash, boolean root) {
    byte[] encoded = byHash.get(Hash.wrap(hash));
    if (encoded == null) {
      throw new InvalidProofException("invalid proof: no proof node hashes to "
          + Hex.prefixed(hash) + (root ? ", the root" : ", which the key's path references"));
    }
    if (!root && encoded.length < NodeEncoder.HASH_BYTES) {
      throw new InvalidProofException("invalid proof: node " + Hex.prefixed(hash) + " is "
          + encoded.length + " bytes, so it should have been embedded in its parent");
    }
    try {
      return NodeDecoder.decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new InvalidProofException(
          "invalid proof: node " + Hex.prefixed(hash) + " is malformed: " + e.getMessage(), e);
    }
  }
}
