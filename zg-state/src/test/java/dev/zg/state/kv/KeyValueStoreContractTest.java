package dev.zg.state.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.state.Limits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link KeyValueStore} must do; one subclass per implementation. */
abstract class KeyValueStoreContractTest {
  static final Column BLOCKS = new Column("blocks");
  static final Column RECEIPTS = new Column("receipts");

  KeyValueStore store;

  /** A fresh store that has (at least) {@link #BLOCKS} and {@link #RECEIPTS}. */
  abstract KeyValueStore openStore() throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = openStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void putGetDelete() {
    assertThat(store.get(BLOCKS, b("k"))).isEmpty();
    store.put(BLOCKS, b("k"), b("v1"));
    store.put(BLOCKS, b("k"), b("v2"));
    assertThat(store.get(BLOCKS, b("k"))).contains(b("v2"));
    assertThat(store.contains(BLOCKS, b("k"))).isTrue();
    store.delete(BLOCKS, b("k"));
    store.delete(BLOCKS, b("never there"));
    assertThat(store.get(BLOCKS, b("k"))).isEmpty();
  }

  @Test
  void emptyKeysAndValuesAreAllowed() {
    store.put(BLOCKS, new byte[0], new byte[0]);
    assertThat(store.get(BLOCKS, new byte[0])).contains(new byte[0]);
  }

  @Test
  void columnsAreSeparateSpaces() {
    store.put(BLOCKS, b("same key"), b("block"));
    store.put(RECEIPTS, b("same key"), b("receipt"));
    assertThat(store.get(BLOCKS, b("same key"))).contains(b("block"));
    assertThat(store.get(RECEIPTS, b("same key"))).contains(b("receipt"));
    assertThat(keys(store.cursor(BLOCKS, KeyRange.all()))).containsExactly("same key");
    assertThat(store.columns()).contains(BLOCKS, RECEIPTS);
  }

  @Test
  void arraysAreNotShared() {
    byte[] key = b("k");
    byte[] value = b("value");
    store.put(BLOCKS, key, value);
    key[0] = 'x';
    value[0] = 'x';
    store.get(BLOCKS, b("k")).orElseThrow()[1] = 'x';
    assertThat(store.get(BLOCKS, b("k"))).contains(b("value"));
  }

  @Test
  void batchAppliesEverythingAtCommitAndNothingBefore() {
    store.put(BLOCKS, b("old"), b("x"));
    try (WriteBatch batch = store.newBatch()) {
      batch.put(BLOCKS, b("a"), b("1")).put(RECEIPTS, b("b"), b("2")).delete(BLOCKS, b("old"));
      assertThat(batch.count()).isEqualTo(3);
      assertThat(store.get(BLOCKS, b("a"))).isEmpty();
      assertThat(store.get(BLOCKS, b("old"))).isPresent();
      batch.commit(Durability.FSYNC);
      assertThatThrownBy(batch::commit).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already committed");
    }
    assertThat(store.get(BLOCKS, b("a"))).contains(b("1"));
    assertThat(store.get(RECEIPTS, b("b"))).contains(b("2"));
    assertThat(store.get(BLOCKS, b("old"))).isEmpty();
  }

  @Test
  void laterWritesInABatchWin() {
    try (WriteBatch batch = store.newBatch()) {
      batch.put(BLOCKS, b("k"), b("1")).delete(BLOCKS, b("k")).put(BLOCKS, b("k"), b("3"));
      batch.commit();
    }
    assertThat(store.get(BLOCKS, b("k"))).contains(b("3"));
  }

  @Test
  void largeBatchesKeepEveryEntryInEveryColumn() {
    // Lengths on both sides of the one-byte and two-byte varint boundaries, and the default
    // column beside named ones: RocksDB's batch encodes those differently.
    int[] lengths = {0, 1, 127, 128, 300, 16_383, 16_384, 70_000};
    try (WriteBatch batch = store.newBatch()) {
      for (int i = 0; i < 2_000; i++) {
        byte[] value = new byte[lengths[i % lengths.length]];
        java.util.Arrays.fill(value, (byte) i);
        Column column = i % 3 == 0 ? BLOCKS : i % 3 == 1 ? RECEIPTS : Column.DEFAULT;
        batch.put(column, b("key-" + i), value);
      }
      batch.delete(RECEIPTS, b("key-1")).delete(Column.DEFAULT, b("key-2"));
      assertThat(batch.count()).isEqualTo(2_002);
      batch.commit(Durability.FSYNC);
    }
    for (int i = 0; i < 2_000; i++) {
      Column column = i % 3 == 0 ? BLOCKS : i % 3 == 1 ? RECEIPTS : Column.DEFAULT;
      if (i == 1 || i == 2) {
        assertThat(store.get(column, b("key-" + i))).isEmpty();
        continue;
      }
      byte[] expected = new byte[lengths[i % lengths.length]];
      java.util.Arrays.fill(expected, (byte) i);
      assertThat(store.get(column, b("key-" + i))).as("key-" + i).contains(expected);
    }
  }

  @Test
  void closedBatchDiscardsItsWrites() {
    try (WriteBatch batch = store.newBatch()) {
      batch.put(BLOCKS, b("a"), b("1"));
    }
    assertThat(store.get(BLOCKS, b("a"))).isEmpty();
  }

  @Test
  void prefixAndRangeScansAreOrderedUnsigned() {
    for (String hex : List.of("00", "01", "01ff", "02", "7f", "80", "ff", "ff00", "ffff")) {
      store.put(BLOCKS, dev.zg.common.Hex.decode(hex), b(hex));
    }
    assertThat(values(store.cursor(BLOCKS, KeyRange.all())))
        .containsExactly("00", "01", "01ff", "02", "7f", "80", "ff", "ff00", "ffff");
    assertThat(values(store.cursor(BLOCKS, KeyRange.prefix(new byte[] {1}))))
        .containsExactly("01", "01ff");
    assertThat(values(store.cursor(BLOCKS, KeyRange.prefix(new byte[] {(byte) 0xff}))))
        .containsExactly("ff", "ff00", "ffff");
    assertThat(values(store.cursor(BLOCKS,
        KeyRange.between(new byte[] {1, 0}, new byte[] {(byte) 0x80}))))
        .containsExactly("01ff", "02", "7f");
    assertThat(values(store.cursor(BLOCKS, KeyRange.startingAt(new byte[] {(byte) 0x80}))))
        .containsExactly("80", "ff", "ff00", "ffff");
    assertThat(values(store.cursor(RECEIPTS, KeyRange.all()))).isEmpty();
  }

  @Test
  void cursorSeesTheStoreAsItWasWhenOpened() {
    store.put(BLOCKS, b("a"), b("1"));
    store.put(BLOCKS, b("c"), b("3"));
    try (KeyValueCursor cursor = store.cursor(BLOCKS, KeyRange.all())) {
      store.put(BLOCKS, b("b"), b("2"));
      store.put(BLOCKS, b("c"), b("changed"));
      List<String> seen = new ArrayList<>();
      while (cursor.next()) {
        seen.add(s(cursor.key()) + "=" + s(cursor.value()));
      }
      assertThat(seen).containsExactly("a=1", "c=3");
      assertThat(cursor.next()).isFalse();
      assertThatThrownBy(cursor::key).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void oversizedKeysAreRejectedWithTheLimit() {
    byte[] key = new byte[Limits.STORE_KEY_BYTES_MAX + 1];
    assertThatThrownBy(() -> store.put(BLOCKS, key, b("v")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(Limits.STORE_KEY_BYTES_MAX));
  }

  @Test
  void closedStoreRefusesWorkAndClosesCursors() {
    store.put(BLOCKS, b("a"), b("1"));
    KeyValueCursor cursor = store.cursor(BLOCKS, KeyRange.all());
    WriteBatch batch = store.newBatch();
    store.close();
    store.close();
    assertThatThrownBy(() -> store.get(BLOCKS, b("a")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(cursor::next).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> batch.put(BLOCKS, b("x"), b("y"))
        .commit()).isInstanceOf(IllegalStateException.class);
    cursor.close();
    batch.close();
  }

  static byte[] b(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static String s(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static List<String> keys(KeyValueCursor cursor) {
    List<String> out = new ArrayList<>();
    try (cursor) {
      while (cursor.next()) {
        out.add(s(cursor.key()));
      }
    }
    return out;
  }

  static List<String> values(KeyValueCursor cursor) {
    List<String> out = new ArrayList<>();
    try (cursor) {
      while (cursor.next()) {
        out.add(s(cursor.value()));
      }
    }
    return out;
  }
}
