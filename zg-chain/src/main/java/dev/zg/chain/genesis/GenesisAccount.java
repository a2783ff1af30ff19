package dev.zg.chain.genesis;

import dev.zg.common.UInt256;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** An account the genesis state starts with; zero storage values are dropped. */
public record GenesisAccount(
    UInt256 balance, long nonce, byte[] code, Map<UInt256, UInt256> storage) {
  public GenesisAccount {
    Objects.requireNonNull(balance, "balance");
    code = code.clone();
    TreeMap<UInt256, UInt256> nonZero = new TreeMap<>();
    storage.forEach((k, v) -> {
      if (!v.isZero()) {
        nonZero.put(k, v);
      }
    });
    storage = java.util.Collections.unmodifiableMap(nonZero);
  }

  public static GenesisAccount funded(UInt256 balance) {
    return new GenesisAccount(balance, 0, new byte[0], Map.of());
  }

  @Override
  public byte[] code() {
    return code.clone();
  }
}
