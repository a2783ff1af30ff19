package dev.zg.storage.rpc;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zg.common.Hash;
import dev.zg.storage.merkle.MerkleProof;
import dev.zg.storage.merkle.StorageSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * 0G's {@code SegmentWithProof}: {@code {root, data (base64), index, proof {lemma, path},
 * fileSize}}, the unit of {@code zgs_uploadSegment*} and {@code zgs_downloadSegmentWithProof}.
 * Parsing checks shapes and bounds only; the proof is checked against the log entry.
 */
public record SegmentWithProof(Hash root, byte[] data, long index, MerkleProof proof,
    long fileSize) {
  /** Base64 of one full segment is 349,528 characters; allow a little slack. */
  static final int DATA_BASE64_MAX = 4 * (StorageSpec.SEGMENT_BYTES / 3 + 1) + 16;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** The bytes without a copy; callers must not modify them. */
  public byte[] dataUnsafe() {
    return data;
  }

  /**
   * Reads one segment object; failures name the field the way 0G's node does
   * ({@link ZgsErrors#invalidParams}).
   */
  public static SegmentWithProof parse(JsonNode json) {
    if (json == null || !json.isObject()) {
      throw ZgsErrors.invalidParams("segment", "a segment is an object {root, data, index, "
          + "proof, fileSize}");
    }
    Hash root = hash(json.get("root"), "root");
    JsonNode dataNode = json.get("data");
    byte[] data;
    if (dataNode != null && dataNode.isBinary()) {
      // Built in this process by toJson (bytes not yet turned into base64).
      data = ((com.fasterxml.jackson.databind.node.BinaryNode) dataNode).binaryValue();
      if (data.length > StorageSpec.SEGMENT_BYTES) {
        throw ZgsErrors.invalidParams("data", "invalid data length");
      }
    } else {
      if (dataNode == null || !dataNode.isTextual()) {
        throw ZgsErrors.invalidParams("data", "data must be a base64 string");
      }
      if (dataNode.asText().length() > DATA_BASE64_MAX) {
        throw ZgsErrors.invalidParams("data", "invalid data length");
      }
      try {
        data = Base64.getDecoder().decode(dataNode.asText());
      } catch (IllegalArgumentException e) {
        throw ZgsErrors.invalidParams("data", "invalid base64: " + e.getMessage());
      }
    }
    long index = count(json.get("index"), "index");
    long fileSize = count(json.get("fileSize"), "file_size");
    JsonNode proof = json.get("proof");
    if (proof == null || !proof.isObject() || !proof.path("lemma").isArray()
        || !proof.path("path").isArray()) {
      throw ZgsErrors.invalidParams("proof", "proof must be {lemma: [hash], path: [bool]}");
    }
    if (proof.get("lemma").size() > MerkleProof.PATH_MAX + 2
        || proof.get("path").size() > MerkleProof.PATH_MAX) {
      throw ZgsErrors.invalidParams("proof", "invalid proof");
    }
    List<Hash> lemma = new ArrayList<>();
    for (JsonNode h : proof.get("lemma")) {
      lemma.add(hash(h, "proof"));
    }
    List<Boolean> path = new ArrayList<>();
    for (JsonNode b : proof.get("path")) {
      if (!b.isBoolean()) {
        throw ZgsErrors.invalidParams("proof", "path entries are booleans");
      }
      path.add(b.asBoolean());
    }
    MerkleProof parsed;
    try {
      parsed = new MerkleProof(lemma, path);
    } catch (IllegalArgumentException e) {
      throw ZgsErrors.invalidParams("proof", "invalid proof");
    }
    return new SegmentWithProof(root, data, index, parsed, fileSize);
  }

  /**
   * Reads one segment object from {@code parser} (on its opening brace) over {@code body}, the
   * bytes it parses, then checks it as {@link #parse}. {@code data} is decoded from base64 in
   * place in {@code body} (a base64 string has no escapes), with no String or char copy of it.
   * A JSON null gives null.
   */
  public static SegmentWithProof read(JsonParser parser, byte[] body) throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      return parse(parser.readValueAsTree());
    }
    ObjectNode json = NODES.objectNode();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("data".equals(name) && value == JsonToken.VALUE_STRING) {
        json.put("data", base64InPlace(parser, body));
      } else {
        json.set(name, parser.readValueAsTree());
      }
    }
    return parse(json);
  }

  /** The string token under {@code parser}, decoded from base64 where it lies in {@code body}. */
  private static byte[] base64InPlace(JsonParser parser, byte[] body) throws IOException {
    long quote = parser.currentTokenLocation().getByteOffset();
    if (quote >= 0 && quote < body.length && body[(int) quote] == '"') {
      int from = (int) quote + 1;
      int to = from;
      int limit = Math.min(body.length, from + DATA_BASE64_MAX + 1);
      while (to < limit && body[to] != '"' && body[to] != '\\') {
        to++;
      }
      if (to < limit && body[to] == '"') {
        try {
          // The parser skips the string itself on its next token.
          ByteBuffer out = Base64.getDecoder().decode(ByteBuffer.wrap(body, from, to - from));
          return out.remaining() == out.array().length ? out.array()
              : java.util.Arrays.copyOfRange(out.array(), out.position(), out.limit());
        } catch (IllegalArgumentException e) {
          throw ZgsErrors.invalidParams("data", "invalid base64: " + e.getMessage());
        }
      }
    }
    // Escapes or an overlong string: the parser's own decoder (and parse's limits) judge it.
    return parser.getBinaryValue(Base64Variants.MIME_NO_LINEFEEDS);
  }

  public ObjectNode toJson() {
    ObjectNode out = NODES.objectNode();
    out.put("root", root.toHex());
    // A binary node: Jackson writes it as standard padded base64 straight from the bytes,
    // the same text as Base64.getEncoder() without a 350 KB String escaped char by char.
    out.put("data", data);
    out.put("index", index);
    ObjectNode p = out.putObject("proof");
    var lemma = p.putArray("lemma");
    proof.lemma().forEach(h -> lemma.add(h.toHex()));
    var path = p.putArray("path");
    proof.path().forEach(path::add);
    out.put("fileSize", fileSize);
    return out;
  }

  static Hash hash(JsonNode node, String field) {
    if (node == null || !node.isTextual()) {
      throw ZgsErrors.invalidParams(field, "expected a 0x-prefixed 32-byte hash");
    }
    try {
      return Hash.fromHex(node.asText());
    } catch (IllegalArgumentException e) {
      throw ZgsErrors.invalidParams(field, "expected a 0x-prefixed 32-byte hash");
    }
  }

  /** A non-negative integer: a JSON number, or a decimal or 0x-hex string. */
  static long count(JsonNode node, String field) {
    if (node != null && node.isIntegralNumber() && node.canConvertToLong() && node.asLong() >= 0) {
      return node.asLong();
    }
    if (node != null && node.isTextual()) {
      String text = node.asText();
      try {
        long value = text.startsWith("0x") ? Long.parseLong(text.substring(2), 16)
            : Long.parseLong(text);
        if (value >= 0) {
          return value;
        }
      } catch (NumberFormatException e) {
        // falls through to the error below
      }
    }
    throw ZgsErrors.invalidParams(field, "expected a non-negative integer, got " + node);
  }
}
