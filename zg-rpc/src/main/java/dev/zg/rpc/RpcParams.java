package dev.zg.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The {@code params} of one call with typed access. Ethereum methods take positional
 * arguments ({@link #required}, {@link #optional}); JSON-RPC also allows an object of named
 * arguments ({@link #named}). Every failure is an {@link RpcException} with code -32602 that
 * names the argument and the reason, worded as go-ethereum words it.
 */
public final class RpcParams {
  static final RpcParams EMPTY = new RpcParams(null);
  /** Error locations for the usual argument positions, built once instead of per call. */
  private static final String[] WHERE = {
    "argument 0", "argument 1", "argument 2", "argument 3", "argument 4", "argument 5"
  };

  /** An array, an object, or null when the request had no params. */
  private final JsonNode node;

  private RpcParams(JsonNode node) {
    this.node = node;
  }

  static RpcParams of(JsonNode params) {
    if (params == null || params.isNull() || params.isMissingNode()) {
      return EMPTY;
    }
    if (!params.isArray() && !params.isObject()) {
      throw RpcException.invalidParams(
          "invalid params: expected an array or an object, got " + HexJson.kind(params));
    }
    return new RpcParams(params);
  }

  /** How many positional arguments there are (0 for named or absent params). */
  public int size() {
    return node != null && node.isArray() ? node.size() : 0;
  }

  /** True when params came as an object of named arguments. */
  public boolean isNamed() {
    return node != null && node.isObject();
  }

  public <T> T required(int index, Param<T> type) {
    JsonNode value = get(index);
    if (value == null || value.isNull()) {
      throw RpcException.invalidParams("missing value for required argument " + index);
    }
    return parse(index, value, type);
  }

  /** Absent and JSON null both read as empty. */
  public <T> Optional<T> optional(int index, Param<T> type) {
    JsonNode value = get(index);
    return value == null || value.isNull()
        ? Optional.empty()
        : Optional.ofNullable(parse(index, value, type));
  }

  public <T> T optional(int index, Param<T> type, T fallback) {
    JsonNode value = get(index);
    return value == null || value.isNull() ? fallback : parse(index, value, type);
  }

  /** The raw argument, or null when absent. */
  public JsonNode get(int index) {
    if (isNamed()) {
      throw RpcException.invalidParams("invalid params: expected an array of arguments, "
          + "got an object");
    }
    return node == null || index < 0 || index >= node.size() ? null : node.get(index);
  }

  /** Fails when more than {@code count} arguments were given; returns this for chaining. */
  public RpcParams atMost(int count) {
    if (size() > count) {
      throw RpcException.invalidParams("too many arguments, want at most " + count);
    }
    return this;
  }

  /** Named arguments; fails unless params came as an object. */
  public RpcObject named() {
    if (!isNamed()) {
      throw RpcException.invalidParams("invalid params: expected an object of named arguments");
    }
    return new RpcObject(node, "params");
  }

  /** The params as they came: an array, an object, or null. */
  public JsonNode json() {
    return node;
  }

  private <T> T parse(int index, JsonNode value, Param<T> type) {
    String where = index < WHERE.length ? WHERE[index] : "argument " + index;
    try {
      return type.parse(value, where);
    } catch (IllegalArgumentException e) {
      throw RpcException.invalidParams("invalid " + where + ": " + e.getMessage());
    }
  }
}
