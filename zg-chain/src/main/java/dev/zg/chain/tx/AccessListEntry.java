package dev.zg.chain.tx;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import java.util.List;
import java.util.Objects;

/** One EIP-2930 access-list entry: an address and the storage keys to pre-warm there. */
public record AccessListEntry(Address address, List<Hash> storageKeys) {
  public AccessListEntry {
    Objects.requireNonNull(address, "address");
    storageKeys = List.copyOf(storageKeys);
  }
}
