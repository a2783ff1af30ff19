package dev.zg.evm.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.UInt256;
import dev.zg.common.rlp.RlpWriter;
import dev.zg.state.trie.SecureTrie;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A whole world state held in maps: for state tests, {@code zg evm run} and anything small.
 * The state root is computed from scratch with secure tries, exactly as Ethereum defines it:
 * accounts keyed by keccak(address) holding rlp([nonce, balance, storageRoot, codeHash]),
 * storage keyed by keccak(slot) holding rlp(value without leading zeros).
 */
public final class MemoryWorld implements WorldView {
  /** One account's full contents. */
  public static final class Entry {
    long nonce;
    UInt256 balance = UInt256.ZERO;
    byte[] code = new byte[0];
    Hash codeHash = Hash.EMPTY_KECCAK;
    final TreeMap<UInt256, UInt256> storage = new TreeMap<>();

    public long nonce() {
      return nonce;
    }

    public UInt256 balance() {
      return balance;
    }

    public byte[] code() {
      return code.clone();
    }

    public Map<UInt256, UInt256> storage() {
      return java.util.Collections.unmodifiableMap(storage);
    }
  }

  private final TreeMap<Address, Entry> accounts = new TreeMap<>();

  /** Loads a state-test {@code pre} object (or any map of address to account fields). */
  public static MemoryWorld fromJson(JsonNode pre) {
    MemoryWorld world = new MemoryWorld();
    for (Iterator<Map.Entry<String, JsonNode>> it = pre.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode a = e.getValue();
      Entry entry = new Entry();
      entry.nonce = quantity(a.path("nonce")).longValue();
      entry.balance = UInt256.fromBigInteger(quantity(a.path("balance")));
      entry.code = Hex.decode(a.path("code").asText("0x"));
      entry.codeHash = entry.code.length == 0 ? Hash.EMPTY_KECCAK : Hash.keccak(entry.code);
      for (Iterator<Map.Entry<String, JsonNode>> s = a.path("storage").fields(); s.hasNext(); ) {
        Map.Entry<String, JsonNode> slot = s.next();
        UInt256 value = UInt256.fromBigInteger(quantity(slot.getValue()));
        if (!value.isZero()) {
          entry.storage.put(UInt256.fromBigInteger(quantity(slot.getKey())), value);
        }
      }
      world.accounts.put(Address.fromHex(e.getKey()), entry);
    }
    return world;
  }

  private static BigInteger quantity(JsonNode node) {
    return quantity(node.asText("0x0"));
  }

  private static BigInteger quantity(String text) {
    String t = text.trim();
    if (t.startsWith("0x") || t.startsWith("0X")) {
      return t.length() == 2 ? BigInteger.ZERO : new BigInteger(t.substring(2), 16);
    }
    return t.isEmpty() ? BigInteger.ZERO : new BigInteger(t);
  }

  /** Creates or replaces an account. */
  public void put(Address address, long nonce, UInt256 balance, byte[] code,
      Map<UInt256, UInt256> storage) {
    Entry entry = new Entry();
    entry.nonce = nonce;
    entry.balance = balance;
    entry.code = code.clone();
    entry.codeHash = code.length == 0 ? Hash.EMPTY_KECCAK : Hash.keccak(code);
    storage.forEach((k, v) -> {
      if (!v.isZero()) {
        entry.storage.put(k, v);
      }
    });
    accounts.put(address, entry);
  }

  public Entry get(Address address) {
    return accounts.get(address);
  }

  public Map<Address, Entry> accounts() {
    return java.util.Collections.unmodifiableMap(accounts);
  }

  @Override
  public AccountInfo account(Address address) {
    Entry e = accounts.get(address);
    return e == null ? null : new AccountInfo(e.nonce, e.balance, e.codeHash);
  }

  @Override
  public byte[] code(Address address, Hash codeHash) {
    Entry e = accounts.get(address);
    return e == null ? new byte[0] : e.code;
  }

  @Override
  public UInt256 storage(Address address, UInt256 key) {
    Entry e = accounts.get(address);
    return e == null ? UInt256.ZERO : e.storage.getOrDefault(key, UInt256.ZERO);
  }

  @Override
  public boolean hasStorage(Address address) {
    Entry e = accounts.get(address);
    return e != null && !e.storage.isEmpty();
  }

  /** Applies what the EVM did. */
  public void apply(StateChanges changes) {
    for (StateChanges.AccountChange c : changes.accounts()) {
      if (c.deleted()) {
        accounts.remove(c.address());
        continue;
      }
      Entry e = accounts.computeIfAbsent(c.address(), a -> new Entry());
      e.nonce = c.nonce();
      e.balance = c.balance();
      if (c.codeChanged()) {
        e.code = c.code();
        e.codeHash = c.codeHash();
      }
      if (c.storageCleared()) {
        e.storage.clear();
      }
      c.storage().forEach((k, v) -> {
        if (v.isZero()) {
          e.storage.remove(k);
        } else {
          e.storage.put(k, v);
        }
      });
    }
  }

  /** The Ethereum state root of the current contents. */
  public Hash stateRoot() {
    SecureTrie accountTrie = SecureTrie.inMemory();
    for (Map.Entry<Address, Entry> a : accounts.entrySet()) {
      Entry e = a.getValue();
      SecureTrie storageTrie = SecureTrie.inMemory();
      for (Map.Entry<UInt256, UInt256> s : e.storage.entrySet()) {
        storageTrie.put(s.getKey().toBytes32(), RlpWriter.encodeBytes(s.getValue().toMinimalBytes()));
      }
      RlpWriter w = new RlpWriter(110);
      w.startList()
          .writeLong(e.nonce)
          .writeBytes(e.balance.toMinimalBytes())
          .writeBytes(storageTrie.rootHash().bytesUnsafe())
          .writeBytes(e.codeHash.bytesUnsafe())
          .endList();
      accountTrie.put(a.getKey().bytesUnsafe(), w.toByteArray());
    }
    return accountTrie.rootHash();
  }
}
