package dev.zg.chain.store;

import dev.zg.chain.genesis.DevnetGenesis;
import dev.zg.chain.testkit.ChainFixtures;
import dev.zg.common.Address;
import dev.zg.state.kv.Column;
import dev.zg.state.kv.RocksKeyValueStore;
import java.nio.file.Path;
import java.util.List;

/**
 * Run in a child JVM by {@link ChainStoreCrashTest}: commits blocks of transfers in a loop,
 * printing each block number once its commit returned, until it is killed.
 */
public final class CrashingChainWriter {
  static final Address SINK = Address.fromHex("0x0000000000000000000000000000000000005157");

  private CrashingChainWriter() {}

  public static void main(String[] args) {
    RocksKeyValueStore kv = RocksKeyValueStore.open(Path.of(args[0]),
        ChainStore.COLUMNS.toArray(new Column[0]));
    ChainStore chain = ChainStore.open(kv, DevnetGenesis.create());
    for (long nonce = chain.head().number(); ; nonce++) {
      ChainStoreTest.addBlock(chain, List.of(ChainFixtures.transfer(0, nonce, SINK, 1),
          ChainFixtures.transfer(1, nonce, SINK, 1)));
      System.out.println("committed " + chain.head().number());
      System.out.flush();
    }
  }
}
