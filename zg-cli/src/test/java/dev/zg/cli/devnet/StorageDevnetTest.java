package dev.zg.cli.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.cli.Main;
import dev.zg.contracts.devnet.DevnetContracts;
import dev.zg.storage.merkle.FileHasher;
import dev.zg.storage.testing.OfficialSdk;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official storage SDK, unchanged, and zg's client against a real {@code zg devnet}
 * process. The SDK submits
 * the file to the devnet's Flow contract (paying the fee from a funded account), uploads the
 * segments through the devnet's indexer to its storage node, waits for finality and downloads
 * the file back; zg's client downloads that file and uploads one the SDK downloads. 100 MiB as the issue asks (about a minute on the 2-core machine, most of it
 * the SDK); {@code -Dzg.storage.devnetBytes=N} sets another size.
 */
class StorageDevnetTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SIZE = Long.getLong("zg.storage.devnetBytes", 100L << 20);

  @TempDir
  Path folder;

  @Test
  void theSdkAndZgsClientUploadAndDownloadEachOthersFilesThroughTheDevnet() throws Exception {
    try (DevnetProcess devnet = DevnetProcess.start(folder.resolve("devnet"))) {
      JsonNode descriptor = JSON.readTree(folder.resolve("devnet/devnet.json").toFile());
      assertThat(descriptor.get("storageRpc").asText()).isEqualTo(devnet.storageRpc.toString());
      assertThat(descriptor.get("indexerRpc").asText()).isEqualTo(devnet.indexerRpc.toString());
      JsonRpc storage = new JsonRpc(devnet.storageRpc);
      assertThat(storage.call("zgs_getStatus").at("/networkIdentity/flowAddress").asText())
          .isEqualToIgnoringCase(DevnetContracts.addresses().get("flow").toHex());

      Path file = randomFile(folder.resolve("upload.bin"), SIZE, 6);
      String root = FileHasher.usingAllCores().root(file).toHex();
      JsonNode up = result(OfficialSdk.runScript("sdk-transfer.mjs", List.of("upload",
          devnet.indexerRpc.toString(), devnet.rpc.toString(), devnet.privateKeys.get(3),
          file.toString(), "submit")), devnet);
      assertThat(up.get("rootHash").asText()).isEqualTo(root);
      assertThat(up.get("txSeq").asLong()).isZero();

      // The entry came from the chain: the SDK's transaction emitted Flow's Submit.
      JsonRpc chain = new JsonRpc(devnet.rpc);
      JsonNode receipt = chain.call("eth_getTransactionReceipt", up.get("txHash").asText());
      assertThat(receipt.get("status").asText()).isEqualTo("0x1");
      assertThat(receipt.get("to").asText())
          .isEqualToIgnoringCase(DevnetContracts.addresses().get("flow").toHex());
      JsonNode info = storage.call("zgs_getFileInfo", root, true);
      assertThat(info.get("finalized").asBoolean()).isTrue();
      assertThat(info.at("/tx/size").asLong()).isEqualTo(SIZE);

      Path out = folder.resolve("download.bin");
      result(OfficialSdk.runScript("sdk-transfer.mjs", List.of("download",
          devnet.indexerRpc.toString(), root, out.toString())), devnet);
      assertThat(Files.mismatch(file, out)).as("first differing byte").isEqualTo(-1L);

      // zg's client (the CLI, defaults from devnet.json) downloads what the SDK uploaded...
      String devnetDir = folder.resolve("devnet").toString();
      Path byZg = folder.resolve("zg-download.bin");
      assertThat(zg("storage", "download", root, byZg.toString(), "--devnet", devnetDir))
          .as(err.toString()).isZero();
      assertThat(Files.mismatch(file, byZg)).as("first differing byte").isEqualTo(-1L);

      // ...and the SDK downloads what zg's client uploaded (and paid for) itself.
      Path second = randomFile(folder.resolve("zg-upload.bin"), (3L << 20) + 7, 7);
      assertThat(zg("storage", "upload", second.toString(), "--devnet", devnetDir,
          "--account", "4")).as(err.toString()).isZero();
      List<String> lines = this.out.toString().lines().toList();
      String zgRoot = lines.get(0);
      assertThat(zgRoot).isEqualTo(FileHasher.usingAllCores().root(second).toHex());
      assertThat(lines.get(1)).startsWith("tx seq 1 ");
      assertThat(err.toString()).contains("100%");
      // Uploading it again pays nothing: the entry on chain is reused.
      assertThat(zg("storage", "upload", second.toString(), "--devnet", devnetDir,
          "--account", "4")).as(err.toString()).isZero();
      assertThat(this.out.toString()).contains("tx seq 1 (already on chain, not submitted");
      Path bySdk = folder.resolve("sdk-download.bin");
      result(OfficialSdk.runScript("sdk-transfer.mjs", List.of("download",
          devnet.indexerRpc.toString(), zgRoot, bySdk.toString())), devnet);
      assertThat(Files.mismatch(second, bySdk)).as("first differing byte").isEqualTo(-1L);

      assertThat(zg("storage", "info", zgRoot, "--devnet", devnetDir)).isZero();
      assertThat(this.out.toString()).contains("tx seq 1, " + ((3L << 20) + 7) + " bytes, "
          + "finalized");
      String unknown = "0x" + "ab".repeat(32);
      assertThat(zg("storage", "download", unknown, folder.resolve("none").toString(),
          "--devnet", devnetDir)).isEqualTo(1);
      assertThat(err.toString()).startsWith("zg: no storage node knows root " + unknown);
      assertThat(folder.resolve("none")).doesNotExist();
    }
  }

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int zg(String... args) {
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    return Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  static Path randomFile(Path path, long size, long seed) throws IOException {
    Random random = new Random(seed);
    byte[] block = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(path)) {
      for (long left = size; left > 0; left -= block.length) {
        random.nextBytes(block);
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    }
    return path;
  }

  static JsonNode result(String stdout, DevnetProcess devnet) throws IOException {
    List<String> lines = stdout.lines().filter(l -> l.startsWith("{")).toList();
    assertThat(lines).as("SDK output:\n" + stdout).isNotEmpty();
    JsonNode json = JSON.readTree(lines.get(lines.size() - 1));
    assertThat(json.path("error").asText(null)).as("SDK error; devnet log:\n%s", devnet.log())
        .isNull();
    return json;
  }
}
