package dev.zg.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.UInt256;
import dev.zg.evm.state.AccountInfo;
import dev.zg.evm.state.WorldView;
import dev.zg.rpc.RpcException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * eth_call's third parameter: per account, a replacement balance, nonce or code, and either
 * a whole new storage ({@code state}) or changes to it ({@code stateDiff}). Applied as a
 * {@link WorldView} over the block's state, so nothing is written.
 */
final class StateOverrides implements WorldView {
  private static final int ACCOUNTS_MAX = 1000;
  private static final int SLOTS_MAX = 10_000;

  private record AccountOverride(UInt256 balance, Long nonce, byte[] code, Map<UInt256, UInt256> state,
      Map<UInt256, UInt256> stateDiff) {}

  private final WorldView base;
  private final Map<Address, AccountOverride> overrides = new HashMap<>();

  private StateOverrides(WorldView base) {
    this.base = base;
  }

  /** The base view with {@code json}'s overrides; the base itself when json is null. */
  static WorldView apply(WorldView base, JsonNode json) {
    if (json == null || json.isNull()) {
      return base;
    }
    if (!json.isObject()) {
      throw RpcException.invalidParams("invalid argument 2: state overrides must be an object");
    }
    if (json.size() > ACCOUNTS_MAX) {
      throw RpcException.invalidParams("invalid argument 2: more than " + ACCOUNTS_MAX
          + " accounts overridden");
    }
    StateOverrides out = new StateOverrides(base);
    for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Address address = address(e.getKey());
      JsonNode o = e.getValue();
      if (o.has("state") && o.has("stateDiff")) {
        throw RpcException.invalidParams("account " + address
            + " has both 'state' and 'stateDiff'");
      }
      out.overrides.put(address, new AccountOverride(
          o.hasNonNull("balance") ? quantity(o.get("balance"), "balance") : null,
          o.hasNonNull("nonce") ? quantity(o.get("nonce"), "nonce").toLongExact() : null,
          o.hasNonNull("code") ? data(o.get("code")) : null,
          o.hasNonNull("state") ? slots(o.get("state")) : null,
          o.hasNonNull("stateDiff") ? slots(o.get("stateDiff")) : null));
    }
    return out;
  }

  @Override
  public AccountInfo account(Address address) {
    AccountInfo info = base.account(address);
    AccountOverride o = overrides.get(address);
    if (o == null) {
      return info;
    }
    long nonce = o.nonce != null ? o.nonce : info == null ? 0 : info.nonce();
    UInt256 balance = o.balance != null ? o.balance : info == null ? UInt256.ZERO : info.balance();
    Hash codeHash = o.code != null
        ? (o.code.length == 0 ? Hash.EMPTY_KECCAK : Hash.keccak(o.code))
        : info == null ? Hash.EMPTY_KECCAK : info.codeHash();
    return new AccountInfo(nonce, balance, codeHash);
  }

  @Override
  public byte[] code(Address address, Hash codeHash) {
    AccountOverride o = overrides.get(address);
    if (o != null && o.code != null) {
      return o.code;
    }
    return base.code(address, codeHash);
  }

  @Override
  public UInt256 storage(Address address, UInt256 key) {
    AccountOverride o = overrides.get(address);
    if (o != null && o.state != null) {
      return o.state.getOrDefault(key, UInt256.ZERO);
    }
    if (o != null && o.stateDiff != null && o.stateDiff.containsKey(key)) {
      return o.stateDiff.get(key);
    }
    return base.storage(address, key);
  }

  @Override
  public boolean hasStorage(Address address) {
    AccountOverride o = overrides.get(address);
    if (o != null && o.state != null) {
      return o.state.values().stream().anyMatch(v -> !v.isZero());
    }
    return base.hasStorage(address)
        || (o != null && o.stateDiff != null && o.stateDiff.values().stream().anyMatch(v -> !v.isZero()));
  }

  private static Map<UInt256, UInt256> slots(JsonNode json) {
    if (!json.isObject() || json.size() > SLOTS_MAX) {
      throw RpcException.invalidParams("storage overrides must be an object of at most "
          + SLOTS_MAX + " slots");
    }
    Map<UInt256, UInt256> out = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(StateMethods.slot(com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey())),
          StateMethods.slot(e.getValue()));
    }
    return out;
  }

  private static Address address(String text) {
    try {
      return Address.fromHex(text);
    } catch (IllegalArgumentException e) {
      throw RpcException.invalidParams("state override: " + e.getMessage());
    }
  }

  private static UInt256 quantity(JsonNode node, String field) {
    try {
      return UInt256.parse(node.asText());
    } catch (RuntimeException e) {
      throw RpcException.invalidParams("state override field '" + field + "': not a quantity: "
          + node);
    }
  }

  private static byte[] data(JsonNode node) {
    try {
      return Hex.decode(node.asText());
    } catch (IllegalArgumentException e) {
      throw RpcException.invalidParams("state override field 'code': " + e.getMessage());
    }
  }
}
