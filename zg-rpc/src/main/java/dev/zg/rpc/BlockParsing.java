package dev.zg.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zg.common.Hash;

/** Parsing of {@link BlockParam} from JSON, kept out of the public interface. */
final class BlockParsing {
  private BlockParsing() {}

  static BlockParam parseTagOrNumber(JsonNode value) {
    String text = HexJson.text(value, "a block tag or hex block number");
    BlockParam.Tag tag = tag(text);
    return tag != null ? tag : new BlockParam.ByNumber(HexJson.longQuantity(value));
  }

  /** go-ethereum's BlockNumberOrHash: a tag, a number, a bare hash, or an EIP-1898 object. */
  static BlockParam parseAny(JsonNode value) {
    if (value.isObject()) {
      return parseObject(value);
    }
    String text = HexJson.text(value, "a block tag, number, hash or EIP-1898 object");
    if (text.length() == 2 + 2 * Hash.LENGTH && HexJson.hasPrefix(text)) {
      return new BlockParam.ByHash(HexJson.hash(value), false);
    }
    return parseTagOrNumber(value);
  }

  private static BlockParam parseObject(JsonNode value) {
    JsonNode number = value.get("blockNumber");
    JsonNode hash = value.get("blockHash");
    JsonNode canonical = value.get("requireCanonical");
    if (number != null && hash != null) {
      throw new IllegalArgumentException("cannot specify both blockHash and blockNumber");
    }
    if (hash != null) {
      boolean require = false;
      if (canonical != null && !canonical.isNull()) {
        if (!canonical.isBoolean()) {
          throw new IllegalArgumentException("requireCanonical must be a boolean");
        }
        require = canonical.booleanValue();
      }
      return new BlockParam.ByHash(HexJson.hash(hash), require);
    }
    if (number != null) {
      return parseTagOrNumber(number);
    }
    throw new IllegalArgumentException("expected blockNumber or blockHash in " + value.size()
        + "-field object");
  }

  private static BlockParam.Tag tag(String text) {
    return switch (text) {
      case "latest" -> BlockParam.Tag.LATEST;
      case "pending" -> BlockParam.Tag.PENDING;
      case "earliest" -> BlockParam.Tag.EARLIEST;
      case "safe" -> BlockParam.Tag.SAFE;
      case "finalized" -> BlockParam.Tag.FINALIZED;
      default -> null;
    };
  }
}
