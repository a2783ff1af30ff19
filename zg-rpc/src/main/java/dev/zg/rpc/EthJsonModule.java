package dev.zg.rpc;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.UInt256;
import java.io.IOException;
import java.util.function.Function;

/**
 * Teaches the shared mapper Ethereum's JSON forms, so that records returned by handlers or
 * bound by {@link Param#json} use them too: {@code byte[]} as {@code 0x}-hex (not Base64),
 * addresses and hashes as lower-case hex, {@link UInt256} as a quantity.
 */
final class EthJsonModule extends SimpleModule {

  EthJsonModule() {
    super("zg-rpc-ethereum");
    addSerializer(byte[].class, text(Json::data));
    addSerializer(Address.class, text(Json::address));
    addSerializer(Hash.class, text(Json::hash));
    addSerializer(UInt256.class, text(Json::quantity));
    addDeserializer(byte[].class, parsed(node -> HexJson.data(node, Integer.MAX_VALUE)));
    addDeserializer(Address.class, parsed(HexJson::address));
    addDeserializer(Hash.class, parsed(HexJson::hash));
    addDeserializer(UInt256.class, parsed(HexJson::uint256));
  }

  private static <T> JsonSerializer<T> text(Function<T, String> encode) {
    return new JsonSerializer<>() {
      @Override
      public void serialize(T value, JsonGenerator out, SerializerProvider provider)
          throws IOException {
        out.writeString(encode.apply(value));
      }
    };
  }

  private static <T> JsonDeserializer<T> parsed(Function<JsonNode, T> decode) {
    return new JsonDeserializer<>() {
      @Override
      public T deserialize(JsonParser in, DeserializationContext context) throws IOException {
        JsonNode node = in.readValueAsTree();
        try {
          return decode.apply(node);
        } catch (IllegalArgumentException e) {
          throw context.weirdStringException(node.asText(), handledType(), e.getMessage());
        }
      }
    };
  }
}
