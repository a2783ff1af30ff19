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
