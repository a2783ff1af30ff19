package dev.zg.storage.node;

import dev.zg.common.Address;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A storage node alone in a JVM, for the kill -9 test: args are chain RPC URL, Flow address,
 * data folder. Prints {@code READY <rpc url>} once serving, then runs until killed.
 */
public final class StorageNodeProcessMain {
  private StorageNodeProcessMain() {}

  public static void main(String[] args) throws InterruptedException {
    StorageNode node = StorageNode.start(StorageNodeConfig.defaults(args[0],
        Address.fromHex(args[1]), Path.of(args[2])).withRpcPort(0).withConfirmations(1)
        .withPollInterval(Duration.ofMillis(50)));
    System.out.println("READY " + node.rpcUrl());
    System.out.flush();
    Thread.currentThread().join();
  }
}
