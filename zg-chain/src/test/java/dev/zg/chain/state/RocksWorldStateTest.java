package dev.zg.chain.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Hash;
import dev.zg.evm.state.MemoryWorld;
import dev.zg.evm.state.StateChanges;
import dev.zg.state.kv.RocksKeyValueStore;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The world state over a real RocksDB folder: reopening gives the same roots and reads. */
class RocksWorldStateTest {
  @TempDir
  Path folder;

  @Test
  void reopeningReadsTheSameState() {
    Random random = new Random(11);
    MemoryWorld model = new MemoryWorld();
    Hash root = Hash.EMPTY_TRIE_ROOT;
    for (int session = 0; session < 4; session++) {
      try (RocksKeyValueStore kv = RocksKeyValueStore.open(folder,
          WorldStateStore.COLUMNS.toArray(new dev.zg.state.kv.Column[0]))) {
        WorldStateStore store = new WorldStateStore(kv);
        store.committed(root);
        WorldStateStorePropertiesTest.assertSameReads(store.view(root), model);
        for (int block = 0; block < 10; block++) {
          StateChanges changes = RandomChanges.next(random, model);
          root = WorldStateStorePropertiesTest.applyAndCommit(kv, store, root, changes, false);
          model.apply(changes);
          assertThat(root).isEqualTo(model.stateRoot());
        }
      }
    }
    try (RocksKeyValueStore kv = RocksKeyValueStore.open(folder)) {
      WorldStateStorePropertiesTest.assertSameReads(new WorldStateStore(kv).view(root), model);
    }
  }
}
