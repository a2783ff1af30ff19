package dev.zg.state.trie;

import dev.zg.common.Hash;
import dev.zg.common.Keccak256;
import dev.zg.state.Limits;
import dev.zg.state.kv.Durability;
import dev.zg.state.kv.WriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Ethereum's hexary Merkle Patricia Trie (Yellow Paper, appendix D): leaves, extensions and
 * branches over the nibbles of byte keys, hex-prefix paths, nodes under 32 bytes of RLP
 * embedded in their parent, everything else referenced by Keccak-256, and the root always
 * hashed. Empty values mean "absent": putting one deletes the key.
 *
 * <p>Design. Nodes are immutable apart from cached references, so an update copies only the
 * nodes on its path; {@link #rootHash()} re-hashes only those, and {@link #copy()} is a
 * constant-time snapshot. Nodes from the store are loaded on first use and kept. {@link
 * #commit()} writes every node created since the last commit (the "dirty" ones) in one batch;
 * nodes are content-addressed and never deleted (no pruning yet).
 *
 * <p>Not thread-safe. Copies share nodes and their caches, so hand a copy to another thread
 * only through a proper happens-before edge, and use each copy from one thread at a time.
 */
public final class MerklePatriciaTrie {
  private final NodeStore store;
  private final NodeEncoder encoder = new NodeEncoder();
  private final NodeResolver resolver;
  private final TrieUpdater updater;
  private Node root;

  private MerklePatriciaTrie(NodeStore store, Node root) {
    this.store = Objects.requireNonNull(store, "store");
    this.root = root;
    this.resolver = stored -> {
      if (stored.resolved == null) {
        stored.resolved = store.load(stored.hash(), false);
      }
      return stored.resolved;
    };
    this.updater = new TrieUpdater(resolver);
  }

  /** An empty trie whose commits go to {@code store}. */
  public static MerklePatriciaTrie empty(NodeStore store) {
    return new MerklePatriciaTrie(store, null);
  }

  /** An empty trie over a fresh in-memory node store. */
  public static MerklePatriciaTrie inMemory() {
    return empty(NodeStore.inMemory());
  }

  /**
   * The trie with root {@code rootHash} in {@code store}. The root node is read now, so an
   * unknown root fails here ({@link MissingNodeException}); the rest loads as it is reached.
   */
  public static MerklePatriciaTrie load(NodeStore store, Hash rootHash) {
    if (rootHash.equals(Hash.EMPTY_TRIE_ROOT)) {
      return empty(store);
    }
    return new MerklePatriciaTrie(store, store.load(rootHash.toArray(), true));
  }

  public Optional<byte[]> get(byte[] key) {
    checkKey(key);
    byte[] value = TrieLookup.find(root, key, resolver);
    return value == null ? Optional.empty() : Optional.of(value.clone());
  }

  /** Sets {@code key} to {@code value}; an empty value deletes the key. */
  public void put(byte[] key, byte[] value) {
    checkKey(key);
    Objects.requireNonNull(value, "value");
    if (value.length > Limits.TRIE_VALUE_BYTES_MAX) {
      throw new IllegalArgumentException("trie value of " + value.length
          + " bytes exceeds the limit of " + Limits.TRIE_VALUE_BYTES_MAX + " bytes");
    }
    if (value.length == 0) {
      root = updater.delete(root, key, 0);
    } else {
      root = updater.insert(root, key, 0, value.clone());
    }
  }

  public void delete(byte[] key) {
    checkKey(key);
    root = updater.delete(root, key, 0);
  }

  public boolean isEmpty() {
    return root == null;
  }

  /** The root hash, hashing only nodes changed since it was last computed. */
  public Hash rootHash() {
    if (root == null) {
      return Hash.EMPTY_TRIE_ROOT;
    }
    byte[] ref = encoder.ref(root);
    return ref.length == NodeEncoder.HASH_BYTES ? Hash.wrap(ref) : Hash.keccak(ref);
  }

  /** Writes the nodes changed since the last commit in one batch; returns the root hash. */
  public Hash commit() {
    return commit(Durability.WAL);
  }

  /** Like {@link #commit()}, with the batch written at the given durability. */
  public Hash commit(Durability durability) {
    List<Node> written = new ArrayList<>();
    try (WriteBatch batch = store.newBatch()) {
      collect(root, batch, true, written);
      batch.commit(durability);
    }
    // Only now are the nodes in the store; if the write failed they stay dirty.
    for (Node node : written) {
      node.dirty = false;
    }
    return rootHash();
  }

  /**
   * Adds the nodes changed since the last commit to {@code batch} (of this trie's node store),
   * so they land atomically with the caller's other writes, and returns the root hash. The
   * nodes count as written from now on: if the batch is never committed, drop this trie and
   * load it again from a root that was.
   */
  public Hash commit(WriteBatch batch) {
    List<Node> written = new ArrayList<>();
    collect(root, batch, true, written);
    for (Node node : written) {
      node.dirty = false;
    }
    return rootHash();
  }

  /**
   * The proof for {@code key} in the {@code eth_getProof} form: the RLP of each node on its
   * path that is stored by hash, root first. It proves presence or absence alike.
   */
  public List<byte[]> proof(byte[] key) {
    checkKey(key);
    return TrieProofs.prove(root, key, resolver, encoder);
  }

  /**
   * The value {@code proof} proves for {@code key} under {@code rootHash}, or empty when it
   * proves the key absent.
   *
   * @throws InvalidProofException when the proof proves neither
   */
  public static Optional<byte[]> verifyProof(Hash rootHash, byte[] key, List<byte[]> proof) {
    return TrieProofs.verify(rootHash, key, proof);
  }

  /** Every entry in ascending key order, as of now. */
  public Iterator<TrieEntry> iterator() {
    return new TrieIterator(root, resolver, null, true);
  }

  /** Entries with keys at or after {@code from}, ascending, as of now. */
  public Iterator<TrieEntry> iteratorFrom(byte[] from) {
    checkKey(from);
    return new TrieIterator(root, resolver, from, true);
  }

  /** Entries with keys at or before {@code from}, descending, as of now. */
  public Iterator<TrieEntry> descendingIteratorFrom(byte[] from) {
    checkKey(from);
    return new TrieIterator(root, resolver, from, false);
  }

  /** The smallest key strictly after {@code key}, if any. */
  public Optional<byte[]> nextKey(byte[] key) {
    return firstOtherKey(iteratorFrom(key), key);
  }

  /** The largest key strictly before {@code key}, if any. */
  public Optional<byte[]> previousKey(byte[] key) {
    return firstOtherKey(descendingIteratorFrom(key), key);
  }

  /** An independent trie with the same contents and store, sharing nodes until either changes. */
  public MerklePatriciaTrie copy() {
    return new MerklePatriciaTrie(store, root);
  }

  public NodeStore nodeStore() {
    return store;
  }

  static void checkKey(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length > Limits.TRIE_KEY_BYTES_MAX) {
      throw new IllegalArgumentException("trie key of " + key.length
          + " bytes exceeds the limit of " + Limits.TRIE_KEY_BYTES_MAX + " bytes");
    }
  }

  private static Optional<byte[]> firstOtherKey(Iterator<TrieEntry> entries, byte[] key) {
    while (entries.hasNext()) {
      byte[] candidate = entries.next().key();
      if (!Arrays.equals(candidate, key)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Adds the dirty nodes under {@code node} to the batch, children first, caching references
   * on the way. Clean nodes have only clean nodes below them, so the walk stops there.
   */
  private void collect(Node node, WriteBatch batch, boolean isRoot, List<Node> written) {
    if (node == null || !node.dirty) {
      return;
    }
    switch (node) {
      case Node.Extension extension -> collect(extension.child, batch, false, written);
      case Node.Branch branch -> {
        for (Node child : branch.children) {
          collect(child, batch, false, written);
        }
      }
      default -> { }
    }
    byte[] encoded = encoder.encoded(node);
    boolean hashed = encoded.length >= NodeEncoder.HASH_BYTES;
    if (node.ref == null) {
      node.ref = hashed ? Keccak256.hash(encoded) : encoded;
    }
    // Embedded nodes live inside their parent, except that the root is always stored by hash.
    if (hashed) {
      store.put(batch, node.ref, encoded);
    } else if (isRoot) {
      store.put(batch, Keccak256.hash(encoded), encoded);
    }
    written.add(node);
  }
}
