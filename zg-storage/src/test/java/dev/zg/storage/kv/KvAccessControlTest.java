package dev.zg.storage.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.storage.kv.StreamData.AccessControl;
import dev.zg.storage.kv.StreamData.AccessControl.Type;
import dev.zg.storage.log.BlockRef;
import dev.zg.storage.log.LogEntry;
import dev.zg.storage.log.LogStore;
import dev.zg.storage.log.ShardConfig;
import dev.zg.storage.merkle.FileHasher;
import dev.zg.storage.merkle.FileMerkleTree;
import dev.zg.storage.merkle.StorageSpec;
import dev.zg.storage.rpc.JsonRpcClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 0G's KV access control: batches encoded as the log carries them, submitted by different
 * accounts, replayed from a real log store into RocksDB and queried over the node's JSON-RPC.
 */
class KvAccessControlTest {
  private static final Hash S = Hash.keccak("acl stream".getBytes(StandardCharsets.UTF_8));
  private static final Hash OTHER = Hash.keccak("other".getBytes(StandardCharsets.UTF_8));
  private static final Hash BLOCK = Hash.keccak(new byte[] {3});
  private static final Address ALICE = Address.fromHex("0x00000000000000000000000000000000000a11ce");
  private static final Address BOB = Address.fromHex("0x0000000000000000000000000000000000000b0b");
  private static final Address DAVE = Address.fromHex("0x000000000000000000000000000000000000da5e");
  private static final Address CAROL = Address.fromHex("0x00000000000000000000000000000000000ca201");

  @TempDir
  Path dir;

  private final List<String> expected = new ArrayList<>();

  @Test
  void replayEnforcesAdminsWritersAndSpecialKeysDeterministically() throws Exception {
    try (LogStore log = LogStore.open(dir.resolve("log"), ShardConfig.ALL, Long.MAX_VALUE)) {
      long seq = 0;
      // 0: Alice writes first and so becomes the stream's admin
      put(log, seq++, ALICE, batch(List.of(write("a", "alice")), List.of()), "Commit");
      // 1: Bob has no role on the stream: refused before the data is read
      put(log, seq++, BOB, batch(List.of(write("b", "bob")), List.of()),
          "SenderNoWritePermission");
      // 2: nor may he grant himself one
      put(log, seq++, BOB, batch(List.of(), List.of(acl(Type.GRANT_WRITER, null, BOB))),
          "SenderNoWritePermission");
      // 3: Alice makes Bob a writer and "secret" a special key, in one batch
      put(log, seq++, ALICE, batch(List.of(), List.of(acl(Type.GRANT_WRITER, null, BOB),
          acl(Type.SET_KEY_TO_SPECIAL, "secret", null))), "Commit");
      // 4: Bob writes a normal key
      put(log, seq++, BOB, batch(List.of(write("b", "bob")), List.of()), "Commit");
      // 5: but not the special key, and the whole batch is refused
      put(log, seq++, BOB, batch(List.of(write("c", "x"), write("secret", "bob")), List.of()),
          "WritePermissionDenied");
      // 6: a writer may pass the writer role on
      put(log, seq++, BOB, batch(List.of(), List.of(acl(Type.GRANT_WRITER, null, CAROL))),
          "Commit");
      // 7: Carol gets the special key from Alice; 8: Carol writes it
      put(log, seq++, ALICE, batch(List.of(),
          List.of(acl(Type.GRANT_SPECIAL_WRITER, "secret", CAROL))), "Commit");
      put(log, seq++, CAROL, batch(List.of(write("secret", "carol")), List.of()), "Commit");
      // 9: Bob, a writer, may not revoke (admins only)
      put(log, seq++, BOB, batch(List.of(), List.of(acl(Type.REVOKE_WRITER, null, CAROL))),
          "AccessControlPermissionDenied");
      // 10: Bob renounces writing; 11: he has no role left
      put(log, seq++, BOB, batch(List.of(), List.of(acl(Type.RENOUNCE_WRITER, null, null))),
          "Commit");
      put(log, seq++, BOB, batch(List.of(write("b", "again")), List.of()),
          "SenderNoWritePermission");
      // 12: Alice grants Bob admin and renounces her own, in one batch
      put(log, seq++, ALICE, batch(List.of(), List.of(acl(Type.GRANT_ADMIN, null, BOB),
          acl(Type.RENOUNCE_ADMIN, null, null))), "Commit");
      // 13: Alice, no longer admin nor writer, cannot write
      put(log, seq++, ALICE, batch(List.of(write("a", "late")), List.of()),
          "SenderNoWritePermission");
      // 14: Bob, admin now, writes the special key and sets it back to normal
      put(log, seq++, BOB, batch(List.of(write("secret", "bob")),
          List.of(acl(Type.SET_KEY_TO_NORMAL, "secret", null))), "Commit");
      // 15: a new stream's first writer is its admin, whatever other streams say
      putTagged(log, seq++, ALICE, new StreamData(StreamData.LATEST, List.of(),
          List.of(new StreamData.Write(OTHER, bytes("k"), bytes("v"))), List.of()), "Commit");
      // 16: Dave becomes special writer of "k2", a normal key; 17: so he may not write it
      // (yet his special role lets his batch be read); 18, 19: once "k2" is special, he may
      put(log, seq++, BOB, batch(List.of(), List.of(acl(Type.GRANT_SPECIAL_WRITER, "k2", DAVE))),
          "Commit");
      put(log, seq++, DAVE, batch(List.of(write("k2", "dave")), List.of()),
          "WritePermissionDenied");
      put(log, seq++, BOB, batch(List.of(), List.of(acl(Type.SET_KEY_TO_SPECIAL, "k2", null))),
          "Commit");
      put(log, seq++, DAVE, batch(List.of(write("k2", "dave")), List.of()), "Commit");

      try (KvNode node = KvNode.start(new LocalKvLog(log), dir.resolve("kv"), List.of(),
          "127.0.0.1", 0, Duration.ofMillis(50))) {
        node.replayer().replayAvailable();
        KvStore store = node.store();
        assertThat(store.nextTxSeq()).isEqualTo(seq);
        List<String> results = new ArrayList<>();
        for (long i = 0; i < seq; i++) {
          results.add(store.result(i).orElseThrow());
        }
        assertThat(results).containsExactlyElementsOf(expected);
        assertThat(value(store, "a")).isEqualTo("alice");
        assertThat(value(store, "b")).isEqualTo("bob");
        assertThat(value(store, "secret")).isEqualTo("bob");
        assertThat(store.get(S, bytes("c"), -1L)).isEmpty();
        assertThat(value(store, "k2")).isEqualTo("dave");

        JsonRpcClient rpc = new JsonRpcClient(node.rpcUrl(), Duration.ofSeconds(10));
        String s = S.toHex();
        assertThat(rpc.call("kv_IsAdmin", ALICE.toHex(), s).asBoolean()).isFalse();
        assertThat(rpc.call("kv_IsAdmin", ALICE.toHex(), s, 11).asBoolean()).isTrue();
        assertThat(rpc.call("kv_isAdmin", BOB.toHex(), s).asBoolean()).isTrue();
        assertThat(rpc.call("kv_isSpecialKey", s, b64("secret"), 13).asBoolean()).isTrue();
        assertThat(rpc.call("kv_isSpecialKey", s, b64("secret")).asBoolean()).isFalse();
        assertThat(rpc.call("kv_isWriterOfKey", CAROL.toHex(), s, b64("secret")).asBoolean())
            .isTrue();
        assertThat(rpc.call("kv_isWriterOfKey", BOB.toHex(), s, b64("secret")).asBoolean())
            .isFalse();
        assertThat(rpc.call("kv_isWriterOfStream", BOB.toHex(), s, 8).asBoolean()).isTrue();
        assertThat(rpc.call("kv_isWriterOfStream", BOB.toHex(), s).asBoolean()).isFalse();
        assertThat(rpc.call("kv_isWriterOfStream", CAROL.toHex(), s).asBoolean()).isTrue();
        assertThat(rpc.call("kv_hasWritePermission", CAROL.toHex(), s, b64("x")).asBoolean())
            .isTrue();
        assertThat(rpc.call("kv_hasWritePermission", ALICE.toHex(), s, b64("x")).asBoolean())
            .isFalse();
        // a stream nobody has committed to is new: anyone may write it
        String unused = Hash.keccak(bytes("unused")).toHex();
        assertThat(rpc.call("kv_hasWritePermission", BOB.toHex(), unused, b64("x")).asBoolean())
            .isTrue();
        assertThat(rpc.call("kv_hasWritePermission", BOB.toHex(), s, b64("x"), 0).asBoolean())
            .isFalse();
        assertThat(rpc.call("kv_IsAdmin", ALICE.toHex(), OTHER.toHex()).asBoolean()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> rpc.call("kv_IsAdmin", "0x12", s)).hasMessageContaining("Invalid params: account");
      }
      // a second replay from scratch reaches the same results: the rules are deterministic
      try (KvStore again = KvStore.open(dir.resolve("kv2"))) {
        new KvReplayer(new LocalKvLog(log), again, List.of(), Duration.ofMillis(50))
            .replayAvailable();
        for (long i = 0; i < seq; i++) {
          assertThat(again.result(i)).contains(expected.get((int) i));
        }
      }
    }
  }

  private static String value(KvStore store, String key) {
    return new String(store.get(S, bytes(key), -1L).orElseThrow().value(),
        StandardCharsets.UTF_8);
  }

  private static StreamData batch(List<StreamData.Write> writes, List<AccessControl> acl) {
    return new StreamData(StreamData.LATEST, List.of(), writes, acl);
  }

  private static StreamData.Write write(String key, String value) {
    return new StreamData.Write(S, bytes(key), bytes(value));
  }

  private static AccessControl acl(Type type, String key, Address account) {
    return new AccessControl(type, S, key == null ? null : bytes(key), account);
  }

  private void put(LogStore log, long seq, Address sender, StreamData data, String result)
      throws IOException {
    append(log, seq, sender, StreamDataCodec.encode(data), StreamTags.of(List.of(S)));
    expected.add(result);
  }

  private void putTagged(LogStore log, long seq, Address sender, StreamData data, String result)
      throws IOException {
    append(log, seq, sender, StreamDataCodec.encode(data), StreamTags.of(data));
    expected.add(result);
  }

  private static void append(LogStore log, long seq, Address sender, byte[] data, byte[] tags)
      throws IOException {
    FileMerkleTree tree = FileHasher.usingAllCores().tree(new ByteArrayInputStream(data),
        data.length);
    LogEntry entry = LogEntry.of(seq, tree.submission(), seq * StorageSpec.SEGMENT_CHUNKS, tags,
        sender, 10 + seq, BLOCK);
    log.appendBlocks(List.of(entry), List.of(), new BlockRef(10 + seq, BLOCK));
    for (long i = 0; i < tree.layout().dataSegments(); i++) {
      int from = (int) i * StorageSpec.SEGMENT_BYTES;
      byte[] seg = Arrays.copyOfRange(data, from, from + tree.layout().segmentUploadBytes(i));
      log.putSegment(seq, i, seg, tree.segmentProof(i));
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(bytes(s));
  }
}
