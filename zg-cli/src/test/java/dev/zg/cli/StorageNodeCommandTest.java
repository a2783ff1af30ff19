package dev.zg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zg.storage.log.ShardConfig;
import dev.zg.storage.node.StorageNodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageNodeCommandTest {
  @TempDir
  Path dir;

  @Test
  void aConfigFileIsReadWithDefaultsAndPathsRelativeToIt() throws IOException {
    Path file = dir.resolve("node.json");
    Files.writeString(file, """
        {"chainRpc": "http://127.0.0.1:8545", "flowAddress": "0x%s", "dataDir": "data",
         "shard": "1/4", "peers": ["http://127.0.0.1:5679"]}""".formatted("12".repeat(20)));
    StorageNodeConfig config = StorageNodeCommand.parse(file);
    assertThat(config.dataDir()).isEqualTo(dir.toAbsolutePath().resolve("data"));
    assertThat(config.shard()).isEqualTo(new ShardConfig(1, 4));
    assertThat(config.rpcPort()).isEqualTo(5678);
    assertThat(config.confirmations()).isEqualTo(3);
    assertThat(config.peers()).containsExactly("http://127.0.0.1:5679");
    assertThat(config.miner()).isNull();
  }

  @Test
  void aMinerSectionConfiguresThePoraMiner() throws IOException {
    Path file = dir.resolve("miner.json");
    String key = "0x" + "11".repeat(32);
    String node = """
        {"chainRpc": "http://127.0.0.1:8545", "flowAddress": "0x%s", "dataDir": "data",
         "miner": %s}""";
    Files.writeString(file, node.formatted("12".repeat(20), """
        {"privateKey": "%s", "mineAddress": "0x%s", "threads": 2, "cpuPercent": 50}"""
        .formatted(key, "34".repeat(20))));
    StorageNodeConfig config = StorageNodeCommand.parse(file);
    assertThat(config.miner().threads()).isEqualTo(2);
    assertThat(config.miner().cpuPercent()).isEqualTo(50);
    assertThat(config.miner().minerId()).isNull();
    assertThat(config.miner().key().address()).isEqualTo(
        dev.zg.common.Secp256k1.KeyPair.fromPrivateKey(dev.zg.common.Hex.decode(key)).address());
    assertThat(config.miner().mineAddress().toHex()).isEqualTo("0x" + "34".repeat(20));

    Files.writeString(file, node.formatted("12".repeat(20), """
        {"enabled": false, "privateKey": "%s", "mineAddress": "0x%s"}"""
        .formatted(key, "34".repeat(20))));
    assertThat(StorageNodeCommand.parse(file).miner()).isNull();
    Files.writeString(file, node.formatted("12".repeat(20), """
        {"privateKey": "%s", "mineAddress": "0x%s", "cpuPercent": 0}"""
        .formatted(key, "34".repeat(20))));
    assertThatThrownBy(() -> StorageNodeCommand.parse(file)).hasMessageContaining("cpuPercent");
    Files.writeString(file, node.formatted("12".repeat(20), """
        {"privateKey": "%s", "mineAddress": "0x%s", "thread": 2}"""
        .formatted(key, "34".repeat(20))));
    assertThatThrownBy(() -> StorageNodeCommand.parse(file))
        .hasMessageContaining("unknown field 'miner.thread'");
    Files.writeString(file, node.formatted("12".repeat(20), """
        {"mineAddress": "0x%s"}""".formatted("34".repeat(20))));
    assertThatThrownBy(() -> StorageNodeCommand.parse(file))
        .hasMessageContaining("'privateKey' is required");
  }

  @Test
  void badConfigsFailWithOneClearLine() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"chainRpc\": \"http://x\", \"flowAddress\": \"0x00\", "
        + "\"dataDir\": \"d\"}");
    assertThatThrownBy(() -> StorageNodeCommand.parse(file)).isInstanceOf(UserError.class)
        .hasMessageContaining("flowAddress");
    Files.writeString(file, "{\"chainRpc\": \"http://x\", \"flowAddress\": \"0x" + "00".repeat(20)
        + "\", \"dataDir\": \"d\", \"shard\": \"2/3\"}");
    assertThatThrownBy(() -> StorageNodeCommand.parse(file))
        .hasMessageContaining("power of two");
    Files.writeString(file, "{\"chainRPC\": \"http://x\"}");
    assertThatThrownBy(() -> StorageNodeCommand.parse(file))
        .hasMessageContaining("unknown field 'chainRPC'");
    assertThatThrownBy(() -> StorageNodeCommand.parse(dir.resolve("none.json")))
        .hasMessageContaining("no such config file");
  }
}
