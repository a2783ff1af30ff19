package dev.zg.evm.precompile;

import dev.zg.common.Address;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The precompiled contracts of a fork, by address. Cancun has 0x01..0x0a. The EVM pre-warms
 * every address in {@link #addresses} (EIP-2929). A later fork's set starts from the previous
 * one and adds its own (EIP-2537's 0x0b..0x11 in Prague), so fork rules stay data.
 */
public final class Precompiles {
  private static final Precompiles CANCUN = new Precompiles(Map.ofEntries(
      Map.entry(address(0x01), new EcRecoverPrecompile()),
      Map.entry(address(0x02), new Sha256Precompile()),
      Map.entry(address(0x03), new Ripemd160Precompile()),
      Map.entry(address(0x04), new IdentityPrecompile()),
      Map.entry(address(0x05), new ModExpPrecompile()),
      Map.entry(address(0x06), new Bn254AddPrecompile()),
      Map.entry(address(0x07), new Bn254MulPrecompile()),
      Map.entry(address(0x08), new Bn254PairingPrecompile()),
      Map.entry(address(0x09), new Blake2fPrecompile()),
      Map.entry(address(0x0a), new PointEvaluationPrecompile())));

  private final Map<Address, Precompile> byAddress;

  private Precompiles(Map<Address, Precompile> byAddress) {
    // Sorted by address, so iteration (and so pre-warming and traces) is deterministic.
    Map<Address, Precompile> sorted = new LinkedHashMap<>();
    byAddress.keySet().stream().sorted().forEach(a -> sorted.put(a, byAddress.get(a)));
    this.byAddress = Collections.unmodifiableMap(sorted);
  }

  public static Precompiles cancun() {
    return CANCUN;
  }

  /** The precompile at {@code address}, or null when there is none. */
  public Precompile get(Address address) {
    return byAddress.get(address);
  }

  /** The precompile at the address whose value is {@code index} (1 = ECRECOVER), or null. */
  public Precompile get(int index) {
    return index > 0 && index <= 0xff ? byAddress.get(address(index)) : null;
  }

  public boolean contains(Address address) {
    return byAddress.containsKey(address);
  }

  /** Every precompile address, ascending. */
  public Set<Address> addresses() {
    return byAddress.keySet();
  }

  /** Address to precompile, ascending by address; unmodifiable. */
  public Map<Address, Precompile> asMap() {
    return byAddress;
  }

  /** The address 0x00..00{index}. */
  public static Address address(int index) {
    byte[] bytes = new byte[Address.LENGTH];
    bytes[Address.LENGTH - 2] = (byte) (index >>> 8);
    bytes[Address.LENGTH - 1] = (byte) index;
    return Address.wrap(bytes);
  }
}
