package dev.zg.rpc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.common.Address;
import dev.zg.common.Hash;
import dev.zg.common.Hex;
import dev.zg.common.UInt256;
import java.math.BigInteger;

/**
 * The shared Jackson setup and the Ethereum JSON encodings handlers answer with: quantities
 * ({@code 0x}-hex without leading zeros, {@code 0x0} for zero), data ({@code 0x}-hex bytes),
 * addresses and hashes (lower-case hex).
 */
public final class Json {
  /** Deep enough for any Ethereum request (state overrides nest about five levels). */
  static final int NESTING_DEPTH_MAX = 64;

  private static final JsonMapper MAPPER = JsonMapper.builder(
          JsonFactory.builder()
              .streamReadConstraints(
                  StreamReadConstraints.builder().maxNestingDepth(NESTING_DEPTH_MAX).build())
              .build())
      .addModule(new EthJsonModule())
      .build();
  /** Trailing garbage after the request is a parse error, not silently ignored. */
  static final ObjectReader READER =
      MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  /** The shared mapper; use it, do not reconfigure it. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  public static String quantity(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("a quantity cannot be negative: " + value);
    }
    return "0x" + Long.toHexString(value);
  }

  public static String quantity(UInt256 value) {
    return value.fitsLong() ? quantity(value.limb(0)) : "0x" + value.toBigInteger().toString(16);
  }

  public static String quantity(BigInteger value) {
    if (value.signum() < 0) {
      throw new IllegalArgumentException("a quantity cannot be negative: " + value);
    }
    return "0x" + value.toString(16);
  }

  public static String data(byte[] value) {
    return Hex.prefixed(value);
  }

  public static String address(Address value) {
    return value.toHex();
  }

  public static String hash(Hash value) {
    return value.toHex();
  }
}
