package dev.zg.compute.broker;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;

/**
 * Token counts from an OpenAI {@code usage} object: {@code prompt_tokens} and
 * {@code completion_tokens} (embeddings report only the former).
 */
record Usage(long inputTokens, long outputTokens) {
  static final Usage NONE = new Usage(0, 0);
  /** Counts above this are treated as a broken backend, not as a bill. */
  static final long TOKENS_MAX = 1L << 40;

  /** The usage in {@code json}'s {@code usage} field, or null when there is none. */
  static Usage of(JsonNode json) {
    JsonNode usage = json == null ? null : json.get("usage");
    if (usage == null || !usage.isObject()) {
      return null;
    }
    return new Usage(count(usage.get("prompt_tokens")), count(usage.get("completion_tokens")));
  }

  private static long count(JsonNode node) {
    if (node == null || !node.canConvertToLong()) {
      return 0;
    }
    long value = node.asLong();
    if (value < 0 || value > TOKENS_MAX) {
      throw new IllegalArgumentException("backend reported an impossible token count " + value);
    }
    return value;
  }

  /** inputTokens × inputPrice + outputTokens × outputPrice, as the SDK's estimate computes it. */
  BigInteger fee(BigInteger inputPrice, BigInteger outputPrice) {
    return BigInteger.valueOf(inputTokens).multiply(inputPrice)
        .add(BigInteger.valueOf(outputTokens).multiply(outputPrice));
  }
}
