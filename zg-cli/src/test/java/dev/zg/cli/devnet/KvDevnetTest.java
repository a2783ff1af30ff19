package dev.zg.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.cli.Main;
import dev.zg.storage.testing.OfficialSdk;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KV end to end on a real {@code zg devnet} process (chain, Flow contract, storage node, KV
 * node): {@code zg storage kv put} submits tagged batches on chain and uploads them, the KV
 * node replays them, {@code zg storage kv get} reads them back, also at an older version; a
 * batch built against a stale version is skipped as 0G does; the official SDK's Batcher and
 * KvClient exchange values with zg; a kill -9 and restart keep it all.
 */
class KvDevnetTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STREAM = "0x" + "5a".repeat(32);

  @TempDir
  Path folder;

  @Test
  void putGetOverwriteVersionsConflictAndRestart() throws Exception {
    Path dir = folder.resolve("devnet");
    String devnetDir = dir.toString();
    try (DevnetProcess devnet = DevnetProcess.start(dir)) {
      JsonNode descriptor = JSON.readTree(dir.resolve("devnet.json").toFile());
      JsonRpc kv = new JsonRpc(URI.create(descriptor.get("kvRpc").asText()));

      long first = put(devnetDir, "greeting", "hello");
      awaitResult(kv, first, devnet);
      assertThat(zg("storage", "kv", "get", "--stream", STREAM, "greeting", "--devnet",
          devnetDir)).as(err.toString()).isZero();
      assertThat(out.toString().trim()).isEqualTo("hello");

      long second = put(devnetDir, "greeting", "hello again");
      awaitResult(kv, second, devnet);
      assertThat(get(devnetDir, "greeting")).isEqualTo("hello again");
      assertThat(zg("storage", "kv", "get", "--stream", STREAM, "greeting", "--at",
          Long.toString(first), "--devnet", devnetDir)).isZero();
      assertThat(out.toString().trim()).isEqualTo("hello");

      // built against the first version, but the key changed since: skipped
      assertThat(zg("storage", "kv", "put", "--stream", STREAM, "greeting", "stale",
          "--version", Long.toString(first), "--devnet", devnetDir)).as(err.toString()).isZero();
      long third = seq(out.toString());
      assertThat(awaitResult(kv, third, devnet)).isEqualTo("VersionConfliction");
      assertThat(get(devnetDir, "greeting")).isEqualTo("hello again");
      assertThat(zg("storage", "kv", "get", "--stream", STREAM, "missing", "--devnet",
          devnetDir)).isEqualTo(1);
      assertThat(err.toString()).startsWith("zg: no value for that key");

      // the official SDK: its Batcher's batch is read by zg, zg's put is read by its KvClient.
      // Account 0 (zg's put) made the stream and is its admin: account 3 may not write it.
      // (Another value: the SDK reuses the entry of a file already on chain.)
      JsonNode denied = StorageDevnetTest.result(OfficialSdk.runScript("sdk-kv.mjs", List.of(
          "put", devnet.storageRpc.toString(), devnet.rpc.toString(), devnet.privateKeys.get(3),
          descriptor.at("/contracts/flow").asText(), STREAM, "0x736b", "0x0bad")), devnet);
      assertThat(awaitResult(kv, denied.get("txSeq").asLong(), devnet))
          .isEqualTo("SenderNoWritePermission");
      // The admin grants account 3 the writer role with an SDK-encoded access-control batch.
      JsonNode grant = StorageDevnetTest.result(OfficialSdk.runScript("sdk-kv.mjs", List.of(
          "grant-writer", devnet.storageRpc.toString(), devnet.rpc.toString(),
          devnet.privateKeys.get(0), descriptor.at("/contracts/flow").asText(), STREAM,
          descriptor.at("/accounts/3/address").asText())), devnet);
      assertThat(awaitResult(kv, grant.get("txSeq").asLong(), devnet)).isEqualTo("Commit");
      assertThat(kv.call("kv_isWriterOfStream", descriptor.at("/accounts/3/address").asText(),
          STREAM).asBoolean()).isTrue();
      JsonNode sdkPut = StorageDevnetTest.result(OfficialSdk.runScript("sdk-kv.mjs", List.of(
          "put", devnet.storageRpc.toString(), devnet.rpc.toString(), devnet.privateKeys.get(3),
          descriptor.at("/contracts/flow").asText(), STREAM, "0x736b", "0x00ff10")), devnet);
      long bySdk = sdkPut.get("txSeq").asLong();
      assertThat(awaitResult(kv, bySdk, devnet)).isEqualTo("Commit");
      assertThat(zg("storage", "kv", "get", "--stream", STREAM, "0x736b", "--hex", "--devnet",
          devnetDir)).as(err.toString()).isZero();
      assertThat(out.toString().trim()).isEqualTo("0x00ff10");
      JsonNode sdkGet = StorageDevnetTest.result(OfficialSdk.runScript("sdk-kv.mjs", List.of(
          "get", descriptor.get("kvRpc").asText(), STREAM,
          "0x" + HexFormat.of().formatHex("greeting".getBytes()))), devnet);
      assertThat(sdkGet.get("found").asBoolean()).isTrue();
      assertThat(sdkGet.get("data").asText())
          .isEqualTo("0x" + HexFormat.of().formatHex("hello again".getBytes()));
      assertThat(sdkGet.get("version").asLong()).isEqualTo(second);
      devnet.kill();
    }
    try (DevnetProcess devnet = DevnetProcess.start(dir)) {
      assertThat(get(devnetDir, "greeting")).isEqualTo("hello again");
      long fourth = put(devnetDir, "other", "value");
      JsonRpc kv = new JsonRpc(URI.create(
          JSON.readTree(dir.resolve("devnet.json").toFile()).get("kvRpc").asText()));
      assertThat(awaitResult(kv, fourth, devnet)).isEqualTo("Commit");
      assertThat(get(devnetDir, "other")).isEqualTo("value");
    }
  }

  private long put(String devnetDir, String key, String value) {
    assertThat(zg("storage", "kv", "put", "--stream", STREAM, key, value, "--devnet", devnetDir))
        .as(err.toString()).isZero();
    return seq(out.toString());
  }

  private String get(String devnetDir, String key) {
    assertThat(zg("storage", "kv", "get", "--stream", STREAM, key, "--devnet", devnetDir))
        .as(err.toString()).isZero();
    return out.toString().trim();
  }

  private static long seq(String putOutput) {
    assertThat(putOutput).startsWith("tx seq ");
    return Long.parseLong(putOutput.substring(7, putOutput.indexOf(' ', 7)));
  }

  /** The replay runs beside the upload: wait for this entry's outcome. */
  private static String awaitResult(JsonRpc kv, long seq, DevnetProcess devnet)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      JsonNode r = kv.call("kv_getTransactionResult", Long.toString(seq));
      if (r != null && !r.isNull()) {
        return r.asText();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("tx " + seq + " not replayed; devnet log:\n" + devnet.log());
      }
      Thread.sleep(50);
    }
  }

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int zg(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }
}
