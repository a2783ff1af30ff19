package dev.zg.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import dev.zg.evm.state.AccountInfo;
import dev.zg.evm.state.MemoryWorld;
import dev.zg.evm.state.StateChanges;
import dev.zg.state.kv.Durability;
import dev.zg.state.kv.KeyValueStore;
import dev.zg.state.kv.MemoryKeyValueStore;
import dev.zg.state.kv.WriteBatch;
import dev.zg.state.trie.SecureTrie;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The stored world state against {@link MemoryWorld}, which computes roots from scratch. */
class WorldStateStorePropertiesTest {

  @Property(tries = 60)
  void rootsAndReadsMatchTheReferenceAfterEveryBlock(@ForAll long seed) {
    Random random = new Random(seed);
    MemoryKeyValueStore kv = new MemoryKeyValueStore();
    WorldStateStore store = new WorldStateStore(kv, 64, 64, 1 << 20);
    MemoryWorld model = new MemoryWorld();
    Hash root = Hash.EMPTY_TRIE_ROOT;
    store.committed(root);
    List<Hash> roots = new ArrayList<>();
    List<MemoryWorld> snapshots = new ArrayList<>();
    for (int block = 0; block < 12; block++) {
      StateChanges changes = RandomChanges.next(random, model);
      root = applyAndCommit(kv, store, root, changes, random.nextInt(4) == 0);
      model.apply(changes);
      assertThat(root).as("block %d", block).isEqualTo(model.stateRoot());
      assertSameReads(store.view(root), model);
      roots.add(root);
      snapshots.add(copy(model));
    }
    // Older roots still read as they were, although the head cache has moved on.
    int old = random.nextInt(roots.size());
    assertSameReads(store.view(roots.get(old)), snapshots.get(old));
  }

  /** A batch that is never committed changes nothing, and the next block starts clean. */
  @Property(tries = 20)
  void anAbandonedBatchLeavesTheStateAsItWas(@ForAll long seed) {
    Random random = new Random(seed);
    MemoryKeyValueStore kv = new MemoryKeyValueStore();
    WorldStateStore store = new WorldStateStore(kv);
    MemoryWorld model = new MemoryWorld();
    Hash root = Hash.EMPTY_TRIE_ROOT;
    store.committed(root);
    for (int block = 0; block < 8; block++) {
      try (WriteBatch abandoned = kv.newBatch()) {
        store.apply(root, RandomChanges.next(random, model), abandoned);
      }
      StateChanges changes = RandomChanges.next(random, model);
      root = applyAndCommit(kv, store, root, changes, false);
      model.apply(changes);
      assertThat(root).isEqualTo(model.stateRoot());
      assertSameReads(new WorldStateStore(kv).view(root), model);
    }
  }

  @Property(tries = 20)
  void proofsVerifyAgainstTheRoot(@ForAll long seed) {
    Random random = new Random(seed);
    MemoryKeyValueStore kv = new MemoryKeyValueStore();
    WorldStateStore store = new WorldStateStore(kv);
    MemoryWorld model = new MemoryWorld();
    Hash root = Hash.EMPTY_TRIE_ROOT;
    store.committed(root);
    for (int block = 0; block < 5; block++) {
      StateChanges changes = RandomChanges.next(random, model);
      root = applyAndCommit(kv, store, root, changes, false);
      model.apply(changes);
    }
    List<UInt256> slots = List.of(RandomChanges.slot(0), RandomChanges.slot(1),
        RandomChanges.slot(5));
    for (int i = 0; i < RandomChanges.ADDRESSES; i++) {
      Address address = RandomChanges.address(i);
      AccountProof proof = store.proof(root, address, slots);
      MemoryWorld.Entry entry = model.get(address);
      var proven = SecureTrie.verifyProof(root, address.bytesUnsafe(), proof.accountProof());
      assertThat(proven.isPresent()).isEqualTo(entry != null);
      if (entry != null) {
        assertThat(proof.balance()).isEqualTo(entry.balance());
        assertThat(proof.nonce()).isEqualTo(entry.nonce());
        assertThat(AccountState.decode(proven.get()).storageRoot()).isEqualTo(proof.storageHash());
      }
      for (AccountProof.StorageProof slot : proof.storageProof()) {
        UInt256 expected = entry == null ? UInt256.ZERO
            : entry.storage().getOrDefault(slot.key(), UInt256.ZERO);
        assertThat(slot.value()).isEqualTo(expected);
        var value = SecureTrie.verifyProof(proof.storageHash(), slot.key().toBytes32(),
            slot.proof());
        assertThat(value.map(StorageValues::decode).orElse(UInt256.ZERO)).isEqualTo(expected);
      }
    }
  }

  /** Applies in one batch, commits it, reports it; optionally applies twice first (idempotent). */
  static Hash applyAndCommit(KeyValueStore kv, WorldStateStore store, Hash root,
      StateChanges changes, boolean twice) {
    if (twice) {
      try (WriteBatch abandoned = kv.newBatch()) {
        store.apply(root, changes, abandoned);
      }
    }
    Hash next;
    try (WriteBatch batch = kv.newBatch()) {
      next = store.apply(root, changes, batch);
      batch.commit(Durability.WAL);
    }
    store.committed(next);
    return next;
  }

  static void assertSameReads(StateView view, MemoryWorld model) {
    for (int i = 0; i < RandomChanges.ADDRESSES; i++) {
      Address address = RandomChanges.address(i);
      MemoryWorld.Entry entry = model.get(address);
      AccountInfo info = view.account(address);
      if (entry == null) {
        assertThat(info).as("account %s", address).isNull();
        assertThat(view.hasStorage(address)).isFalse();
        continue;
      }
      assertThat(info).as("account %s", address)
          .isEqualTo(new AccountInfo(entry.nonce(), entry.balance(), model.account(address)
              .codeHash()));
      assertThat(view.code(address, info.codeHash())).isEqualTo(entry.code());
      assertThat(view.hasStorage(address)).isEqualTo(!entry.storage().isEmpty());
      for (int s = 0; s < RandomChanges.SLOTS; s++) {
        UInt256 slot = RandomChanges.slot(s);
        assertThat(view.storage(address, slot)).as("slot %s of %s", slot, address)
            .isEqualTo(entry.storage().getOrDefault(slot, UInt256.ZERO));
      }
    }
  }

  static MemoryWorld copy(MemoryWorld model) {
    MemoryWorld copy = new MemoryWorld();
    model.accounts().forEach((address, e) ->
        copy.put(address, e.nonce(), e.balance(), e.code(), e.storage()));
    return copy;
  }
}
