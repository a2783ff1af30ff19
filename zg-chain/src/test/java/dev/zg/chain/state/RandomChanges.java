package dev.zg.chain.state;

import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import dev.zg.evm.state.MemoryWorld;
import dev.zg.evm.state.StateChanges;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random but well-formed block change sets over small pools of addresses, slots and code, so
 * that updates, deletions, storage wipes and re-creations hit the same accounts often.
 */
final class RandomChanges {
  static final int ADDRESSES = 24;
  static final int SLOTS = 12;

  private RandomChanges() {}

  static Address address(int i) {
    return Address.fromHex(String.format("0x%040x", 0xa000 + i * 0x1111));
  }

  static UInt256 slot(int i) {
    return i % 3 == 0 ? UInt256.valueOf(i) : UInt256.fromBytes(Hash.keccak(new byte[] {(byte) i})
        .bytesUnsafe());
  }

  static StateChanges next(Random random, MemoryWorld model) {
    List<StateChanges.AccountChange> out = new ArrayList<>();
    Set<Address> used = new LinkedHashSet<>();
    int count = 1 + random.nextInt(8);
    for (int n = 0; n < count; n++) {
      Address address = address(random.nextInt(ADDRESSES));
      if (used.add(address)) {
        out.add(change(random, address, model.get(address)));
      }
    }
    return new StateChanges(out);
  }

  private static StateChanges.AccountChange change(Random random, Address address,
      MemoryWorld.Entry current) {
    if (current != null && random.nextInt(8) == 0) {
      return new StateChanges.AccountChange(address, true, 0, UInt256.ZERO, Hash.EMPTY_KECCAK,
          new byte[0], true, true, Map.of());
    }
    long nonce = random.nextInt(4) == 0 ? random.nextInt(1000) : current == null ? 0
        : current.nonce();
    UInt256 balance = UInt256.valueOf(random.nextInt(3) == 0 ? 0 : random.nextLong(1L << 62));
    boolean codeChanged = random.nextInt(5) == 0;
    byte[] code = current == null ? new byte[0] : current.code();
    if (codeChanged) {
      code = random.nextBoolean() ? new byte[0] : new byte[] {0x60, (byte) random.nextInt(4), 0};
    }
    Hash codeHash = code.length == 0 ? Hash.EMPTY_KECCAK : Hash.keccak(code);
    boolean cleared = current != null && random.nextInt(10) == 0;
    Map<UInt256, UInt256> storage = new LinkedHashMap<>();
    int writes = random.nextInt(4) == 0 ? 0 : random.nextInt(6);
    for (int i = 0; i < writes; i++) {
      UInt256 value = random.nextInt(3) == 0 ? UInt256.ZERO
          : UInt256.valueOf(1 + random.nextInt(1 << 20));
      storage.put(slot(random.nextInt(SLOTS)), value);
    }
    if (current == null && (codeChanged || !codeHash.equals(Hash.EMPTY_KECCAK))) {
      codeChanged = true;
    }
    return new StateChanges.AccountChange(address, false, nonce, balance, codeHash,
        codeChanged ? code : null, codeChanged, cleared, storage);
  }
}
