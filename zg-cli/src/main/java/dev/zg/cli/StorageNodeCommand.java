package dev.zg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.storage.node.StorageNode;
import dev.zg.storage.node.StorageNodeConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "storage-node", mixinStandardHelpOptions = true,
    description = {
      "Run one 0G storage node (zgs_* JSON-RPC) from a JSON config file:",
      "  {\"chainRpc\": \"http://127.0.0.1:8545\", \"flowAddress\": \"0x...\",",
      "   \"dataDir\": \"storage\", \"rpcHost\": \"127.0.0.1\", \"rpcPort\": 5678,",
      "   \"shard\": \"0/1\", \"peers\": [\"http://...:5678\"], \"confirmations\": 3,",
      "   \"maxDataBytes\": 1099511627776, \"startBlock\": 0, \"pollIntervalMs\": 500}",
      "chainRpc, flowAddress and dataDir are required; relative paths are relative to the"
          + " config file."})
final class StorageNodeCommand implements Runnable {
  @Option(names = "--config", paramLabel = "FILE", required = true,
      description = "The storage node's config file.")
  Path configFile;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    StorageNodeConfig config = parse(configFile);
    StorageNode node;
    try {
      node = StorageNode.start(config);
    } catch (UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
      throw new UserError("storage node: " + e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("zg storage-node: shard " + config.shard() + ", flow " + config.flowAddress()
        + ", chain " + config.chainRpc() + ", zgs RPC " + node.rpcUrl());
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "zg-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static StorageNodeConfig parse(Path file) {
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new UserError("no such config file: " + file);
    } catch (IOException e) {
      throw new UserError("cannot read config " + file + ": " + e.getMessage());
    }
    try {
      return StorageNodeConfig.fromJson(json, file.toAbsolutePath().getParent());
    } catch (IllegalArgumentException e) {
      throw new UserError("config " + file + ": " + e.getMessage());
    }
  }
}
