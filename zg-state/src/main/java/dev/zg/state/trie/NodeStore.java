package dev.zg.state.trie;

import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.Keccak256;
import dev.zg.state.Limits;
import dev.zg.state.kv.Column;
import dev.zg.state.kv.KeyValueStore;
import dev.zg.state.kv.MemoryKeyValueStore;
import dev.zg.state.kv.WriteBatch;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Trie nodes by Keccak-256 of their RLP, in one column of a {@link KeyValueStore}. Nodes are
 * content-addressed, so tries share identical subtrees and nothing is ever overwritten with
 * different bytes. Every node read is checked against its hash, catching disk corruption
 * before it reaches a state root. Thread-safe when the underlying store is.
 */
public final class NodeStore {
  /** The column trie nodes live in unless another is given. */
  public static final Column COLUMN = new Column("trie-nodes");

  private final KeyValueStore store;
  private final Column column;

  public NodeStore(KeyValueStore store) {
    this(store, COLUMN);
  }

  public NodeStore(KeyValueStore store, Column column) {
    this.store = Objects.requireNonNull(store, "store");
    this.column = Objects.requireNonNull(column, "column");
  }

  /** A node store in the heap, over a fresh {@link MemoryKeyValueStore}. */
  public static NodeStore inMemory() {
    return new NodeStore(new MemoryKeyValueStore());
  }

  public KeyValueStore keyValueStore() {
    return store;
  }

  public Column column() {
    return column;
  }

  /** The RLP of the node with this hash, checked against it; empty when absent. */
  public Optional<byte[]> get(Hash hash) {
    return Optional.ofNullable(read(hash.bytesUnsafe()));
  }

  /** Adds a node to a batch of this node store's key-value store. */
  public void put(WriteBatch batch, Hash hash, byte[] encoded) {
    byte[] actual = Keccak256.hash(encoded);
    if (!Arrays.equals(actual, hash.bytesUnsafe())) {
      throw new IllegalArgumentException("node RLP hashes to " + Hex.prefixed(actual)
          + ", not to the key " + hash);
    }
    put(batch, hash.bytesUnsafe(), encoded);
  }

  /** A new batch of the underlying store. */
  public WriteBatch newBatch() {
    return store.newBatch();
  }

  /** Adds a node whose hash the caller has just computed from {@code encoded}. */
  void put(WriteBatch batch, byte[] hash, byte[] encoded) {
    batch.put(column, hash, encoded);
  }

  /** The checked RLP of a node, or null when absent. */
  byte[] read(byte[] hash) {
    byte[] encoded = store.get(column, hash).orElse(null);
    if (encoded == null) {
      return null;
    }
    if (encoded.length > Limits.TRIE_NODE_BYTES_MAX) {
      throw new TrieException("trie node " + Hex.prefixed(hash) + " in the store is "
          + encoded.length + " bytes, over the limit of " + Limits.TRIE_NODE_BYTES_MAX);
    }
    byte[] actual = Keccak256.hash(encoded);
    if (!Arrays.equals(actual, hash)) {
      throw new TrieException("trie node " + Hex.prefixed(hash) + " in the store is corrupt: "
          + "its bytes hash to " + Hex.prefixed(actual));
    }
    return encoded;
  }

  /**
   * The decoded node with this hash. Only a root may encode to under 32 bytes: anywhere else
   * such a node is embedded in its parent, never referenced by hash.
   */
  Node load(byte[] hash, boolean root) {
    byte[] encoded = read(hash);
    if (encoded == null) {
      throw new MissingNodeException(Hash.wrap(hash));
    }
    if (!root && encoded.length < NodeEncoder.HASH_BYTES) {
      throw new TrieException("trie node " + Hex.prefixed(hash) + " is referenced by hash but "
          + "encodes to " + encoded.length + " bytes; it should have been embedded");
    }
    Node node;
    try {
      node = NodeDecoder.decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new TrieException(
          "trie node " + Hex.prefixed(hash) + " in the store is malformed: " + e.getMessage(), e);
    }
    if (encoded.length >= NodeEncoder.HASH_BYTES) {
      node.ref = hash;
    }
    return node;
  }
}
