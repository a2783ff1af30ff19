package dev.zg.storage.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.common.Hash;
import dev.zg.storage.indexer.Indexer;
import dev.zg.storage.log.ShardConfig;
import dev.zg.storage.merkle.FileMerkleTree;
import dev.zg.storage.merkle.MerkleProof;
import dev.zg.storage.merkle.ProofCheck;
import dev.zg.storage.merkle.StorageSpec;
import dev.zg.rpc.RpcOptions;
import dev.zg.rpc.RpcServer;
import dev.zg.storage.client.StorageClient;
import dev.zg.storage.client.StorageNodes;
import dev.zg.storage.rpc.JsonRpcClient;
import dev.zg.storage.rpc.NodeIdentity;
import dev.zg.storage.rpc.SegmentRoute;
import dev.zg.storage.rpc.ZgsRpc;
import dev.zg.storage.rpc.JsonRpcClient.CallException;
import dev.zg.storage.rpc.SegmentWithProof;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage nodes against a real zg chain in process, over real HTTP: the chain follower turns
 * Submit logs into entries, uploads are checked against the on-chain root, downloads return
 * what was uploaded, bad input stores nothing, a restart keeps everything, and sharded nodes
 * fill their shards from each other.
 */
class StorageNodeTest {
  /** 3 full segments and a trimmed fourth: 900,000 bytes = 3516 chunks, padded to 3584. */
  private static final int FILE_BYTES = 900_000;

  @TempDir
  Path dir;
  private TestChain chain;
  private final List<StorageNode> nodes = new ArrayList<>();

  @BeforeEach
  void startChain() {
    chain = new TestChain();
  }

  @AfterEach
  void stop() {
    nodes.forEach(StorageNode::close);
    chain.close();
  }

  @Test
  void aFileSubmittedOnChainIsUploadedAndDownloadedWithProofs() throws IOException {
    StorageNode node = node("a", ShardConfig.ALL, List.of());
    JsonRpcClient rpc = client(node);
    JsonNode status = rpc.call("zgs_getStatus");
    assertThat(status.at("/networkIdentity/flowAddress").asText())
        .isEqualTo(chain.flowAddress().toHex());
    assertThat(status.at("/networkIdentity/chainId").asLong()).isEqualTo(16600 > 0
        ? Long.decode(chain.call("eth_chainId").asText()) : 0);

    TestChain.Submitted file = chain.submit(random(FILE_BYTES, 1));
    String root = file.tree().root().toHex();
    assertThat(rpc.call("zgs_getFileInfo", root, true).isNull()).isTrue();
    chain.mine(2);
    JsonNode info = awaitFileInfo(rpc, root);
    assertThat(info.at("/tx/seq").asLong()).isEqualTo(file.txSeq());
    assertThat(info.at("/tx/size").asLong()).isEqualTo(FILE_BYTES);
    assertThat(info.at("/tx/startEntryIndex").asLong()).isEqualTo(file.startPos());
    assertThat(info.at("/tx/dataMerkleRoot").asText()).isEqualTo(root);
    assertThat(info.get("finalized").asBoolean()).isFalse();
    assertThat(info.get("uploadedSegNum").asLong()).isZero();
    assertThat(rpc.call("zgs_getFileInfoByTxSeq", file.txSeq())).isEqualTo(info);
    assertThat(rpc.call("zgs_getShardConfig").toString())
        .isEqualTo("{\"shardId\":0,\"numShard\":1}");

    rpc.call("zgs_uploadSegmentsByTxSeq", Segments.array(Segments.json(file, 0),
        Segments.json(file, 1)), file.txSeq());
    rpc.call("zgs_uploadSegment", Segments.json(file, 2));
    assertThat(rpc.call("zgs_getFileInfo", root, false).get("finalized").asBoolean()).isFalse();
    assertThat(rpc.call("zgs_uploadSegments", Segments.array(Segments.json(file, 3))).asInt())
        .isZero();
    info = rpc.call("zgs_getFileInfo", root, true);
    assertThat(info.get("finalized").asBoolean()).isTrue();
    assertThat(info.get("uploadedSegNum").asLong()).isEqualTo(4);
    assertThat(rpc.call("zgs_checkFileFinalized", file.txSeq()).asBoolean()).isTrue();

    // Downloads by chunk range, as the SDK asks: the last chunk comes back zero-padded.
    int chunks = (FILE_BYTES + 255) / 256;
    byte[] all = new byte[chunks * 256];
    for (int start = 0; start < chunks; start += StorageSpec.SEGMENT_CHUNKS) {
      int end = Math.min(start + StorageSpec.SEGMENT_CHUNKS, chunks);
      byte[] part = Base64.getDecoder().decode(
          rpc.call("zgs_downloadSegmentByTxSeq", file.txSeq(), start, end).asText());
      assertThat(part).hasSize((end - start) * 256);
      System.arraycopy(part, 0, all, start * 256, part.length);
    }
    assertThat(Arrays.copyOf(all, FILE_BYTES)).isEqualTo(file.data());
    assertThat(Arrays.copyOfRange(all, FILE_BYTES, all.length)).containsOnly(0);
    byte[] middle = Base64.getDecoder().decode(
        rpc.call("zgs_downloadSegment", root, 1000, 1100).asText());
    assertThat(middle).isEqualTo(Arrays.copyOfRange(file.data(), 1000 * 256, 1100 * 256));

    for (long i = 0; i < 4; i++) {
      SegmentWithProof seg = SegmentWithProof.parse(
          rpc.call("zgs_downloadSegmentWithProof", root, i));
      assertThat(FileMerkleTree.verifySegment(file.tree().root(), FILE_BYTES, i, seg.data(),
          seg.proof())).isEqualTo(ProofCheck.VALID);
      assertThat(seg.proof()).isEqualTo(file.tree().segmentProof(i));
    }

    // 0G's answer to an upload of a finished file, which the SDK takes as success.
    CallException again = callError(rpc, "zgs_uploadSegmentsByTxSeq",
        Segments.array(Segments.json(file, 0)), file.txSeq());
    assertThat(again.code()).isEqualTo(-32602);
    assertThat(again.getMessage()).contains("Invalid params: root");
    assertThat(again.data().asText()).isEqualTo("already uploaded and finalized");
  }

  @Test
  void theBinarySegmentRouteServesWhatTheJsonMethodDoesAndClientsFallBackToJson()
      throws IOException {
    StorageNode node = node("a", ShardConfig.ALL, List.of());
    JsonRpcClient rpc = client(node);
    TestChain.Submitted file = chain.submit(random(FILE_BYTES, 7));
    Hash root = file.tree().root();
    chain.mine(2);
    awaitFileInfo(rpc, root.toHex());
    rpc.call("zgs_uploadSegmentsByTxSeq", Segments.array(Segments.json(file, 0),
        Segments.json(file, 1), Segments.json(file, 2), Segments.json(file, 3)), file.txSeq());

    for (long i = 0; i < 4; i++) {
      JsonRpcClient.HttpResult answer = rpc.get(SegmentRoute.path(root, i),
          SegmentRoute.ANSWER_MAX_BYTES);
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.contentType()).isEqualTo(SegmentRoute.CONTENT_TYPE);
      SegmentRoute.Answer segment = SegmentRoute.Answer.parse(answer.body());
      SegmentWithProof json = SegmentWithProof.parse(
          rpc.call("zgs_downloadSegmentWithProof", root.toHex(), i));
      assertThat(Arrays.copyOfRange(segment.body(), segment.dataOffset(),
          segment.dataOffset() + segment.dataLength())).isEqualTo(json.data());
      assertThat(segment.proof()).isEqualTo(json.proof()).isEqualTo(file.tree().segmentProof(i));
    }
    // null in JSON-RPC is 204; malformed requests are 400 with the reason.
    JsonRpcClient.HttpResult unknown = rpc.get(SegmentRoute.path(Hash.keccak(new byte[] {1}), 0),
        1024);
    assertThat(unknown.status()).isEqualTo(204);
    assertThat(unknown.body()).isEmpty();
    assertBadRequest(rpc, SegmentRoute.path(root, 4), "index out of bound");
    assertBadRequest(rpc, SegmentRoute.PREFIX + "0x12/0", "root: expected");
    assertBadRequest(rpc, SegmentRoute.PREFIX + root.toHex() + "/-1", "index: expected");
    assertBadRequest(rpc, SegmentRoute.PREFIX + root.toHex() + "/1/2", "expected GET");
    assertBadRequest(rpc, SegmentRoute.path(root, 1) + "?x=1", "expected GET");

    // zg's client takes the route from a zg node, and JSON-RPC from a node without it.
    long chainId = Long.decode(chain.call("eth_chainId").asText());
    NodeIdentity identity = NodeIdentity.of(chainId, chain.flowAddress());
    try (RpcServer full = new RpcServer(RpcOptions.defaults().withPort(0));
        RpcServer jsonOnly = new RpcServer(RpcOptions.defaults().withPort(0))) {
      new ZgsRpc(node.store(), identity, () -> 0).registerOn(full).start();
      new ZgsRpc(node.store(), identity, () -> 0).registerMethodsOn(jsonOnly).start();
      StorageClient client = new StorageClient();
      for (RpcServer server : List.of(full, jsonOnly)) {
        Path out = dir.resolve("download-" + server.port());
        client.download(root, out, StorageNodes.of(List.of("http://127.0.0.1:"
            + server.port())), n -> { });
        assertThat(Files.readAllBytes(out)).isEqualTo(file.data());
      }
      assertThat(full.metrics().methods().get("zgs_downloadSegmentWithProof").requests())
          .isZero();
      assertThat(jsonOnly.metrics().methods().get("zgs_downloadSegmentWithProof").requests())
          .isEqualTo(4);
    }
  }

  private static void assertBadRequest(JsonRpcClient rpc, String path, String reason)
      throws IOException {
    JsonRpcClient.HttpResult answer = rpc.get(path, 1024);
    assertThat(answer.status()).as(path).isEqualTo(400);
    assertThat(new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8))
        .as(path).contains(reason);
  }

  @Test
  void badSegmentsAreRefusedWithZeroGsErrorsAndNothingIsStored() throws IOException {
    StorageNode node = node("a", ShardConfig.ALL, List.of());
    JsonRpcClient rpc = client(node);
    TestChain.Submitted file = chain.submit(random(FILE_BYTES, 2));
    chain.mine(2);
    awaitFileInfo(rpc, file.tree().root().toHex());

    MerkleProof proof = file.tree().segmentProof(1);
    List<Hash> lemma = new ArrayList<>(proof.lemma());
    lemma.set(1, Hash.keccak(new byte[] {1}));
    assertRefused(rpc, Segments.json(file, 1, Segments.uploadBytes(file, 1),
        new MerkleProof(lemma, proof.path())), file, "proof", "validation failed");
    byte[] flipped = Segments.uploadBytes(file, 1);
    flipped[77] ^= 1;
    assertRefused(rpc, Segments.json(file, 1, flipped, proof), file, "proof",
        "validation failed");
    assertRefused(rpc, Segments.json(file, 1, Arrays.copyOf(flipped, flipped.length - 256),
        proof), file, "data", "invalid data length");
    ObjectNode outOfRange = Segments.json(file, 1);
    outOfRange.put("index", 4);
    assertRefused(rpc, outOfRange, file, "index", "index out of bound");
    ObjectNode wrongSize = Segments.json(file, 1);
    wrongSize.put("fileSize", FILE_BYTES + 1);
    assertRefused(rpc, wrongSize, file, "file_size",
        "segment file size not matched with tx file size");
    ObjectNode unknown = Segments.json(file, 1);
    unknown.put("root", Hash.keccak(new byte[] {2}).toHex());
    CallException e = callError(rpc, "zgs_uploadSegments", Segments.array(unknown));
    assertThat(e.data().asText()).isEqualTo("data root not found");
    // One bad segment in a call: the good one beside it is not stored either.
    assertRefused(rpc, Segments.array(Segments.json(file, 0), outOfRange), file, "index",
        "index out of bound");
    e = callError(rpc, "zgs_uploadSegmentsByTxSeq", Segments.array(Segments.json(file, 0)), 99);
    assertThat(e.data().asText()).isEqualTo("data root not found");

    assertThat(node.store().usedBytes()).isZero();
    assertThat(rpc.call("zgs_getFileInfo", file.tree().root().toHex(), false)
        .get("uploadedSegNum").asLong()).isZero();
    assertThat(rpc.call("zgs_downloadSegmentWithProof", file.tree().root().toHex(), 0).isNull())
        .isTrue();
    assertThat(rpc.call("zgs_downloadSegmentByTxSeq", file.txSeq(), 0, 1024).isNull()).isTrue();
    assertThat(callError(rpc, "zgs_downloadSegmentByTxSeq", file.txSeq(), 0, 1025).code())
        .isEqualTo(-32602);
    assertThat(callError(rpc, "zgs_downloadSegmentByTxSeq", file.txSeq(), 3500, 3517).code())
        .isEqualTo(-32602);
    assertThat(rpc.call("zgs_getFileInfoByTxSeq", 99).isNull()).isTrue();
  }

  @Test
  void aRestartedNodeKeepsItsEntriesSegmentsAndChainPosition() throws IOException {
    StorageNode node = node("a", ShardConfig.ALL, List.of());
    TestChain.Submitted file = chain.submit(random(300_000, 3));
    chain.mine(2);
    JsonRpcClient rpc = client(node);
    awaitFileInfo(rpc, file.tree().root().toHex());
    rpc.call("zgs_uploadSegmentsByTxSeq", Segments.array(Segments.json(file, 0),
        Segments.json(file, 1)), file.txSeq());
    long nextBlock = node.store().nextBlock();
    node.close();
    nodes.remove(node);

    TestChain.Submitted second = chain.submit(random(1000, 4));
    chain.mine(2);
    StorageNode restarted = node("a", ShardConfig.ALL, List.of());
    assertThat(restarted.store().nextBlock()).isGreaterThanOrEqualTo(nextBlock);
    rpc = client(restarted);
    JsonNode info = rpc.call("zgs_getFileInfo", file.tree().root().toHex(), true);
    assertThat(info.get("finalized").asBoolean()).isTrue();
    byte[] back = Base64.getDecoder().decode(
        rpc.call("zgs_downloadSegmentByTxSeq", file.txSeq(), 1024, 1172).asText());
    assertThat(Arrays.copyOf(back, 300_000 - 262_144))
        .isEqualTo(Arrays.copyOfRange(file.data(), 262_144, 300_000));
    JsonNode secondInfo = awaitFileInfo(rpc, second.tree().root().toHex());
    assertThat(secondInfo.at("/tx/seq").asLong()).isEqualTo(1);
    assertThat(restarted.store().nextTxSeq()).isEqualTo(2);
  }

  @Test
  void shardedNodesFillTheirShardsFromPeersAndCatchUpAfterRestart() throws IOException {
    // Ports first, so every node can list the others as peers.
    StorageNode full = node("full", ShardConfig.ALL, List.of());
    StorageNode even = node("even", new ShardConfig(0, 2), List.of(full.rpcUrl()));
    StorageNode odd = node("odd", new ShardConfig(1, 2), List.of(full.rpcUrl(),
        even.rpcUrl()));
    int fullPort = full.rpcPort();
    full.close();
    nodes.remove(full);
    full = node("full", ShardConfig.ALL, List.of(even.rpcUrl(), odd.rpcUrl()), fullPort);

    TestChain.Submitted file = chain.submit(random(FILE_BYTES, 5));
    chain.mine(2);
    String root = file.tree().root().toHex();
    for (StorageNode n : List.of(full, even, odd)) {
      awaitFileInfo(client(n), root);
    }
    long startSeg = file.startPos() / StorageSpec.SEGMENT_CHUNKS;
    // The uploader sends each sharded node its own segments only.
    for (long i = 0; i < 4; i++) {
      StorageNode owner = (startSeg + i) % 2 == 0 ? even : odd;
      client(owner).call("zgs_uploadSegmentsByTxSeq", Segments.array(Segments.json(file, i)),
          file.txSeq());
    }
    assertThat(client(even).call("zgs_getFileInfo", root, true).get("finalized").asBoolean())
        .isTrue();
    assertThat(client(odd).call("zgs_getFileInfo", root, true).get("finalized").asBoolean())
        .isTrue();
    // A segment outside a node's shard is refused.
    long foreign = (startSeg % 2 == 0) ? 1 : 0;
    assertThat(callError(client(even), "zgs_uploadSegmentsByTxSeq",
        Segments.array(Segments.json(file, foreign)), file.txSeq()).code()).isIn(-32602);
    StorageNode fullNode = full;
    Await.until("the full node to sync every segment", () -> finalized(fullNode, root));
    assertThat(even.store().usedBytes() + odd.store().usedBytes())
        .isEqualTo(full.store().usedBytes());

    // A second file while the even node is down: it catches up from the full node.
    even.close();
    nodes.remove(even);
    TestChain.Submitted second = chain.submit(random(FILE_BYTES, 6));
    chain.mine(2);
    String root2 = second.tree().root().toHex();
    awaitFileInfo(client(full), root2);
    for (long i = 0; i < 4; i++) {
      client(full).call("zgs_uploadSegmentsByTxSeq", Segments.array(Segments.json(second, i)),
          second.txSeq());
    }
    StorageNode oddNode = odd;
    Await.until("the odd node to sync its shard", () -> finalized(oddNode, root2));
    StorageNode evenAgain = node("even", new ShardConfig(0, 2), List.of(full.rpcUrl()));
    Await.until("the restarted even node to catch up", () -> finalized(evenAgain, root2));
    long startSeg2 = second.startPos() / StorageSpec.SEGMENT_CHUNKS;
    for (long i = 0; i < 4; i++) {
      StorageNode owner = (startSeg2 + i) % 2 == 0 ? evenAgain : odd;
      JsonNode seg = client(owner).call("zgs_downloadSegmentWithProof", root2, i);
      assertThat(SegmentWithProof.parse(seg).data()).isEqualTo(Segments.uploadBytes(second, i));
      StorageNode other = owner == odd ? evenAgain : odd;
      assertThat(client(other).call("zgs_downloadSegmentWithProof", root2, i).isNull())
          .isTrue();
    }
  }

  @Test
  void sectorProofsOfEveryStoredSegmentLeadToTheFlowRoot() throws IOException {
    StorageNode even = node("even", new ShardConfig(0, 2), List.of());
    StorageNode odd = node("odd", new ShardConfig(1, 2), List.of());
    // Small files share a flow segment; the 300,000-byte file has nodes of heights 10 and 8.
    List<TestChain.Submitted> files = List.of(chain.submit(random(3000, 11)),
        chain.submit(random(300_000, 12)), chain.submit(random(700, 13)),
        chain.submit(random(FILE_BYTES, 14)));
    chain.mine(2);
    for (TestChain.Submitted file : files) {
      String root = file.tree().root().toHex();
      awaitFileInfo(client(even), root);
      awaitFileInfo(client(odd), root);
      long startSeg = file.startPos() / StorageSpec.SEGMENT_CHUNKS;
      for (long i = 0; i < file.tree().layout().dataSegments(); i++) {
        StorageNode owner = (startSeg + i) % 2 == 0 ? even : odd;
        client(owner).call("zgs_uploadSegmentsByTxSeq",
            Segments.array(Segments.json(file, i)), file.txSeq());
      }
    }
    Hash flowRoot = chain.flowRoot();
    long length = chain.flowLength();
    for (StorageNode n : List.of(even, odd)) {
      JsonNode context = client(n).call("zgs_getFlowContext");
      assertThat(context.get(0).asText()).isEqualTo(flowRoot.toHex());
      assertThat(context.get(1).asLong()).isEqualTo(length);
    }
    long leaves = Long.highestOneBit(length - 1) << 1;
    Random pick = new Random(3);
    for (TestChain.Submitted file : files) {
      long chunks = (file.data().length + 255) / 256;
      long padded = file.tree().layout().paddedChunks();
      List<Long> sectors = new ArrayList<>(List.of(0L, chunks - 1, padded - 1,
          (long) pick.nextInt((int) padded)));
      for (long c : sectors) {
        long sector = file.startPos() + c;
        StorageNode owner = (sector / StorageSpec.SEGMENT_CHUNKS) % 2 == 0 ? even : odd;
        StorageNode other = owner == even ? odd : even;
        JsonNode proof = client(owner).call("zgs_getSectorProof", sector, flowRoot.toHex());
        MerkleProof parsed = sectorProof(proof);
        byte[] chunk = new byte[256];
        if (c < chunks) {
          System.arraycopy(file.data(), (int) (c * 256), chunk, 0,
              (int) Math.min(256, file.data().length - c * 256));
        }
        assertThat(parsed.verify(flowRoot, Hash.keccak(chunk), sector, leaves))
            .as("sector %d of tx %d", sector, file.txSeq()).isEqualTo(ProofCheck.VALID);
        assertThat(client(owner).call("zgs_getSectorProof", sector)).isEqualTo(proof);
        CallException missing = callError(client(other), "zgs_getSectorProof", sector);
        assertThat(missing.getMessage()).contains("Invalid params: sector_index");
      }
    }
    // Leaf 0 is the contract's raw zero word; past the flow nothing is proven.
    assertThat(sectorProof(client(even).call("zgs_getSectorProof", 0))
        .verify(flowRoot, Hash.ZERO, 0, leaves)).isEqualTo(ProofCheck.VALID);
    assertThat(callError(client(even), "zgs_getSectorProof", length).getMessage())
        .contains("sector_index");
    assertThat(callError(client(even), "zgs_getSectorProof", 1, Hash.ZERO.toHex())
        .getMessage()).contains("flow_root");
  }

  private static MerkleProof sectorProof(JsonNode json) {
    List<Hash> lemma = new ArrayList<>();
    json.get("lemma").forEach(h -> lemma.add(Hash.fromHex(h.asText())));
    List<Boolean> path = new ArrayList<>();
    json.get("path").forEach(b -> path.add(b.asBoolean()));
    return new MerkleProof(lemma, path);
  }

  @Test
  void theIndexerListsNodesWithTheirShardsAndWhereFilesAre() throws IOException {
    StorageNode even = node("even", new ShardConfig(0, 2), List.of());
    StorageNode odd = node("odd", new ShardConfig(1, 2), List.of());
    try (Indexer indexer = Indexer.start(List.of(even.rpcUrl(), odd.rpcUrl()), "127.0.0.1", 0,
        Duration.ofMillis(50))) {
      JsonRpcClient rpc = new JsonRpcClient("http://127.0.0.1:" + indexer.rpcPort(),
          Duration.ofSeconds(30));
      JsonNode nodes = rpc.call("indexer_getShardedNodes");
      assertThat(nodes.get("discovered")).isEmpty();
      assertThat(nodes.get("trusted")).extracting(n -> n.get("url").asText() + " "
          + n.at("/config/shardId").asInt() + "/" + n.at("/config/numShard").asInt())
          .containsExactly(even.rpcUrl() + " 0/2", odd.rpcUrl() + " 1/2");

      TestChain.Submitted file = chain.submit(random(FILE_BYTES, 7));
      chain.mine(2);
      String root = file.tree().root().toHex();
      awaitFileInfo(client(even), root);
      awaitFileInfo(client(odd), root);
      assertThat(rpc.call("indexer_getFileLocations", root).isNull()).isTrue();
      long startSeg = file.startPos() / StorageSpec.SEGMENT_CHUNKS;
      for (long i = 0; i < 4; i++) {
        StorageNode owner = (startSeg + i) % 2 == 0 ? even : odd;
        client(owner).call("zgs_uploadSegmentsByTxSeq", Segments.array(Segments.json(file, i)),
            file.txSeq());
      }
      assertThat(rpc.call("indexer_getFileLocations", root))
          .extracting(n -> n.get("url").asText()).containsExactly(even.rpcUrl(), odd.rpcUrl());
      assertThat(rpc.call("indexer_getNodeLocations").has(odd.rpcUrl())).isTrue();
    }
  }

  // ---- helpers ----

  private StorageNode node(String name, ShardConfig shard, List<String> peers) {
    return node(name, shard, peers, 0);
  }

  private StorageNode node(String name, ShardConfig shard, List<String> peers, int port) {
    StorageNodeConfig config = StorageNodeConfig.defaults(chain.rpcUrl(), chain.flowAddress(),
        dir.resolve(name)).withRpcPort(port).withShard(shard).withPeers(peers)
        .withConfirmations(1).withPollInterval(Duration.ofMillis(50));
    StorageNode node = StorageNode.start(config);
    nodes.add(node);
    return node;
  }

  private static JsonRpcClient client(StorageNode node) {
    return new JsonRpcClient(node.rpcUrl(), Duration.ofSeconds(30));
  }

  private static boolean finalized(StorageNode node, String root) {
    try {
      JsonNode info = client(node).call("zgs_getFileInfo", root, true);
      return !info.isNull() && info.get("finalized").asBoolean();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode awaitFileInfo(JsonRpcClient rpc, String root) {
    JsonNode[] info = new JsonNode[1];
    Await.until("the node to index " + root, () -> {
      try {
        info[0] = rpc.call("zgs_getFileInfo", root, true);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return !info[0].isNull();
    });
    return info[0];
  }

  private static void assertRefused(JsonRpcClient rpc, JsonNode segments,
      TestChain.Submitted file, String field, String reason) {
    JsonNode array = segments.isArray() ? segments : Segments.array(segments);
    CallException e = callError(rpc, "zgs_uploadSegmentsByTxSeq", array, file.txSeq());
    assertThat(e.code()).isEqualTo(-32602);
    assertThat(e.getMessage()).contains("Invalid params: " + field);
    assertThat(e.data().asText()).isEqualTo(reason);
  }

  private static CallException callError(JsonRpcClient rpc, String method, Object... params) {
    CallException e = catchThrowableOfType(CallException.class, () -> rpc.call(method, params));
    assertThat(e).as(method + " must fail").isNotNull();
    return e;
  }

  private static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }
}
