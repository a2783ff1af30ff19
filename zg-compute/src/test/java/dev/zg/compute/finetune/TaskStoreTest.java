package dev.zg.compute.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.common.Address;
import dev.zg.state.kv.Durability;
import dev.zg.state.kv.RocksKeyValueStore;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tasks on RocksDB: the user's list newest first, nonces, conditional transitions, logs. */
class TaskStoreTest {
  private static final Address ALICE = Address.fromHex("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
  private static final Address BOB = Address.fromHex("0x90F79bf6EB2c4f870365E785982E1f101E93b906");

  @TempDir
  Path dir;

  private static FineTuningTask task(Address user, long createdMillis, long nonce) {
    String at = FineTuningTask.time(createdMillis);
    return new FineTuningTask(UUID.randomUUID().toString(), at, at, user.toChecksumHex(),
        "0x" + "aa".repeat(32), "0x" + "bb".repeat(32), "{}", "100", Long.toString(nonce),
        "0x00", TaskState.Init.name(), null, false, "00", 10L, null, null, null, null);
  }

  @Test
  void listsNewestFirstPerUserAndSurvivesReopening() {
    FineTuningTask a1 = task(ALICE, 1_000, 10);
    FineTuningTask a2 = task(ALICE, 2_000, 20);
    FineTuningTask b1 = task(BOB, 1_500, 5);
    try (RocksKeyValueStore kv = RocksKeyValueStore.open(dir, TaskStore.COLUMN)) {
      TaskStore store = new TaskStore(kv, Durability.WAL);
      store.create(a1, 1_000);
      store.create(b1, 1_500);
      store.create(a2, 2_000);
      store.appendLog(a1.id(), "one");
      store.appendLog(a1.id(), "two");
    }
    try (RocksKeyValueStore kv = RocksKeyValueStore.open(dir, TaskStore.COLUMN)) {
      TaskStore store = new TaskStore(kv, Durability.WAL);
      assertThat(store.list(ALICE)).extracting(FineTuningTask::id)
          .containsExactly(a2.id(), a1.id());
      assertThat(store.list(BOB)).extracting(FineTuningTask::id).containsExactly(b1.id());
      assertThat(store.lastNonce(ALICE)).isEqualTo(BigInteger.valueOf(20));
      assertThat(store.lastNonce(Address.ZERO)).isZero();
      assertThat(store.log(a1.id())).isEqualTo("one\ntwo\n");
      assertThat(store.all()).hasSize(3);
    }
  }

  @Test
  void transitionsAreConditional() {
    try (RocksKeyValueStore kv = RocksKeyValueStore.open(dir, TaskStore.COLUMN)) {
      TaskStore store = new TaskStore(kv, Durability.WAL);
      FineTuningTask t = task(ALICE, 1_000, 1);
      store.create(t, 1_000);
      assertThat(store.transition(t.id(), TaskState.Init, TaskState.Failed, "x")).isPresent();
      assertThat(store.transition(t.id(), TaskState.Init, TaskState.SettingUp, "y")).isEmpty();
      assertThat(store.get(t.id()).orElseThrow().state()).isEqualTo(TaskState.Failed);
      assertThat(store.transition("missing", TaskState.Init, TaskState.Failed, "z")).isEmpty();
    }
  }

  @Test
  void logIsCutWhenItGrowsTooLarge() {
    try (RocksKeyValueStore kv = RocksKeyValueStore.open(dir, TaskStore.COLUMN)) {
      TaskStore store = new TaskStore(kv, Durability.WAL);
      String line = "x".repeat(1000);
      for (int i = 0; i < 400; i++) {
        store.appendLog("id", line);
      }
      String log = store.log("id");
      assertThat(log.length()).isLessThanOrEqualTo(TaskStore.LOG_BYTES_MAX);
      assertThat(log).startsWith("[log cut");
    }
  }

  @Test
  void epochsAndFeeRules() {
    assertThat(TaskRunner.epochs("{}")).isEqualTo(1);
    assertThat(TaskRunner.epochs("{\"num_train_epochs\": 3}")).isEqualTo(3);
    assertThat(TaskRunner.epochs("{\"num_train_epochs\": 1.5}")).isEqualTo(2);
    assertThatThrownBy(() -> TaskRunner.epochs("{\"num_train_epochs\": 0}"))
        .hasMessageContaining("1..100");
    assertThatThrownBy(() -> TaskRunner.epochs("not json")).hasMessageContaining("JSON");
  }
}
