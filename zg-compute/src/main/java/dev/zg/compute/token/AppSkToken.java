package dev.zg.compute.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.compute.ComputeException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A parsed {@code Authorization: Bearer app-sk-<base64(rawMessage "|" signature)>} session
 * token of the 0G compute SDK. {@code rawMessage} is kept as the exact bytes the user signed;
 * the fields are read from it without assuming key order.
 *
 * @param provider the provider address as written in the token (its case may vary)
 * @param tokenId 0..254 for persistent API keys, 255 for ephemeral tokens
 */
public record AppSkToken(
    Address address,
    String provider,
    long timestamp,
    long expiresAt,
    String nonce,
    BigInteger generation,
    int tokenId,
    byte[] rawMessage,
    byte[] signature) {

  public static final String PREFIX = "Bearer app-sk-";
  public static final int EPHEMERAL_TOKEN_ID = 255;
  /** A header longer than this is refused before decoding (real tokens are about 500 bytes). */
  public static final int HEADER_CHARS_MAX = 4096;

  private static final ObjectMapper JSON = new ObjectMapper();

  public boolean ephemeral() {
    return tokenId == EPHEMERAL_TOKEN_ID;
  }

  /**
   * Builds the header value the SDK sends: rawMessage with keys in the SDK's order, signed
   * with EIP-191 over keccak256(rawMessage). For zg's own client and for tests.
   */
  public static String mint(BigInteger userKey, String provider, long timestamp, long expiresAt,
      String nonce, long generation, int tokenId) {
    Address user = Address.fromPublicKey(dev.zg.common.Secp256k1.publicKey(userKey));
    String raw = "{\"address\":" + quote(user.toChecksumHex()) + ",\"provider\":" + quote(provider)
        + ",\"timestamp\":" + timestamp + ",\"expiresAt\":" + expiresAt + ",\"nonce\":"
        + quote(nonce) + ",\"generation\":" + generation + ",\"tokenId\":" + tokenId + "}";
    byte[] rawBytes = raw.getBytes(StandardCharsets.UTF_8);
    String signature = PersonalSign.sign(dev.zg.common.Keccak256.hash(rawBytes), userKey);
    String joined = raw + "|" + signature;
    return PREFIX + Base64.getEncoder().encodeToString(joined.getBytes(StandardCharsets.UTF_8));
  }

  private static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses an Authorization header value; every malformation is a 401 naming what is wrong. */
  public static AppSkToken parse(String header) {
    if (header == null || header.isEmpty()) {
      throw unauthorized("missing_token", "missing Authorization header (Bearer app-sk-...)");
    }
    if (header.length() > HEADER_CHARS_MAX) {
      throw unauthorized("malformed_token", "Authorization header longer than "
          + HEADER_CHARS_MAX + " characters");
    }
    if (!header.startsWith(PREFIX)) {
      throw unauthorized("malformed_token", "Authorization must be 'Bearer app-sk-<token>'");
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(header.substring(PREFIX.length()).trim());
    } catch (IllegalArgumentException e) {
      throw unauthorized("malformed_token", "the app-sk token is not valid base64");
    }
    int bar = indexOf(decoded, (byte) '|');
    if (bar < 0) {
      throw unauthorized("malformed_token", "the app-sk token has no '|' before the signature");
    }
    byte[] raw = java.util.Arrays.copyOfRange(decoded, 0, bar);
    String signatureText = new String(decoded, bar + 1, decoded.length - bar - 1,
        StandardCharsets.US_ASCII).trim();
    byte[] signature;
    try {
      signature = Hex.decode(signatureText);
    } catch (IllegalArgumentException e) {
      throw unauthorized("malformed_token", "the token signature is not hex");
    }
    if (signature.length != PersonalSign.SIGNATURE_BYTES) {
      throw unauthorized("malformed_token", "the token signature must be 65 bytes, got "
          + signature.length);
    }
    return fromJson(raw, signature);
  }

  private static AppSkToken fromJson(byte[] raw, byte[] signature) {
    JsonNode json;
    try {
      json = JSON.readTree(raw);
    } catch (IOException e) {
      throw unauthorized("malformed_token", "the token message is not JSON");
    }
    if (json == null || !json.isObject()) {
      throw unauthorized("malformed_token", "the token message is not a JSON object");
    }
    Address address;
    try {
      address = Address.fromHex(text(json, "address"));
    } catch (IllegalArgumentException e) {
      throw unauthorized("malformed_token", "token field 'address': " + e.getMessage());
    }
    String provider = text(json, "provider");
    long timestamp = number(json, "timestamp").longValueExact();
    long expiresAt = number(json, "expiresAt").longValueExact();
    String nonce = text(json, "nonce");
    BigInteger generation = number(json, "generation");
    BigInteger tokenId = number(json, "tokenId");
    if (tokenId.signum() < 0 || tokenId.compareTo(BigInteger.valueOf(255)) > 0) {
      throw unauthorized("malformed_token", "token field 'tokenId' must be 0..255");
    }
    if (timestamp < 0 || expiresAt < 0 || generation.signum() < 0) {
      throw unauthorized("malformed_token", "token times and generation must not be negative");
    }
    return new AppSkToken(address, provider, timestamp, expiresAt, nonce, generation,
        tokenId.intValue(), raw, signature);
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || !node.isTextual()) {
      throw unauthorized("malformed_token", "token field '" + field + "' must be a string");
    }
    return node.asText();
  }

  private static BigInteger number(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || !node.isIntegralNumber()) {
      throw unauthorized("malformed_token", "token field '" + field + "' must be an integer");
    }
    BigInteger value = node.bigIntegerValue();
    if (value.bitLength() > 63) {
      throw unauthorized("malformed_token", "token field '" + field + "' is out of range");
    }
    return value;
  }

  private static int indexOf(byte[] bytes, byte b) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  static ComputeException unauthorized(String code, String message) {
    return new ComputeException(401, code, message);
  }
}
