package dev.zg.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * How to read one JSON value as a Java value, for {@link RpcParams} and {@link RpcObject}.
 * A parser throws {@link IllegalArgumentException} with the reason; the caller adds which
 * argument or field it was and answers -32602.
 *
 * @param <T> the parsed type
 */
@FunctionalInterface
public interface Param<T> {

  /**
   * @param value the JSON value, never null and never JSON null (optional handling happens
   *     before), unless wrapped in {@link #nullable}
   * @param where where the value sits, such as {@code argument 0}, for nested error messages
   */
  T parse(JsonNode value, String where);

  /** A 256-bit quantity: {@code 0x}-hex, no leading zeros, {@code 0x0} for zero. */
  Param<UInt256> QUANTITY = (value, where) -> HexJson.uint256(value);
  /** A quantity that fits a non-negative long: block numbers, gas, nonces, indexes. */
  Param<Long> QUANTITY_LONG = (value, where) -> HexJson.longQuantity(value);
  /** {@code 0x}-hex bytes of even length; {@code 0x} is empty. Bounded by the body size. */
  Param<byte[]> DATA = (value, where) -> HexJson.data(value, Integer.MAX_VALUE);
  /** 20 bytes; EIP-55 checksums are not enforced (as in go-ethereum). */
  Param<Address> ADDRESS = (value, where) -> HexJson.address(value);
  Param<Hash> HASH = (value, where) -> HexJson.hash(value);
  /** A tag ({@code latest pending earliest safe finalized}) or a block number. */
  Param<BlockParam> BLOCK_TAG = (value, where) -> BlockParsing.parseTagOrNumber(value);
  /** A tag, a number, a block hash, or an EIP-1898 {@code {blockHash|blockNumber}} object. */
  Param<BlockParam> BLOCK = (value, where) -> BlockParsing.parseAny(value);
  Param<Boolean> BOOLEAN = (value, where) -> {
    if (!value.isBoolean()) {
      throw new IllegalArgumentException("expected a boolean, got " + HexJson.kind(value));
    }
    return value.booleanValue();
  };
  Param<String> STRING = (value, where) -> HexJson.text(value, "a string");
  /** The value as it came. */
  Param<JsonNode> JSON = (value, where) -> value;
  /** A JSON object read field by field with the same typed access. */
  Param<RpcObject> OBJECT = (value, where) -> {
    if (!value.isObject()) {
      throw new IllegalArgumentException("expected an object, got " + HexJson.kind(value));
    }
    return new RpcObject(value, where);
  };

  /** Data of at most {@code maxBytes} bytes. */
  static Param<byte[]> data(int maxBytes) {
    return (value, where) -> HexJson.data(value, maxBytes);
  }

  /** Data of exactly {@code length} bytes. */
  static Param<byte[]> fixedData(int length) {
    return (value, where) -> HexJson.fixedData(value, length, "the value");
  }

  /** Like {@code element}, but JSON null reads as Java null (eth_getLogs topic wildcards). */
  static <T> Param<T> nullable(Param<T> element) {
    return (value, where) -> value.isNull() ? null : element.parse(value, where);
  }

  /** A JSON array of at most {@code maxSize} elements. */
  static <T> Param<List<T>> listOf(Param<T> element, int maxSize) {
    Objects.requireNonNull(element, "element");
    return (value, where) -> {
      if (!value.isArray()) {
        throw new IllegalArgumentException("expected an array, got " + HexJson.kind(value));
      }
      if (value.size() > maxSize) {
        throw new IllegalArgumentException(
            "array of " + value.size() + " elements exceeds the limit of " + maxSize);
      }
      List<T> out = new ArrayList<>(value.size());
      for (int i = 0; i < value.size(); i++) {
        String at = where + ": element " + i;
        try {
          out.add(element.parse(value.get(i), at));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("element " + i + ": " + e.getMessage());
        }
      }
      return Collections.unmodifiableList(out);
    };
  }

  /** One value or an array of them, as eth_getLogs takes addresses and topics. */
  static <T> Param<List<T>> oneOrMany(Param<T> element, int maxSize) {
    Param<List<T>> list = listOf(element, maxSize);
    return (value, where) -> value.isArray()
        ? list.parse(value, where)
        : Collections.singletonList(element.parse(value, where));
  }

  /**
   * Any type Jackson can bind. Reflection-based: fine for rare, complex methods; hot methods
   * should read fields through {@link #OBJECT}.
   */
  static <T> Param<T> json(Class<T> type) {
    return (value, where) -> {
      try {
        return Json.mapper().treeToValue(value, type);
      } catch (JsonProcessingException | IllegalArgumentException e) {
        String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage()
            : e.getMessage();
        throw new IllegalArgumentException("cannot read " + type.getSimpleName() + ": " + reason);
      }
    };
  }
}
