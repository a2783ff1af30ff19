package dev.zg.rpc;

import java.util.Objects;

/**
 * JSON text written into a response as is: a handler or a subscription can serialize a value
 * once (a new block for a thousand subscribers, a cached receipt) and send it many times.
 * The server does not check it; it must be one well-formed JSON value.
 */
public record RawJson(String json) {
  public RawJson {
    Objects.requireNonNull(json, "json");
  }
}
