package dev.zg.storage.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.common.Address;
import dev.zg.common.Hash;
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
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A KV node over a real RocksDB log store, read through its real HTTP JSON-RPC. */
class KvNodeTest {
  private static final Hash S1 = Hash.keccak("stream one".getBytes(StandardCharsets.UTF_8));
  private static final Hash S2 = Hash.keccak("stream two".getBytes(StandardCharsets.UTF_8));
  private static final Hash BLOCK = Hash.keccak(new byte[] {7});

  @TempDir
  Path dir;

  @Test
  void replaysBatchesInOrderWithVersionsConflictsAndRestart() throws Exception {
    Path logDir = dir.resolve("log");
    Path kvDir = dir.resolve("kv");
    try (LogStore log = LogStore.open(logDir, ShardConfig.ALL, Long.MAX_VALUE)) {
      append(log, 0, "not a kv file".getBytes(StandardCharsets.UTF_8), new byte[0], true);
      put(log, 1, batch(StreamData.LATEST, List.of(), List.of(write(S1, "a", "one"))), true);
      put(log, 2, batch(StreamData.LATEST, List.of(),
          List.of(write(S1, "a", "two"), write(S1, "b", "bee"), write(S1, "a\0", "nul"),
              write(S1, "ab", "ab!"))), true);
      // built against version 1, but "a" was written at 2: 0G aborts it
      put(log, 3, batch(1, List.of(), List.of(write(S1, "a", "stale"))), true);
      // reads "b" (version 2) against version 2: fine
      put(log, 4, batch(2, List.of(new StreamData.Read(S1, bytes("b"))),
          List.of(write(S1, "c", "sea"))), true);
      append(log, 5, new byte[] {1, 2, 3}, StreamTags.of(List.of(S1)), true);
      // writes S2 while its tags only name S1
      append(log, 6, StreamDataCodec.encode(batch(StreamData.LATEST, List.of(),
          List.of(write(S2, "x", "y")))), StreamTags.of(List.of(S1)), true);
      // on chain, data not uploaded yet: the replay waits here
      StreamData later = batch(StreamData.LATEST, List.of(), List.of(write(S1, "a", "three")));
      FileMerkleTree pending = put(log, 7, later, false);

      try (KvNode node = KvNode.start(new LocalKvLog(log), kvDir, List.of(), "127.0.0.1", 0,
          Duration.ofMillis(50))) {
        node.replayer().replayAvailable();
        JsonRpcClient rpc = new JsonRpcClient(node.rpcUrl(), Duration.ofSeconds(10));

        assertThat(node.store().nextTxSeq()).isEqualTo(7);
        assertThat(rpc.call("kv_getTransactionResult", "0").isNull()).isTrue();
        assertThat(result(rpc, 1)).isEqualTo("Commit");
        assertThat(result(rpc, 3)).isEqualTo("VersionConfliction");
        assertThat(result(rpc, 4)).isEqualTo("Commit");
        assertThat(result(rpc, 5)).isEqualTo("DataParseError");
        assertThat(result(rpc, 6)).isEqualTo("TagsMismatch");
        assertThat(rpc.call("kv_getHoldingStreamIds").toString()).isEqualTo("[\"" + S1 + "\"]");

        JsonNode a = rpc.call("kv_getValue", S1.toHex(), b64("a"), 0, 1024);
        assertThat(text(a.get("data"))).isEqualTo("two");
        assertThat(a.get("size").asLong()).isEqualTo(3);
        assertThat(a.get("version").asLong()).isEqualTo(2);
        assertThat(text(rpc.call("kv_getValue", S1.toHex(), b64("a"), 0, 1024, 1).get("data")))
            .isEqualTo("one");
        assertThat(rpc.call("kv_getValue", S1.toHex(), b64("a"), 0, 1024, 0).isNull()).isTrue();
        assertThat(rpc.call("kv_getValue", S1.toHex(), b64("zz"), 0, 10).isNull()).isTrue();
        JsonNode slice = rpc.call("kv_getValue", S1.toHex(), b64("b"), 1, 1);
        assertThat(text(slice.get("data"))).isEqualTo("e");
        assertThat(slice.get("size").asLong()).isEqualTo(3);

        // bytewise key order: a < a\0 < ab < b < c
        assertThat(key(rpc.call("kv_getFirst", S1.toHex(), 0, 10))).isEqualTo("a");
        assertThat(key(rpc.call("kv_getNext", S1.toHex(), b64("a"), 0, 10, false)))
            .isEqualTo("a\0");
        assertThat(key(rpc.call("kv_getNext", S1.toHex(), b64("a"), 0, 10, true)))
            .isEqualTo("a");
        assertThat(key(rpc.call("kv_getNext", S1.toHex(), b64("a\0"), 0, 10, false)))
            .isEqualTo("ab");
        assertThat(key(rpc.call("kv_getPrev", S1.toHex(), b64("b"), 0, 10, false)))
            .isEqualTo("ab");
        assertThat(key(rpc.call("kv_getLast", S1.toHex(), 0, 10))).isEqualTo("c");
        assertThat(key(rpc.call("kv_getLast", S1.toHex(), 0, 10, 2))).isEqualTo("b");
        assertThat(rpc.call("kv_getNext", S1.toHex(), b64("c"), 0, 10, false).isNull()).isTrue();
        assertThat(rpc.call("kv_getFirst", S1.toHex(), 0, 10, 0).isNull()).isTrue();

        assertThatThrownBy(() -> rpc.call("kv_getValue", S1.toHex(), "!!", 0, 1))
            .hasMessageContaining("Invalid params: key");
        assertThatThrownBy(() -> rpc.call("kv_getValue", S1.toHex(), b64("a"), 0,
            KvRpc.QUERY_BYTES_MAX + 1)).hasMessageContaining("Invalid params: len");
        assertThatThrownBy(() -> rpc.call("kv_getValue", "0x12", b64("a"), 0, 1))
            .hasMessageContaining("Invalid params: stream_id");
      }

      // restart: state and progress survive; the pending batch is applied once uploaded
      upload(log, 7, StreamDataCodec.encode(later), pending);
      try (KvNode node = KvNode.start(new LocalKvLog(log), kvDir, List.of(), "127.0.0.1", 0,
          Duration.ofMillis(50))) {
        assertThat(node.store().result(4)).contains("Commit");
        node.replayer().replayAvailable();
        assertThat(node.store().nextTxSeq()).isEqualTo(8);
        assertThat(new String(node.store().get(S1, bytes("a"), -1L).orElseThrow().value(),
            StandardCharsets.UTF_8)).isEqualTo("three");
        assertThat(new String(node.store().get(S1, bytes("a"), 6).orElseThrow().value(),
            StandardCharsets.UTF_8)).isEqualTo("two");
      }
    }
  }

  @Test
  void followsOnlyTheConfiguredStreams() throws Exception {
    try (LogStore log = LogStore.open(dir.resolve("log"), ShardConfig.ALL, Long.MAX_VALUE);
        KvStore store = KvStore.open(dir.resolve("kv"))) {
      put(log, 0, batch(StreamData.LATEST, List.of(), List.of(write(S2, "k", "v"))), true);
      put(log, 1, batch(StreamData.LATEST, List.of(), List.of(write(S1, "k", "v"))), true);
      new KvReplayer(new LocalKvLog(log), store, List.of(S1), Duration.ofMillis(50))
          .replayAvailable();
      assertThat(store.result(0)).isEmpty();
      assertThat(store.result(1)).contains("Commit");
      assertThat(store.streams()).containsExactly(S1);
    }
  }

  @Test
  void readsTheLogOfAStorageNodeOverZgs() throws Exception {
    byte[] big = new byte[600_000]; // three segments: several download calls
    new java.util.Random(3).nextBytes(big);
    try (LogStore log = LogStore.open(dir.resolve("log"), ShardConfig.ALL, Long.MAX_VALUE);
        KvStore store = KvStore.open(dir.resolve("kv"))) {
      append(log, 0, new byte[] {9}, new byte[0], true);
      put(log, 1, new StreamData(StreamData.LATEST, List.of(),
          List.of(new StreamData.Write(S1, bytes("big"), big)), List.of()), true);
      FileMerkleTree pending = put(log, 2,
          batch(StreamData.LATEST, List.of(), List.of(write(S1, "k", "v"))), false);
      dev.zg.rpc.RpcServer server = new dev.zg.rpc.RpcServer(
          dev.zg.rpc.RpcOptions.defaults().withHost("127.0.0.1").withPort(0));
      new dev.zg.storage.rpc.ZgsRpc(log, dev.zg.storage.rpc.NodeIdentity.of(1, Address.ZERO),
          () -> 0).registerOn(server);
      server.start();
      try {
        KvReplayer replayer = new KvReplayer(new ZgsKvLog(new JsonRpcClient(
            "http://127.0.0.1:" + server.port(), Duration.ofSeconds(10))), store, List.of(),
            Duration.ofMillis(50));
        replayer.replayAvailable();
        assertThat(store.nextTxSeq()).isEqualTo(2); // waits for tx 2's data
        assertThat(store.get(S1, bytes("big"), -1L).orElseThrow().value()).isEqualTo(big);
        upload(log, 2, StreamDataCodec.encode(batch(StreamData.LATEST, List.of(),
            List.of(write(S1, "k", "v")))), pending);
        replayer.replayAvailable();
        assertThat(store.result(2)).contains("Commit");
      } finally {
        server.close();
      }
    }
  }

  private static FileMerkleTree put(LogStore log, long seq, StreamData data, boolean upload)
      throws IOException {
    return append(log, seq, StreamDataCodec.encode(data), StreamTags.of(data), upload);
  }

  private static FileMerkleTree append(LogStore log, long seq, byte[] data, byte[] tags,
      boolean upload) throws IOException {
    FileMerkleTree tree = FileHasher.usingAllCores().tree(new ByteArrayInputStream(data),
        data.length);
    LogEntry entry = LogEntry.of(seq, tree.submission(), seq * StorageSpec.SEGMENT_CHUNKS, tags,
        Address.ZERO, 10 + seq, BLOCK);
    log.appendBlocks(List.of(entry), List.of(), new BlockRef(10 + seq, BLOCK));
    if (upload) {
      upload(log, seq, data, tree);
    }
    return tree;
  }

  private static void upload(LogStore log, long seq, byte[] data, FileMerkleTree tree) {
    for (long i = 0; i < tree.layout().dataSegments(); i++) {
      int from = (int) i * StorageSpec.SEGMENT_BYTES;
      byte[] seg = Arrays.copyOfRange(data, from, from + tree.layout().segmentUploadBytes(i));
      log.putSegment(seq, i, seg, tree.segmentProof(i));
    }
    assertThat(log.progress(seq).finalized()).isTrue();
  }

  private static StreamData batch(long version, List<StreamData.Read> reads,
      List<StreamData.Write> writes) {
    return new StreamData(version, reads, writes, List.of());
  }

  private static StreamData.Write write(Hash stream, String key, String value) {
    return new StreamData.Write(stream, bytes(key), bytes(value));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(bytes(s));
  }

  private static String text(JsonNode base64) {
    return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.UTF_8);
  }

  private static String key(JsonNode value) {
    return text(value.get("key"));
  }

  private static String result(JsonRpcClient rpc, long seq) throws IOException {
    return rpc.call("kv_getTransactionResult", Long.toString(seq)).asText();
  }
}
