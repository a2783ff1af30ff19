package dev.zg.chain.genesis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.common.Address;
import dev.zg.common.Bytes;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.UInt256;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads geth's genesis.json: {@code config.chainId}, {@code alloc} (balance, nonce, code,
 * storage), {@code gasLimit}, {@code baseFeePerGas}, {@code timestamp}, {@code extraData},
 * {@code coinbase}, {@code mixHash}, {@code difficulty}. Numbers may be JSON numbers, decimal
 * strings or 0x-hex strings, as geth accepts. Other fields (fork blocks and the like) are
 * ignored: zg always runs Cancun rules. Every error names the field.
 */
final class GenesisJson {
  /** geth's default genesis gas limit (params.GenesisGasLimit). */
  static final long DEFAULT_GAS_LIMIT = 4_712_388;
  /** EIP-1559's INITIAL_BASE_FEE, geth's default when London is active at genesis. */
  static final BigInteger DEFAULT_BASE_FEE = BigInteger.valueOf(1_000_000_000);
  /** Generous: EIP-170 limits deployed code to 24 KiB, but genesis code is not deployed. */
  static final int CODE_BYTES_MAX = 1 << 20;

  private GenesisJson() {}

  static Genesis parse(String json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("genesis is not valid JSON: "
          + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("genesis must be a JSON object");
    }
    JsonNode chainId = root.path("config").path("chainId");
    if (chainId.isMissingNode() || chainId.isNull()) {
      throw new IllegalArgumentException("genesis field 'config.chainId' is missing");
    }
    return new Genesis(
        longValue(chainId, "config.chainId"),
        optionalLong(root, "timestamp", 0),
        optionalLong(root, "gasLimit", DEFAULT_GAS_LIMIT),
        root.has("baseFeePerGas") ? uint256(root.get("baseFeePerGas"), "baseFeePerGas")
            : DEFAULT_BASE_FEE,
        root.has("extraData") ? hexBytes(root.get("extraData"), "extraData", 32) : Bytes.EMPTY,
        root.has("coinbase") ? address(root.get("coinbase").asText(), "coinbase") : Address.ZERO,
        root.has("mixHash") ? hash(root.get("mixHash"), "mixHash") : Hash.ZERO,
        root.has("difficulty") ? uint256(root.get("difficulty"), "difficulty") : BigInteger.ZERO,
        alloc(root.path("alloc")));
  }

  private static Map<Address, GenesisAccount> alloc(JsonNode alloc) {
    Map<Address, GenesisAccount> accounts = new LinkedHashMap<>();
    if (alloc.isMissingNode() || alloc.isNull()) {
      return accounts;
    }
    if (!alloc.isObject()) {
      throw new IllegalArgumentException("genesis field 'alloc' must be an object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = alloc.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String field = "alloc." + e.getKey();
      Address address = address(e.getKey(), field);
      if (accounts.size() == Genesis.ACCOUNTS_MAX) {
        throw new IllegalArgumentException("genesis 'alloc' has more than "
            + Genesis.ACCOUNTS_MAX + " accounts");
      }
      if (accounts.put(address, account(e.getValue(), field)) != null) {
        throw new IllegalArgumentException("genesis field '" + field + "' repeats an address");
      }
    }
    return accounts;
  }

  private static GenesisAccount account(JsonNode a, String field) {
    if (!a.isObject()) {
      throw new IllegalArgumentException("genesis field '" + field + "' must be an object");
    }
    UInt256 balance = UInt256.fromBigInteger(a.has("balance")
        ? uint256(a.get("balance"), field + ".balance") : BigInteger.ZERO);
    long nonce = optionalLong(a, "nonce", 0, field + ".nonce");
    byte[] code = a.has("code") ? hexBytes(a.get("code"), field + ".code", CODE_BYTES_MAX)
        : Bytes.EMPTY;
    Map<UInt256, UInt256> storage = new LinkedHashMap<>();
    JsonNode slots = a.path("storage");
    for (Iterator<Map.Entry<String, JsonNode>> it = slots.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> s = it.next();
      String slotField = field + ".storage." + s.getKey();
      storage.put(word(s.getKey(), slotField), word(s.getValue().asText(), slotField));
    }
    return new GenesisAccount(balance, nonce, code, storage);
  }

  private static long optionalLong(JsonNode node, String name, long fallback) {
    return optionalLong(node, name, fallback, name);
  }

  private static long optionalLong(JsonNode node, String name, long fallback, String field) {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? fallback : longValue(value, field);
  }

  private static long longValue(JsonNode node, String field) {
    BigInteger value = uint256(node, field);
    if (value.bitLength() > 63) {
      throw new IllegalArgumentException("genesis field '" + field + "' is larger than 2^63 - 1");
    }
    return value.longValueExact();
  }

  static BigInteger uint256(JsonNode node, String field) {
    BigInteger value;
    try {
      if (node.isIntegralNumber()) {
        value = node.bigIntegerValue();
      } else if (node.isTextual()) {
        String text = node.asText().trim();
        value = Hex.hasPrefix(text)
            ? (text.length() == 2 ? BigInteger.ZERO : new BigInteger(text.substring(2), 16))
            : new BigInteger(text);
      } else {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("genesis field '" + field
          + "' is not a number (decimal or 0x-hex): " + node);
    }
    if (value.signum() < 0 || value.bitLength() > 256) {
      throw new IllegalArgumentException("genesis field '" + field
          + "' is not an unsigned 256-bit number: " + node);
    }
    return value;
  }

  private static byte[] hexBytes(JsonNode node, String field, int maxBytes) {
    byte[] bytes;
    try {
      bytes = Hex.decode(node.asText());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("genesis field '" + field + "': " + e.getMessage());
    }
    if (bytes.length > maxBytes) {
      throw new IllegalArgumentException("genesis field '" + field + "' is " + bytes.length
          + " bytes, more than " + maxBytes);
    }
    return bytes;
  }

  private static Hash hash(JsonNode node, String field) {
    byte[] bytes = hexBytes(node, field, 32);
    if (bytes.length != 32) {
      throw new IllegalArgumentException("genesis field '" + field + "' must be 32 bytes");
    }
    return Hash.wrap(bytes);
  }

  private static UInt256 word(String text, String field) {
    try {
      return UInt256.fromBytes(Bytes.leftPad(Hex.decodeLenient(text), 32));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("genesis field '" + field
          + "' is not a 32-byte hex word: " + e.getMessage());
    }
  }

  private static Address address(String text, String field) {
    try {
      return Address.fromHex(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("genesis field '" + field + "': " + e.getMessage());
    }
  }
}
