package dev.zg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zg.common.Address;
import dev.zg.common.Hex;
import dev.zg.common.Secp256k1;
import dev.zg.consensus.Timeouts;
import dev.zg.consensus.Validator;
import dev.zg.node.validator.ValidatorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The {@code validator} section of a node config file:
 *
 * <pre>
 * "validator": {
 *   "keyFile": "validator.key",              0x-hex secp256k1 private key
 *   "listen": "127.0.0.1:26656",             where peers connect
 *   "peers": ["0xADDRESS@127.0.0.1:26658"],  the other validators
 *   "validators": "../validators.json",      the genesis set: a file or an inline list of
 *                                            {"address": "0x...", "power": 10}
 *   "blockInterval": 0.5,                    seconds from one height's start to the next
 *   "timeouts": {"propose": 3, "proposeDelta": 0.5, "prevote": 1, "prevoteDelta": 0.5,
 *                "precommit": 1, "precommitDelta": 0.5, "rebroadcast": 1}   (seconds)
 * }
 * </pre>
 *
 * Relative paths are relative to the config file.
 */
final class ValidatorSection {
  private static final Set<String> FIELDS = Set.of("keyFile", "listen", "peers", "validators",
      "blockInterval", "timeouts");
  private static final Set<String> TIMEOUTS = Set.of("propose", "proposeDelta", "prevote",
      "prevoteDelta", "precommit", "precommitDelta", "rebroadcast");

  private ValidatorSection() {}

  /** The validator section of a node config file (already checked by the node's parser). */
  static ValidatorConfig fromConfigFile(Path file) {
    JsonNode json = readJson(file, "config " + file);
    return parse(json.get("validator"), file.toAbsolutePath().getParent(), file.toString());
  }

  /** The validator config of {@code section}, or null when the node is not a validator. */
  static ValidatorConfig parse(JsonNode section, Path base, String file) {
    if (section == null || section.isNull()) {
      return null;
    }
    String where = "config " + file + ": validator";
    if (!section.isObject()) {
      throw new UserError(where + " must be an object");
    }
    checkFields(section, FIELDS, where);
    try {
      Secp256k1.KeyPair key = readKey(base.resolve(required(section, "keyFile", where)), where);
      String[] listen = hostPort(section.path("listen").asText("127.0.0.1:26656"), where);
      List<ValidatorConfig.Peer> peers = new ArrayList<>();
      for (JsonNode p : section.path("peers")) {
        String text = p.asText();
        int at = text.indexOf('@');
        if (at < 0) {
          throw new UserError(where + ": a peer is ADDRESS@HOST:PORT, got '" + text + "'");
        }
        String[] hp = hostPort(text.substring(at + 1), where);
        peers.add(new ValidatorConfig.Peer(Address.fromHex(text.substring(0, at)), hp[0],
            Integer.parseInt(hp[1])));
      }
      JsonNode validatorsNode = section.path("validators");
      if (validatorsNode.isTextual()) {
        validatorsNode = readJson(base.resolve(validatorsNode.asText()), where).path("validators");
      }
      if (!validatorsNode.isArray() || validatorsNode.isEmpty()) {
        throw new UserError(where + ": validators must name a file or list the validators");
      }
      List<Validator> validators = new ArrayList<>();
      for (JsonNode v : validatorsNode) {
        long power = v.path("power").asLong(0);
        validators.add(new Validator(Address.fromHex(v.path("address").asText()), power));
      }
      Timeouts timeouts = timeouts(section.path("timeouts"), where);
      double interval = section.path("blockInterval").asDouble(0.5);
      return new ValidatorConfig(key, listen[0], Integer.parseInt(listen[1]), peers, validators,
          timeouts, Math.round(interval * 1000));
    } catch (IllegalArgumentException e) {
      throw new UserError(where + ": " + e.getMessage());
    }
  }

  private static Timeouts timeouts(JsonNode t, String where) {
    Timeouts d = Timeouts.DEFAULT;
    if (t.isMissingNode() || t.isNull()) {
      return d;
    }
    checkFields(t, TIMEOUTS, where + ".timeouts");
    return new Timeouts(ms(t, "propose", d.proposeBaseMillis()),
        ms(t, "proposeDelta", d.proposeDeltaMillis()), ms(t, "prevote", d.prevoteBaseMillis()),
        ms(t, "prevoteDelta", d.prevoteDeltaMillis()),
        ms(t, "precommit", d.precommitBaseMillis()),
        ms(t, "precommitDelta", d.precommitDeltaMillis()),
        ms(t, "rebroadcast", d.rebroadcastMillis()));
  }

  private static long ms(JsonNode t, String field, long fallbackMillis) {
    return t.has(field) ? Math.round(t.get(field).asDouble() * 1000) : fallbackMillis;
  }

  private static void checkFields(JsonNode node, Set<String> known, String where) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!known.contains(field)) {
        throw new UserError(where + ": unknown field '" + field + "' (known: "
            + String.join(", ", known.stream().sorted().toList()) + ")");
      }
    }
  }

  private static String required(JsonNode node, String field, String where) {
    if (!node.hasNonNull(field)) {
      throw new UserError(where + ": " + field + " is required");
    }
    return node.get(field).asText();
  }

  private static String[] hostPort(String text, String where) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new UserError(where + ": expected HOST:PORT, got '" + text + "'");
    }
    return new String[] {text.substring(0, colon), text.substring(colon + 1)};
  }

  /** Reads a key file: the 0x-hex private key on its first line. */
  static Secp256k1.KeyPair readKey(Path file, String where) {
    try {
      String text = Files.readString(file).strip();
      byte[] bytes = Hex.decode(text);
      if (bytes.length != 32) {
        throw new UserError(where + ": key file " + file + " must hold a 32-byte hex key");
      }
      return Secp256k1.KeyPair.fromPrivateKey(bytes);
    } catch (NoSuchFileException e) {
      throw new UserError(where + ": no such key file: " + file);
    } catch (IOException e) {
      throw new UserError(where + ": cannot read key file " + file + ": " + e.getMessage());
    }
  }

  private static JsonNode readJson(Path file, String where) {
    try {
      return new ObjectMapper().readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new UserError(where + ": no such file: " + file);
    } catch (IOException e) {
      throw new UserError(where + ": cannot read " + file + ": " + e.getMessage());
    }
  }
}
