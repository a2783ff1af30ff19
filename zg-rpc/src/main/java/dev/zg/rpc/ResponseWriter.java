package dev.zg.rpc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/**
 * Writes responses and notifications with Jackson's streaming generator: common result types
 * are written directly, anything else goes through the shared mapper.
 */
final class ResponseWriter {
  private static final int INITIAL_BYTES = 256;

  private ResponseWriter() {}

  static byte[] single(JsonNode id, Object outcome) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_BYTES);
    try (JsonGenerator g = Json.mapper().createGenerator(out)) {
      writeResponse(g, id, outcome);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The responses of the calls that get one, in request order; null when none does. */
  static byte[] batch(Call[] calls) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_BYTES * calls.length);
    boolean any = false;
    try (JsonGenerator g = Json.mapper().createGenerator(out)) {
      g.writeStartArray();
      for (Call call : calls) {
        if (call.answered()) {
          writeResponse(g, call.id(), call.outcome());
          any = true;
        }
      }
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return any ? out.toByteArray() : null;
  }

  static String notification(String method, String subscriptionId, Object result) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_BYTES);
    try (JsonGenerator g = Json.mapper().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("jsonrpc", "2.0");
      g.writeStringField("method", method);
      g.writeObjectFieldStart("params");
      g.writeStringField("subscription", subscriptionId);
      g.writeFieldName("result");
      writeValue(g, result);
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** {@code outcome} is the result, or an {@link RpcException} for an error answer. */
  private static void writeResponse(JsonGenerator g, JsonNode id, Object outcome)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("jsonrpc", "2.0");
    g.writeFieldName("id");
    writeId(g, id);
    if (outcome instanceof RpcException error) {
      g.writeObjectFieldStart("error");
      g.writeNumberField("code", error.code());
      g.writeStringField("message", String.valueOf(error.getMessage()));
      if (error.data() != null) {
        g.writeFieldName("data");
        writeValue(g, error.data());
      }
      g.writeEndObject();
    } else {
      g.writeFieldName("result");
      writeValue(g, outcome == Call.NULL_RESULT ? null : outcome);
    }
    g.writeEndObject();
  }

  /** Ids are written directly: writeTree goes through the mapper, a measurable cost here. */
  private static void writeId(JsonGenerator g, JsonNode id) throws IOException {
    if (id.isNull()) {
      g.writeNull();
    } else if (id.isTextual()) {
      g.writeString(id.textValue());
    } else if (id.isInt() || id.isLong()) {
      g.writeNumber(id.longValue());
    } else {
      g.writeTree(id);
    }
  }

  static void writeValue(JsonGenerator g, Object value) throws IOException {
    switch (value) {
      case null -> g.writeNull();
      case String s -> g.writeString(s);
      case JsonNode node -> g.writeTree(node);
      case RawJson raw -> g.writeRawValue(raw.json());
      case Boolean b -> g.writeBoolean(b);
      case Integer i -> g.writeNumber(i);
      case Long l -> g.writeNumber(l);
      case BigInteger b -> g.writeNumber(b);
      case BigDecimal b -> g.writeNumber(b);
      case byte[] bytes -> g.writeString(Json.data(bytes));
      case Address a -> g.writeString(Json.address(a));
      case Hash h -> g.writeString(Json.hash(h));
      case UInt256 u -> g.writeString(Json.quantity(u));
      case Optional<?> o -> writeValue(g, o.orElse(null));
      default -> Json.mapper().writeValue(g, value);
    }
  }
}
