package dev.zg.state.kv;

class MemoryKeyValueStoreTest extends KeyValueStoreContractTest {
  @Override
  KeyValueStore openStore() {
    return new MemoryKeyValueStore();
  }
}
