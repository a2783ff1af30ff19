package dev.zg.state.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksKeyValueStoreTest extends KeyValueStoreContractTest {
  @TempDir
  Path folder;

  @Override
  KeyValueStore openStore() {
    return RocksKeyValueStore.open(folder.resolve("db"), BLOCKS, RECEIPTS);
  }

  @Test
  void dataSurvivesReopening() {
    store.put(BLOCKS, b("k"), b("v"));
    try (WriteBatch batch = store.newBatch()) {
      batch.put(RECEIPTS, b("r"), b("receipt"));
      batch.commit(Durability.FSYNC);
    }
    store.close();
    store = RocksKeyValueStore.open(folder.resolve("db"), BLOCKS, RECEIPTS);
    assertThat(store.get(BLOCKS, b("k"))).contains(b("v"));
    assertThat(store.get(RECEIPTS, b("r"))).contains(b("receipt"));
  }

  @Test
  void existingColumnsAreOpenedWithoutBeingNamed() {
    store.put(RECEIPTS, b("r"), b("receipt"));
    store.close();
    store = RocksKeyValueStore.open(folder.resolve("db"));
    assertThat(store.columns()).contains(Column.DEFAULT, BLOCKS, RECEIPTS);
    assertThat(store.get(RECEIPTS, b("r"))).contains(b("receipt"));
  }

  @Test
  void unknownColumnIsAClearError() {
    Column logs = new Column("logs");
    assertThatThrownBy(() -> store.get(logs, b("k")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 'logs' was not opened");
  }

  @Test
  void aFolderInUseIsAClearError() {
    assertThatThrownBy(() -> RocksKeyValueStore.open(folder.resolve("db"), BLOCKS))
        .isInstanceOf(KeyValueStoreException.class)
        .hasMessageContaining("is already in use")
        .hasMessageContaining(folder.resolve("db").toString());
    // The failed open released what it had allocated; the first store still works.
    store.put(BLOCKS, b("k"), b("v"));
    assertThat(store.get(BLOCKS, b("k"))).contains(b("v"));
  }

  @Test
  void closingReleasesTheFolder() {
    store.close();
    try (RocksKeyValueStore again = RocksKeyValueStore.open(folder.resolve("db"))) {
      assertThat(again.folder()).isEqualTo(folder.resolve("db").toAbsolutePath());
    }
  }

  @Test
  void aFileWhereTheFolderShouldBeIsAClearError() throws Exception {
    Path file = java.nio.file.Files.writeString(folder.resolve("a-file"), "x");
    assertThatThrownBy(() -> RocksKeyValueStore.open(file.resolve("db")))
        .isInstanceOf(KeyValueStoreException.class)
        .hasMessageContaining("cannot create the RocksDB folder");
  }

  @Test
  void invalidColumnNamesAreRejected() {
    for (String name : List.of("", "Blocks", "with space", "-leading", "x".repeat(65))) {
      assertThatThrownBy(() -> new Column(name)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("column name");
    }
  }
}
