package dev.zg.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A JSON object argument (a transaction, a log filter) read field by field. Errors name the
 * argument and field: {@code invalid argument 0: field 'to': hex string without 0x prefix}.
 * A field set to JSON null counts as absent, as Ethereum clients send it.
 */
public final class RpcObject {
  private final JsonNode node;
  private final String where;

  RpcObject(JsonNode node, String where) {
    this.node = node;
    this.where = where;
  }

  public <T> T required(String field, Param<T> type) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw RpcException.invalidParams(
          "invalid " + where + ": missing value for required field '" + field + "'");
    }
    return parse(field, value, type);
  }

  public <T> Optional<T> optional(String field, Param<T> type) {
    JsonNode value = node.get(field);
    return value == null || value.isNull()
        ? Optional.empty()
        : Optional.ofNullable(parse(field, value, type));
  }

  public <T> T optional(String field, Param<T> type, T fallback) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? fallback : parse(field, value, type);
  }

  /** True when the field is present and not null. */
  public boolean has(String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull();
  }

  public int size() {
    return node.size();
  }

  /** The object as it came. */
  public JsonNode json() {
    return node;
  }

  private <T> T parse(String field, JsonNode value, Param<T> type) {
    String at = where + ": field '" + field + "'";
    try {
      return type.parse(value, at);
    } catch (IllegalArgumentException e) {
      throw RpcException.invalidParams("invalid " + at + ": " + e.getMessage());
    }
  }
}
